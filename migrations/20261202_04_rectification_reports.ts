import type { Knex } from "knex";

/**
 * 整改报告 (issue #18 item 1, "record rectification outcomes"): what a district reports on an open rectification
 * (the text, the date of the report, who reported) as staff record it. Append-only: a later report is a new row,
 * the earlier ones stay. A report decides nothing (DOMAIN.md §4.3: pass or fail comes from the next year's flag
 * run only).
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table rectification_reports (
      id bigserial primary key,
      rectification_id bigint not null references rectifications (id),
      report text not null check (length(report) between 1 and 4000),
      reported_on date not null,
      reporter text not null check (length(reporter) between 1 and 200),
      recorded_at timestamptz not null default now(),
      recorded_by text not null)`,
    `create index rectification_reports_record on rectification_reports (rectification_id, id)`,
    `create trigger rectification_reports_append_only before update or delete on rectification_reports
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("rectification_reports");
}
