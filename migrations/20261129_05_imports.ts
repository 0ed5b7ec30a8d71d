import type { Knex } from "knex";

/**
 * Import previews (issue 7): what an upload would create, kept until the user commits it (or for a day).
 * A committed preview stays as the record of which blocks an import created.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table import_previews (
      id text primary key,
      status text not null check (status in ('pending', 'committed')),
      file_name text not null,
      format text not null,
      report jsonb not null,
      features jsonb not null,
      created_at timestamptz not null default now(),
      created_by text not null,
      committed_at timestamptz,
      committed_by text,
      block_ids jsonb
      )`,
    `create index import_previews_created_idx on import_previews (created_at)`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("import_previews");
}
