import type { Knex } from "knex";

/**
 * 评价结果报市人民政府审定后，向各区人民政府通报 (《管理办法》第三部分 · 管理考核): one row per 通报 generated for an approved
 * year (who, when, under which 审定 reference, which districts), and each district's documents (XLSX table and PDF
 * letter) kept in the database so any server serves them and a district account downloads its own. Append-only:
 * a later 通报 of the same year is a new row; the latest one is in force.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table evaluation_notices (
      id bigserial primary key,
      year integer not null check (year between 2000 and 2100),
      job_id bigint,
      approval_reference text,
      approved_on date,
      districts jsonb not null,
      block_count integer not null,
      notified_at timestamptz not null default now(),
      notified_by text not null)`,
    `create index evaluation_notices_year on evaluation_notices (year, id)`,
    `create table evaluation_notice_files (
      notice_id bigint not null references evaluation_notices (id),
      district text not null,
      block_count integer not null,
      xlsx bytea not null,
      pdf bytea not null,
      primary key (notice_id, district))`,
    ...["evaluation_notices", "evaluation_notice_files"].map(
      (table) =>
        `create trigger ${table}_append_only before update or delete on ${table}
          for each row execute function forbid_history_change()`,
    ),
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("evaluation_notice_files");
  await knex.schema.dropTable("evaluation_notices");
}
