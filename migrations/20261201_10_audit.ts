import type { Knex } from "knex";

/**
 * The audit trail (issue #11, GB/T 39972-2021 自动强制留痕): one row per mutation through the API, written in the
 * mutation's own transaction. Append-only in the database itself (UPDATE, DELETE and TRUNCATE are refused by
 * triggers), and a hash chain: each row stores the previous row's hash and the sha256 of its own content with it,
 * computed by the app (server/domain/audit-chain.ts) so PGlite and PostgreSQL hash alike (no pgcrypto needed).
 * Ids come from the sequence while the appender holds the chain lock, so id order is chain order.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table audit_events (
      id bigint primary key,
      at timestamptz not null,
      account_id text,
      actor_name text not null,
      roles jsonb not null default '[]',
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text,
      client_address text,
      prev_hash text not null,
      hash text not null unique
      )`,
    `create sequence audit_events_id_seq owned by audit_events.id`,
    `create index audit_events_entity_idx on audit_events (entity, entity_id)`,
    `create index audit_events_at_idx on audit_events (at)`,
    `create index audit_events_actor_idx on audit_events (actor_name)`,
    `create function forbid_audit_change() returns trigger language plpgsql as $$
      begin
      raise exception 'audit_events is append-only';
      end;
      $$`,
    `create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function forbid_audit_change()`,
    `create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function forbid_audit_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("audit_events");
  await knex.raw("drop function forbid_audit_change()");
}
