import type { Knex } from "knex";

/**
 * History links between block versions (issue #18 item 8): a split, a merge or a restore writes new versions
 * whose history points at each other both ways. One row joins two versions of the same operation:
 * - `split`:   from = the split block's new version, to = a new block's first version (split off from it);
 * - `merge`:   from = the merged-away block's ending version, to = the surviving block's new version;
 * - `restore`: from = the earlier version restored, to = the new version that restores it.
 * Rows are written in the operation's transaction and never changed (like block_versions).
 */
const STATEMENTS = [
  `create table block_links (
    id bigserial primary key,
    kind text not null check (kind in ('split', 'merge', 'restore')),
    from_block_id integer not null,
    from_version integer not null,
    to_block_id integer not null,
    to_version integer not null,
    created_at timestamptz not null default now(),
    foreign key (from_block_id, from_version) references block_versions (block_id, version),
    foreign key (to_block_id, to_version) references block_versions (block_id, version))`,
  "create index block_links_from on block_links (from_block_id)",
  "create index block_links_to on block_links (to_block_id)",
  `create function forbid_block_link_change() returns trigger language plpgsql as $$
    begin
      raise exception 'block_links is append-only';
    end;
    $$`,
  `create trigger block_links_append_only before update or delete on block_links
    for each row execute function forbid_block_link_change()`,
];

export async function up(knex: Knex): Promise<void> {
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("drop table block_links");
  await knex.raw("drop function forbid_block_link_change()");
}
