import type { Knex } from "knex";

/** Policy settings (server/domain/settings.ts) with an append-only history of every change. */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by text not null)`,
    `create table settings_versions (
      id bigserial primary key,
      key text not null,
      value jsonb not null,
      changed_at timestamptz not null default now(),
      changed_by text not null)`,
    `create trigger settings_versions_append_only before update or delete on settings_versions
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("settings_versions");
  await knex.schema.dropTable("settings");
}
