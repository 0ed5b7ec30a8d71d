import type { Knex } from "knex";

/**
 * Jobs for issue #14 (extends the `jobs` table of migration 07):
 * - `owner_account_id`: whose job it is (the recent-jobs list, the running-jobs limit per account);
 * - `worker`, `heartbeat_at`: which server process runs it and when it last said so (a job whose worker has
 *   stopped beating is found by the next sweep and resumed or failed with the reason, `interrupted`);
 * - `file`, `file_name`, `content_type`, `file_bytes`: a result file kept in the database (any server can send
 *   it) until `expires_at`, then cleared by the cleanup sweep (`expired_at` records when);
 * - claiming (`for update skip locked`) reads the queue by `(state, id)`.
 */
const STATEMENTS = [
  "alter table jobs add column owner_account_id integer references accounts (id) on delete set null",
  "alter table jobs add column worker text",
  "alter table jobs add column heartbeat_at timestamptz",
  "alter table jobs add column file bytea",
  "alter table jobs add column file_name text",
  "alter table jobs add column content_type text",
  "alter table jobs add column file_bytes integer",
  "alter table jobs add column expires_at timestamptz",
  "alter table jobs add column expired_at timestamptz",
  "alter table jobs add column interrupted text",
  "create index jobs_state_id_idx on jobs (state, id)",
  "create index jobs_owner_idx on jobs (owner_account_id, id desc)",
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop index jobs_owner_idx",
    "drop index jobs_state_id_idx",
    ...[
      "interrupted",
      "expired_at",
      "expires_at",
      "file_bytes",
      "content_type",
      "file_name",
      "file",
      "heartbeat_at",
      "worker",
      "owner_account_id",
    ].map((column) => `alter table jobs drop column ${column}`),
  ]) {
    await knex.raw(statement);
  }
}
