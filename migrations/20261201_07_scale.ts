import type { Knex } from "knex";

/**
 * Beijing scale (issue #16). Literal DDL (4490 = CGCS2000 lon/lat, the storage SRID; ended statuses exited and
 * withdrawn), so later code changes never change what this migration did.
 * - `data_versions`: a counter per table, bumped in the writing transaction by statement triggers: the tile data
 *   version is one row read, and readers see a new number only once the write is committed.
 * - `block_layer_overlaps` / `block_pair_overlaps`: each block's overlap with every zone layer (dissolved within
 *   the layer, as QGIS `native:calculatevectoroverlaps` reports it) and with every other block, re-derived by
 *   statement triggers in the write that changes a block's or a zone's geometry. Rows cover all blocks; which
 *   statuses count is decided when the rows are read.
 * - `kept_layers`: the Zhongguancun union; a write to a national block bumps its generation, and the next reader
 *   rebuilds it once (not per request).
 * - `jobs`: durable background work (state, progress, result) for the overlap report and later job kinds.
 */
const STATEMENTS = [
  "create table data_versions (name text primary key, version bigint not null default 0)",
  "insert into data_versions (name) values ('blocks'), ('zones')",
  `create function bump_data_version() returns trigger language plpgsql as $$
    begin
      update data_versions set version = version + 1 where name = TG_ARGV[0];
      return null;
    end;
    $$`,
  `create trigger blocks_bump_version after insert or update or delete on blocks
    for each statement execute function bump_data_version('blocks')`,
  `create trigger zones_bump_version after insert or update or delete on zones
    for each statement execute function bump_data_version('zones')`,

  `create table block_layer_overlaps (
    block_id integer not null references blocks (id) on delete cascade,
    layer text not null,
    overlap_m2 double precision not null,
    primary key (block_id, layer))`,
  `create table block_pair_overlaps (
    block_id integer not null references blocks (id) on delete cascade,
    other_id integer not null references blocks (id) on delete cascade,
    overlap_m2 double precision not null,
    primary key (block_id, other_id))`,
  "create index block_pair_overlaps_other_idx on block_pair_overlaps (other_id)",
  // Overlaps under 0.01 m² are boundary contact (floating-point residue), as in the analysis.
  `create function derive_block_overlaps(ids integer[]) returns void language plpgsql as $$
    begin
      delete from block_layer_overlaps where block_id = any(ids);
      delete from block_pair_overlaps where block_id = any(ids) or other_id = any(ids);
      insert into block_layer_overlaps (block_id, layer, overlap_m2)
        select id, layer, overlap_m2 from (
          select b.id, z.kind as layer,
                 case when bool_or(ST_CoveredBy(b.geom, p.geom)) then ST_Area(b.geom::geography)
                      else ST_Area(ST_Union(ST_Intersection(b.geom, p.geom))::geography) end as overlap_m2
            from blocks b
            join zone_parts p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
            join zones z on z.id = p.zone_id
           where b.id = any(ids)
           group by b.id, b.geom, z.kind) d
         where overlap_m2 > 0.01;
      insert into block_pair_overlaps (block_id, other_id, overlap_m2)
        with pairs as (
          select b.id as block_id, o.id as other_id, ST_Area(ST_Intersection(b.geom, o.geom)::geography) as overlap_m2
            from blocks b join blocks o on o.geom && b.geom and o.id <> b.id and ST_Intersects(o.geom, b.geom)
           where b.id = any(ids))
        select block_id, other_id, overlap_m2 from pairs where overlap_m2 > 0.01
        union all
        select other_id, block_id, overlap_m2 from pairs where overlap_m2 > 0.01 and not other_id = any(ids);
    end;
    $$`,
  `create function blocks_inserted() returns trigger language plpgsql as $$
    begin
      perform derive_block_overlaps(array(select id from new_rows));
      if exists (select 1 from new_rows where level = 'national') then
        update kept_layers set generation = generation + 1 where id = 'zgc';
      end if;
      return null;
    end;
    $$`,
  `create function blocks_updated() returns trigger language plpgsql as $$
    begin
      perform derive_block_overlaps(array(
        select n.id from new_rows n join old_rows o on o.id = n.id where ST_AsBinary(o.geom) <> ST_AsBinary(n.geom)));
      if exists (select 1 from new_rows n join old_rows o on o.id = n.id
                  where (n.level = 'national' or o.level = 'national')
                    and (n.level <> o.level or n.status <> o.status or ST_AsBinary(o.geom) <> ST_AsBinary(n.geom))) then
        update kept_layers set generation = generation + 1 where id = 'zgc';
      end if;
      return null;
    end;
    $$`,
  `create function blocks_deleted() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from old_rows where level = 'national') then
        update kept_layers set generation = generation + 1 where id = 'zgc';
      end if;
      return null;
    end;
    $$`,
  `create trigger blocks_derive_on_insert after insert on blocks referencing new table as new_rows
    for each statement execute function blocks_inserted()`,
  `create trigger blocks_derive_on_update after update on blocks referencing old table as old_rows
    new table as new_rows for each statement execute function blocks_updated()`,
  `create trigger blocks_derive_on_delete after delete on blocks referencing old table as old_rows
    for each statement execute function blocks_deleted()`,
  // A zone's geometry change re-derives the blocks it touched before or touches now (zone_parts are synced by
  // their row trigger, which runs before these statement triggers).
  `create function zones_changed() returns trigger language plpgsql as $$
    begin
      perform derive_block_overlaps(array(
        select distinct b.id from blocks b
          join (select geom from new_rows union all select geom from old_rows) z
            on b.geom && z.geom and ST_Intersects(b.geom, z.geom)));
      return null;
    end;
    $$`,
  `create function zones_inserted() returns trigger language plpgsql as $$
    begin
      perform derive_block_overlaps(array(
        select distinct b.id from blocks b join new_rows z on b.geom && z.geom and ST_Intersects(b.geom, z.geom)));
      return null;
    end;
    $$`,
  `create trigger zones_derive_on_insert after insert on zones referencing new table as new_rows
    for each statement execute function zones_inserted()`,
  `create trigger zones_derive_on_update after update on zones referencing old table as old_rows
    new table as new_rows for each statement execute function zones_changed()`,
  `create function zones_deleted() returns trigger language plpgsql as $$
    begin
      perform derive_block_overlaps(array(
        select distinct b.id from blocks b join old_rows z on b.geom && z.geom and ST_Intersects(b.geom, z.geom)));
      return null;
    end;
    $$`,
  `create trigger zones_derive_on_delete after delete on zones referencing old table as old_rows
    for each statement execute function zones_deleted()`,

  `create table kept_layers (
    id text primary key,
    geom geometry(MultiPolygon, 4490),
    geojson text,
    area_m2 double precision not null default 0,
    generation bigint not null default 1,
    built_generation bigint not null default 0)`,
  "insert into kept_layers (id) values ('zgc')",

  `create table jobs (
    id bigserial primary key,
    kind text not null,
    owner text not null,
    params jsonb not null default '{}',
    state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress_done integer not null default 0,
    progress_total integer not null default 0,
    stage text not null default '',
    result jsonb,
    error text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz not null default now())`,
  "create index jobs_kind_state_idx on jobs (kind, state)",
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
  await knex.raw("select derive_block_overlaps(array(select id from blocks))");
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop table jobs",
    "drop trigger zones_derive_on_delete on zones",
    "drop trigger zones_derive_on_update on zones",
    "drop trigger zones_derive_on_insert on zones",
    "drop function zones_deleted()",
    "drop function zones_inserted()",
    "drop function zones_changed()",
    "drop trigger blocks_derive_on_delete on blocks",
    "drop trigger blocks_derive_on_update on blocks",
    "drop trigger blocks_derive_on_insert on blocks",
    "drop function blocks_deleted()",
    "drop function blocks_updated()",
    "drop function blocks_inserted()",
    "drop function derive_block_overlaps(integer[])",
    "drop table kept_layers",
    "drop table block_pair_overlaps",
    "drop table block_layer_overlaps",
    "drop trigger zones_bump_version on zones",
    "drop trigger blocks_bump_version on blocks",
    "drop function bump_data_version()",
    "drop table data_versions",
  ]) {
    await knex.raw(statement);
  }
}
