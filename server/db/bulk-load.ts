import type { MultiPolygon } from "geojson";
import type { Knex } from "knex";

/** One synthetic block for a benchmark's bulk load (stored as given, in CGCS2000 4490). */
export interface BulkBlockRow {
  name: string;
  park_id: number;
  level: "national" | "municipal";
  status: string;
  geometry: MultiPolygon;
}

/**
 * Bulk load for the benchmarks: one statement per batch, so the triggers derive set-based. No history or audit
 * rows — synthetic data written straight to the table, never a path the app's writes take.
 */
export async function bulkLoadBlocks(knex: Knex, rows: BulkBlockRow[]): Promise<void> {
  await knex.raw(
    `insert into blocks (name, park_id, level, status, geom, area_m2, created_by, updated_by)
     select r.name, r.park_id, r.level, r.status, g.geom, ST_Area(g.geom::geography), 'bench', 'bench'
       from json_to_recordset(?::json) as r(name text, park_id integer, level text, status text, geometry json),
       lateral (select ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4490) as geom) g`,
    [JSON.stringify(rows)],
  );
}

/** After a bulk load: fresh planner statistics, and every block's id in order. */
export async function analyzedBlockIds(knex: Knex): Promise<number[]> {
  await knex.raw("analyze");
  return (await knex("blocks").select("id").orderBy("id")).map((row) => Number(row.id));
}
