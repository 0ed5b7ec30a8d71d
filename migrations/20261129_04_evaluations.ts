import type { Knex } from "knex";

/**
 * The yearly evaluation (DOMAIN.md §4.1–4.4): the evaluation config per year (weights, score method), indicator
 * values per block per year with the import they came from, the bottom-5% flags, and ecological transitions.
 * Every table is append-only (the database refuses UPDATE and DELETE): the value in force is the latest row,
 * so every earlier weight set, value and commitment stays visible.
 */

/** §4.1 base indicators (sum 100%) and bonus indicators, seeded as the weights in force from 2024 on. */
export const POLICY_WEIGHTS_PERCENT = {
  revenueAdded: 15, // 当年新增总收入
  outputPerLand: 15, // 地均产出
  outputPerEmployee: 10, // 人均产出
  techServiceRevenue: 15, // 科技服务业企业营业收入
  qualityEnterprises: 15, // 优质企业保有量
  techContractPerEmployee: 10, // 人均技术合同成交额
  rdIntensity: 10, // 企业研发投入强度
  newTechSmes: 10, // 当年登记入库的科技型及创新型中小企业数
  taxesPaid: 10, // 加分项：实缴税费
  newUnicorns: 10, // 加分项：新晋独角兽企业数
};
/** The year of the Measures (the drafting explanation is of 2024). */
const SEED_YEAR = 2024;

export async function up(knex: Knex): Promise<void> {
  const appendOnly = (table: string) =>
    `create trigger ${table}_append_only before update or delete on ${table}
      for each row execute function forbid_history_change()`;
  for (const statement of [
    `create table evaluation_configs (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      method text not null check (method in ('share-of-best', 'min-max')),
      weights_percent jsonb not null,
      recommendation_top_percent double precision not null
        check (recommendation_top_percent > 0 and recommendation_top_percent <= 100),
      exempt_transition_blocks boolean not null,
      changed_at timestamptz not null default now(),
      changed_by text not null)`,
    "create index evaluation_configs_year_idx on evaluation_configs (year, id)",
    appendOnly("evaluation_configs"),
    `create table evaluation_imports (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      source text not null check (source in ('json', 'csv', 'xlsx', 'demo')),
      file_name text,
      row_count integer not null,
      stored_count integer not null,
      imported_at timestamptz not null default now(),
      imported_by text not null)`,
    appendOnly("evaluation_imports"),
    `create table evaluation_indicator_values (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      block_id integer not null references blocks (id),
      inputs jsonb not null,
      import_id bigint not null references evaluation_imports (id),
      recorded_at timestamptz not null default now(),
      recorded_by text not null)`,
    "create index evaluation_indicator_values_year_idx on evaluation_indicator_values (year, block_id, id)",
    appendOnly("evaluation_indicator_values"),
    `create table evaluation_flags (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      block_id integer not null references blocks (id),
      category char(1) not null check (category in ('A', 'B')),
      rank integer,
      score double precision,
      method text not null,
      outcome text not null check (outcome in ('rectify', 'exit-decision', 'rectification-passed')),
      exit_decision jsonb,
      flagged_at timestamptz not null default now(),
      flagged_by text not null,
      unique (year, block_id))`,
    appendOnly("evaluation_flags"),
    `create table ecological_transitions (
      id bigserial primary key,
      block_id integer not null references blocks (id),
      version integer not null,
      recognized_on date not null,
      ends_on date not null,
      commitments jsonb not null,
      note text not null default '',
      changed_at timestamptz not null default now(),
      changed_by text not null,
      unique (block_id, version),
      check (ends_on > recognized_on),
      check (ends_on <= recognized_on + interval '5 years'))`,
    appendOnly("ecological_transitions"),
  ]) {
    await knex.raw(statement);
  }
  await knex("evaluation_configs").insert({
    year: SEED_YEAR,
    method: "share-of-best",
    weights_percent: JSON.stringify(POLICY_WEIGHTS_PERCENT),
    recommendation_top_percent: 20,
    exempt_transition_blocks: true,
    changed_by: "migration: DOMAIN.md §4.1 table",
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "ecological_transitions",
    "evaluation_flags",
    "evaluation_indicator_values",
    "evaluation_imports",
    "evaluation_configs",
  ]) {
    await knex.schema.dropTable(table);
  }
}
