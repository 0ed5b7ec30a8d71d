import type { Knex } from "knex";

/**
 * Uploads waiting for their import-preview job (issue #14 item 1): the file's bytes and the reading options kept
 * in the database, not in a local temp folder, so whichever server claims the job can read them. The job deletes
 * the row in the transaction that stores the preview; rows older than a day are dropped when a new one is kept.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create table import_uploads (
      id bigserial primary key,
      file_name text not null,
      data bytea not null,
      options jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now())`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("import_uploads");
}
