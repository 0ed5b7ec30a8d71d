import type { Knex } from "knex";

/**
 * Live updates (issue #18 item 4): `change_events`, one row per change another open page should learn of — a
 * block written (inserted or updated: every write of the API, an import, a flag run, an applied proposal), a
 * job finished (succeeded, failed, cancelled), a setting changed. Triggers write the rows in the writing
 * transaction, so a change is announced exactly when it commits and whichever server made it: every server
 * reads the table (GET /api/events polls it), so two servers behind one database both announce it.
 * Rows older than a day are pruned by the readers.
 */
const STATEMENTS = [
  `create table change_events (
    id bigserial primary key,
    kind text not null check (kind in ('block', 'job', 'setting')),
    entity_id text not null,
    version integer,
    state text,
    actor text,
    at timestamptz not null default now())`,
  `create function change_events_blocks() returns trigger language plpgsql as $$
    begin
      insert into change_events (kind, entity_id, version, state, actor)
        select 'block', id::text, version, status, updated_by from new_rows order by id;
      return null;
    end;
    $$`,
  `create trigger blocks_change_events_on_insert after insert on blocks referencing new table as new_rows
    for each statement execute function change_events_blocks()`,
  `create trigger blocks_change_events_on_update after update on blocks referencing new table as new_rows
    for each statement execute function change_events_blocks()`,
  `create function change_events_job() returns trigger language plpgsql as $$
    begin
      insert into change_events (kind, entity_id, state, actor) values ('job', new.id::text, new.state, new.owner);
      return null;
    end;
    $$`,
  `create trigger jobs_change_events after update of state on jobs for each row
    when (old.state is distinct from new.state and new.state in ('succeeded', 'failed', 'cancelled'))
    execute function change_events_job()`,
  `create function change_events_setting() returns trigger language plpgsql as $$
    begin
      insert into change_events (kind, entity_id, actor) values ('setting', new.key, new.updated_by);
      return null;
    end;
    $$`,
  `create trigger settings_change_events after insert or update on settings for each row
    execute function change_events_setting()`,
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop trigger settings_change_events on settings",
    "drop function change_events_setting()",
    "drop trigger jobs_change_events on jobs",
    "drop function change_events_job()",
    "drop trigger blocks_change_events_on_update on blocks",
    "drop trigger blocks_change_events_on_insert on blocks",
    "drop function change_events_blocks()",
    "drop table change_events",
  ]) {
    await knex.raw(statement);
  }
}
