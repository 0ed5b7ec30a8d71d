import type { Knex } from "knex";

/**
 * 评价结果报市人民政府审定 (《管理办法》第三部分 · 管理考核): one row per step of a year's evaluation
 * (server/domain/evaluation-approval.ts) — 报审 keeps the frozen snapshot (data, weights, settings, ranking as
 * submitted), 审定 the approval's reference (文号) and date, 退回 the reason. Append-only: the latest row of a
 * year is its state; a year without a row is 草稿.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table evaluation_year_states (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      state text not null check (state in ('draft', 'submitted', 'approved')),
      action text not null check (action in ('submit', 'approve', 'return')),
      snapshot jsonb,
      reference text,
      approved_on date,
      reason text,
      acted_at timestamptz not null default now(),
      acted_by text not null)`,
    `create index evaluation_year_states_year on evaluation_year_states (year, id)`,
    `create trigger evaluation_year_states_append_only before update or delete on evaluation_year_states
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("evaluation_year_states");
}
