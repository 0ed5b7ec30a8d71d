import type { Knex } from "knex";

/**
 * What the vector tiles are made from, kept on write (issue #16 item 4, issue #18 item 5). Literal DDL (4490 =
 * CGCS2000 lon/lat, the storage SRID; 3857 = Web Mercator, the tiles' frame), so later code changes never
 * change what this migration did.
 * - `geom_mercator` on blocks and zones: a Web-Mercator copy of the geometry, set by a row trigger whenever the
 *   geometry is written, so a tile clips and encodes it without transforming every geometry per request.
 * - `label_point` / `label_min_zoom` on blocks: where a block's name is drawn (the centre of its largest inscribed
 *   circle, found in Web Mercator, which keeps shapes locally) and the first whole zoom at which the block is 64 px
 *   wide (Web Mercator x is linear in longitude: width_px = Δlon / 360 × 512 × 2^zoom). The tiles carry them as
 *   a point layer, so the map labels blocks without downloading every block.
 * - `derive_block_overlaps` (migration 07) again, for the embedded database: a bulk insert failed there with 2F005
 *   "control reached end of function without RETURN". Cause: the layer overlap is the `ST_Union` of the block's
 *   intersections with the zone parts it touches. Those pieces share edges along the subdivision lines, GEOS's
 *   floating-point overlay can fail on such input, and it then retries with snapping by catching a C++
 *   exception, which PGlite's WebAssembly build cannot catch: the statement ended in a broken state (outside
 *   PL/pgSQL the same query silently returned no rows). Now the pieces are dissolved on a fixed precision grid,
 *   `ST_Union(…, 1e-12)` (1e-12° ≈ 0.1 µm), which GEOS computes by snap-rounding and never retries; and only for
 *   blocks not inside one part (those take their own area without an overlay, as before — the union used to be
 *   computed for every block, as an aggregate beside the CASE). Summing the pieces instead is not exact: the
 *   parts' cut edges carry extra vertices (T-junctions), so their ellipsoidal areas do not add up (±1e-5).
 */
const STATEMENTS = [
  "alter table blocks add column geom_mercator geometry(MultiPolygon, 3857)",
  "alter table blocks add column label_point geometry(Point, 4490)",
  "alter table blocks add column label_min_zoom smallint not null default 0",
  "alter table zones add column geom_mercator geometry(MultiPolygon, 3857)",
  `create function blocks_tile_geometry() returns trigger language plpgsql as $$
    declare width_deg double precision := ST_XMax(new.geom) - ST_XMin(new.geom);
    begin
      new.geom_mercator := ST_Transform(new.geom, 3857);
      new.label_point := ST_Transform((ST_MaximumInscribedCircle(new.geom_mercator)).center, 4490);
      new.label_min_zoom := case when width_deg > 0
        then greatest(0, floor(log(2.0, (64 * 360 / (512 * width_deg))::numeric)))::smallint else 0 end;
      return new;
    end;
    $$`,
  `create trigger blocks_tile_geometry before insert or update of geom on blocks
    for each row execute function blocks_tile_geometry()`,
  `create function zones_tile_geometry() returns trigger language plpgsql as $$
    begin
      new.geom_mercator := ST_Transform(new.geom, 3857);
      return new;
    end;
    $$`,
  `create trigger zones_tile_geometry before insert or update of geom on zones
    for each row execute function zones_tile_geometry()`,
  // Every existing row once (the before trigger fills the columns).
  "update blocks set geom = geom",
  "update zones set geom = geom",
  "create index blocks_geom_mercator_gix on blocks using gist (geom_mercator)",
  "create index zones_geom_mercator_gix on zones using gist (geom_mercator)",
  `create or replace function derive_block_overlaps(ids integer[]) returns void language plpgsql as $$
    begin
      delete from block_layer_overlaps where block_id = any(ids);
      delete from block_pair_overlaps where block_id = any(ids) or other_id = any(ids);
      insert into block_layer_overlaps (block_id, layer, overlap_m2)
        with hits as (
          select b.id, z.kind as layer, bool_or(ST_CoveredBy(b.geom, p.geom)) as covered
            from blocks b
            join zone_parts p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
            join zones z on z.id = p.zone_id
           where b.id = any(ids)
           group by b.id, z.kind)
        select id, layer, overlap_m2 from (
          select h.id, h.layer,
                 case when h.covered then (select ST_Area(b.geom::geography) from blocks b where b.id = h.id)
                      else (select ST_Area(ST_Union(ST_Intersection(b.geom, p.geom), 1e-12)::geography)
                              from blocks b
                              join zone_parts p on p.geom && b.geom and ST_Intersects(p.geom, b.geom)
                              join zones z on z.id = p.zone_id and z.kind = h.layer
                             where b.id = h.id) end as overlap_m2
            from hits h) d
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
];

export async function up(knex: Knex): Promise<void> {
  // One statement per call: PGlite refuses several commands in one prepared statement.
  for (const statement of STATEMENTS) await knex.raw(statement);
}

/** The down migration leaves derive_block_overlaps as it is: it gives the same rows as migration 07's. */
export async function down(knex: Knex): Promise<void> {
  for (const statement of [
    "drop trigger zones_tile_geometry on zones",
    "drop function zones_tile_geometry()",
    "drop trigger blocks_tile_geometry on blocks",
    "drop function blocks_tile_geometry()",
    "alter table zones drop column geom_mercator",
    "alter table blocks drop column label_min_zoom",
    "alter table blocks drop column label_point",
    "alter table blocks drop column geom_mercator",
  ]) {
    await knex.raw(statement);
  }
}
