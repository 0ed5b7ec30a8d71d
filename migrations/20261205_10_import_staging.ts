import type { Knex } from "knex";

/**
 * A staged import commit on the embedded database (issue #14: on PGlite's one connection no step holds it for
 * more than ~50 ms). Literal DDL (4490 = CGCS2000 lon/lat, 3857 = Web Mercator), so later code changes never
 * change what this migration did.
 * - `import_stagings`: one row per commit being staged (its import, when it started, the zones' data version
 *   then). `import_staged_blocks`: the blocks to be, with their ids drawn from blocks' sequence; the row trigger
 *   of blocks (`blocks_tile_geometry`, the same function) fills the tile columns here. `import_staged_layer_overlaps`
 *   / `import_staged_pair_overlaps`: what `derive_block_overlaps` would write for them, computed chunk by chunk.
 *   No read of the application looks at these tables: a staged block is not a block until it is published.
 * - `import_staging_touched`: the blocks written (inserted, or their geometry changed) while a staging is open,
 *   per staging, so its publish re-derives their pairs with the staged blocks (its own publish is not recorded
 *   for itself: the setting `app.staged_import` names the staging being published).
 * - The publish is ONE insert into blocks with `app.staged_import` set: then `blocks_tile_geometry` keeps the
 *   staged tile columns and `blocks_inserted` does not re-derive overlaps (the staged rows are copied in the same
 *   transaction); the other triggers (park unions, Zhongguancun generation, change events, data version) run.
 */
const STAGED = "nullif(current_setting('app.staged_import', true), '')";

const STATEMENTS = [
  `create table import_stagings (
    id text primary key,
    import_id text not null,
    started_at timestamptz not null default clock_timestamp(),
    zones_version bigint not null)`,
  `create table import_staged_blocks (
    id integer primary key,
    staging_id text not null references import_stagings (id) on delete cascade,
    position integer not null,
    code text,
    name text not null,
    park_id integer not null,
    level text not null,
    status text not null,
    attributes jsonb not null default '{}',
    geom geometry(MultiPolygon, 4490) not null,
    area_m2 double precision not null,
    geom_mercator geometry(MultiPolygon, 3857),
    label_point geometry(Point, 4490),
    label_point_mercator geometry(Point, 3857),
    label_min_zoom smallint not null default 0)`,
  "create index import_staged_blocks_staging_idx on import_staged_blocks (staging_id, position)",
  "create index import_staged_blocks_geom_gix on import_staged_blocks using gist (geom)",
  `create trigger import_staged_blocks_tile_geometry before insert on import_staged_blocks
    for each row execute function blocks_tile_geometry()`,
  `create table import_staged_layer_overlaps (
    staging_id text not null references import_stagings (id) on delete cascade,
    block_id integer not null,
    layer text not null,
    overlap_m2 double precision not null,
    primary key (staging_id, block_id, layer))`,
  `create table import_staged_pair_overlaps (
    staging_id text not null references import_stagings (id) on delete cascade,
    block_id integer not null,
    other_id integer not null,
    overlap_m2 double precision not null,
    primary key (staging_id, block_id, other_id))`,
  `create table import_staging_touched (
    staging_id text not null references import_stagings (id) on delete cascade,
    block_id integer not null,
    primary key (staging_id, block_id))`,
  // The tile columns: as before, unless a publish brings them staged (computed by this same function).
  `create or replace function blocks_tile_geometry() returns trigger language plpgsql as $$
    declare width_deg double precision := ST_XMax(new.geom) - ST_XMin(new.geom);
    begin
      if TG_TABLE_NAME = 'blocks' and ${STAGED} is not null and new.geom_mercator is not null then
        return new;
      end if;
      new.geom_mercator := ST_Transform(new.geom, 3857);
      new.label_point_mercator := (ST_MaximumInscribedCircle(new.geom_mercator)).center;
      new.label_point := ST_Transform(new.label_point_mercator, 4490);
      new.label_min_zoom := case when width_deg > 0
        then greatest(0, floor(log(2.0, (64 * 360 / (512 * width_deg))::numeric)))::smallint else 0 end;
      return new;
    end;
    $$`,
  `create or replace function blocks_inserted() returns trigger language plpgsql as $$
    begin
      if ${STAGED} is null then
        perform derive_block_overlaps(array(select id from new_rows));
      end if;
      if exists (select 1 from new_rows where level = 'national') then
        update kept_layers set generation = generation + 1 where id = 'zgc';
      end if;
      return null;
    end;
    $$`,
  `create function import_staging_inserted() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from import_stagings) then
        insert into import_staging_touched (staging_id, block_id)
          select s.id, n.id from import_stagings s cross join new_rows n
           where s.id is distinct from ${STAGED}
          on conflict do nothing;
      end if;
      return null;
    end;
    $$`,
  `create function import_staging_updated() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from import_stagings) then
        insert into import_staging_touched (staging_id, block_id)
          select s.id, n.id from import_stagings s
           cross join new_rows n join old_rows o on o.id = n.id
           where ST_AsBinary(o.geom) <> ST_AsBinary(n.geom)
          on conflict do nothing;
      end if;
      return null;
    end;
    $$`,
  `create trigger blocks_import_staging_on_insert after insert on blocks referencing new table as new_rows
    for each statement execute function import_staging_inserted()`,
  `create trigger blocks_import_staging_on_update after update on blocks referencing old table as old_rows
    new table as new_rows for each statement execute function import_staging_updated()`,
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop trigger blocks_import_staging_on_update on blocks",
    "drop trigger blocks_import_staging_on_insert on blocks",
    "drop function import_staging_updated()",
    "drop function import_staging_inserted()",
    `create or replace function blocks_inserted() returns trigger language plpgsql as $$
      begin
        perform derive_block_overlaps(array(select id from new_rows));
        if exists (select 1 from new_rows where level = 'national') then
          update kept_layers set generation = generation + 1 where id = 'zgc';
        end if;
        return null;
      end;
      $$`,
    `create or replace function blocks_tile_geometry() returns trigger language plpgsql as $$
      declare width_deg double precision := ST_XMax(new.geom) - ST_XMin(new.geom);
      begin
        new.geom_mercator := ST_Transform(new.geom, 3857);
        new.label_point_mercator := (ST_MaximumInscribedCircle(new.geom_mercator)).center;
        new.label_point := ST_Transform(new.label_point_mercator, 4490);
        new.label_min_zoom := case when width_deg > 0
          then greatest(0, floor(log(2.0, (64 * 360 / (512 * width_deg))::numeric)))::smallint else 0 end;
        return new;
      end;
      $$`,
    "drop table import_staging_touched",
    "drop table import_staged_pair_overlaps",
    "drop table import_staged_layer_overlaps",
    "drop table import_staged_blocks",
    "drop table import_stagings",
  ]) {
    await knex.raw(statement);
  }
}
