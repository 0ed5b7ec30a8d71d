import type { Knex } from "knex";

/**
 * 《管理办法》as written, part 1:
 * - park_official_areas: an official sub-park area with its approval reference (批复文号) and date, the divisor of
 *   区块面积占分园面积比例 where entered (append-only; the latest row of a park is in force);
 * - ecological_transitions.decided_on: when the transition was decided, so a transition recorded later does not
 *   exempt a block from a year evaluated before it (empty on older rows: their changed_at date is used);
 * - evaluation_runs: every flag run of a year with the settings it used (missing-data policy, 5% base, rounding).
 */
export async function up(knex: Knex): Promise<void> {
  const appendOnly = (table: string) =>
    `create trigger ${table}_append_only before update or delete on ${table}
      for each row execute function forbid_history_change()`;
  for (const statement of [
    `create table park_official_areas (
      id bigserial primary key,
      park_id integer not null references parks (id),
      area_km2 double precision not null check (area_km2 > 0),
      approval_reference text not null check (approval_reference <> ''),
      approved_on date not null,
      recorded_at timestamptz not null default now(),
      recorded_by text not null)`,
    "create index park_official_areas_park_idx on park_official_areas (park_id, id)",
    appendOnly("park_official_areas"),
    "alter table ecological_transitions add column decided_on date",
    `create table evaluation_runs (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      method text not null,
      settings jsonb not null,
      summary jsonb not null,
      run_at timestamptz not null default now(),
      run_by text not null)`,
    appendOnly("evaluation_runs"),
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("evaluation_runs");
  await knex.raw("alter table ecological_transitions drop column decided_on");
  await knex.schema.dropTable("park_official_areas");
}
