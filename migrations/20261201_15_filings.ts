import type { Knex } from "knex";

/**
 * 《中国开发区审核公告目录》 (《管理办法》第三部分 · 动态调整: 属于目录范围内的区块，同步报有关国家部委备案，不再纳入开发区目录范围):
 * - `block_catalogue_entries`: whether a block is in the catalogue, under which catalogue zone (name, code);
 *   append-only, the latest row of a block is in force.
 * - `filings`: a 备案 record, written in the transaction of the exit or reduction of a catalogue block: what
 *   changed (the removed and the new area), the decision it follows (the action's reason), the block versions
 *   before and after; `filed_on` and `ministry_reference` are filled in later (every change audited).
 * - `recommendation_revisions`: 优先推荐纳入国家高新区 — the list of recommended blocks frozen with a catalogue
 *   revision (name, date); append-only.
 */
export async function up(knex: Knex): Promise<void> {
  for (const statement of [
    `create table block_catalogue_entries (
      id bigserial primary key,
      block_id integer not null references blocks (id),
      in_catalogue boolean not null,
      zone_name text,
      zone_code text,
      changed_at timestamptz not null default now(),
      changed_by text not null)`,
    `create index block_catalogue_entries_block on block_catalogue_entries (block_id, id)`,
    `create trigger block_catalogue_entries_append_only before update or delete on block_catalogue_entries
      for each row execute function forbid_history_change()`,
    `create table filings (
      id bigserial primary key,
      block_id integer not null references blocks (id),
      change text not null check (change in ('exit', 'reduce')),
      decision text,
      zone_name text,
      zone_code text,
      version_before integer not null,
      version_after integer not null,
      area_before_m2 double precision not null,
      area_after_m2 double precision not null,
      removed_geom geometry(MultiPolygon, 4490),
      kept_geom geometry(MultiPolygon, 4490),
      filed_on date,
      ministry_reference text,
      created_at timestamptz not null default now(),
      created_by text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null)`,
    `create index filings_block on filings (block_id)`,
    `create table recommendation_revisions (
      id bigserial primary key,
      name text not null,
      revised_on date not null,
      year integer not null check (year between 2000 and 2100),
      recommended jsonb not null,
      created_at timestamptz not null default now(),
      created_by text not null)`,
    `create trigger recommendation_revisions_append_only before update or delete on recommendation_revisions
      for each row execute function forbid_history_change()`,
  ]) {
    await knex.raw(statement);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ["recommendation_revisions", "filings", "block_catalogue_entries"]) {
    await knex.schema.dropTable(table);
  }
}
