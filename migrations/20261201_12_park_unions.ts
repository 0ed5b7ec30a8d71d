import type { Knex } from "knex";

/**
 * Each sub-park's union of its blocks in force (issue #16), the divisor of 区块面积占分园面积比例 under the
 * `in-force-union` basis. Literal DDL (4490 = CGCS2000 lon/lat; in force = recognized, rectifying, reduced), so
 * later code changes never change what this migration did.
 * Kept like the Zhongguancun union (migration 07): a block write that changes what a park's union covers (a
 * block in force before or after it, whose park, status or geometry changed) bumps that park's generation in the
 * writing transaction, and the next reader rebuilds the union once; every other read is one row.
 */
const IN_FORCE = "('recognized', 'rectifying', 'reduced')";

const STATEMENTS = [
  `create table park_unions (
    park_id integer primary key references parks (id) on delete cascade,
    geom geometry(MultiPolygon, 4490),
    area_m2 double precision not null default 0,
    generation bigint not null default 1,
    built_generation bigint not null default 0)`,
  "insert into park_unions (park_id) select id from parks",
  `create function bump_park_unions(ids integer[]) returns void language sql as $$
    insert into park_unions (park_id) select distinct unnest(ids)
      on conflict (park_id) do update set generation = park_unions.generation + 1
    $$`,
  `create function blocks_park_unions_inserted() returns trigger language plpgsql as $$
    begin
      perform bump_park_unions(array(select park_id from new_rows where status in ${IN_FORCE}));
      return null;
    end;
    $$`,
  `create function blocks_park_unions_updated() returns trigger language plpgsql as $$
    begin
      perform bump_park_unions(array(
        select unnest(array[o.park_id, n.park_id]) from old_rows o join new_rows n on n.id = o.id
         where (o.status in ${IN_FORCE} or n.status in ${IN_FORCE})
           and (o.park_id <> n.park_id or o.status <> n.status or ST_AsBinary(o.geom) <> ST_AsBinary(n.geom))));
      return null;
    end;
    $$`,
  `create function blocks_park_unions_deleted() returns trigger language plpgsql as $$
    begin
      perform bump_park_unions(array(select park_id from old_rows where status in ${IN_FORCE}));
      return null;
    end;
    $$`,
  `create trigger blocks_park_unions_on_insert after insert on blocks referencing new table as new_rows
    for each statement execute function blocks_park_unions_inserted()`,
  `create trigger blocks_park_unions_on_update after update on blocks referencing old table as old_rows
    new table as new_rows for each statement execute function blocks_park_unions_updated()`,
  `create trigger blocks_park_unions_on_delete after delete on blocks referencing old table as old_rows
    for each statement execute function blocks_park_unions_deleted()`,
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop trigger blocks_park_unions_on_delete on blocks",
    "drop trigger blocks_park_unions_on_update on blocks",
    "drop trigger blocks_park_unions_on_insert on blocks",
    "drop function blocks_park_unions_deleted()",
    "drop function blocks_park_unions_updated()",
    "drop function blocks_park_unions_inserted()",
    "drop function bump_park_unions(integer[])",
    "drop table park_unions",
  ]) {
    await knex.raw(statement);
  }
}
