import type { Knex } from "knex";

/**
 * A Web-Mercator copy of each block's label point, kept by the tile-geometry trigger (issue #16 item 4). The tile
 * query transformed `label_point` to EPSG:3857 on every tile, and the first ST_Transform in a database session
 * sets PROJ up (~290 ms measured at 20k blocks on PostgreSQL 15 / PostGIS 3.3: a z14 tile 287 ms on a fresh
 * connection, 1.7 ms on the next): with a pool of connections many tiles paid it. With the copy a tile reads
 * only Web-Mercator columns and never calls PROJ. Literal DDL (4490 = CGCS2000 lon/lat, 3857 = Web Mercator).
 */
const STATEMENTS = [
  "alter table blocks add column label_point_mercator geometry(Point, 3857)",
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
  // Existing rows: the point the trigger found, as it was found (the label point is its transform back).
  "update blocks set label_point_mercator = ST_Transform(label_point, 3857) where label_point is not null",
];

export async function up(knex: Knex): Promise<void> {
  for (const statement of STATEMENTS) await knex.raw(statement);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("alter table blocks drop column label_point_mercator");
}
