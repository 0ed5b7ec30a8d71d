import type { Knex } from "knex";

/**
 * The rectification chain (《管理办法》第三部分 · 动态调整, server/domain/rectification.ts): one record per order
 * (block, the year it was ordered in, the ranking that ordered it, the settings used) and at most one outcome
 * per record (the year that judged it, passed or failed, and for a failure the 淘汰方式 decision). Both
 * append-only: an outcome is never changed or released.
 */
export async function up(knex: Knex): Promise<void> {
  const appendOnly = (table: string) =>
    `create trigger ${table}_append_only before update or delete on ${table}
      for each row execute function forbid_history_change()`;
  for (const statement of [
    `create table rectifications (
      id bigserial primary key,
      block_id integer not null references blocks (id),
      ordered_year integer not null check (ordered_year between 2000 and 2100),
      category char(1) not null check (category in ('A', 'B')),
      rank integer,
      score double precision,
      method text not null,
      settings jsonb not null,
      ordered_at timestamptz not null default now(),
      ordered_by text not null,
      unique (block_id, ordered_year))`,
    appendOnly("rectifications"),
    `create table rectification_outcomes (
      id bigserial primary key,
      rectification_id bigint not null unique references rectifications (id),
      judged_year integer not null check (judged_year between 2000 and 2100),
      outcome text not null check (outcome in ('passed', 'failed')),
      rank integer,
      score double precision,
      exit_decision jsonb,
      judged_at timestamptz not null default now(),
      judged_by text not null)`,
    appendOnly("rectification_outcomes"),
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("rectification_outcomes");
  await knex.schema.dropTable("rectifications");
}
