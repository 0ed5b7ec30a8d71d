import type { MultiPolygon, Polygon } from "geojson";
import type { Database } from "../../server/db/connect.js";

/**
 * The tests' own check of a reduced boundary: valid, and covered by the original exactly in the storage CRS
 * (issue #16: ST_CoveredBy there, no tolerance; a GK-plane check is not containment, since an edge straight in
 * lon/lat is curved in the plane).
 */
export async function coveredAndValid(
  db: Database,
  result: MultiPolygon,
  original: Polygon | MultiPolygon,
): Promise<{ valid: boolean; covered: boolean }> {
  const row = (
    await db.knex.raw(
      `select ST_IsValid(r) as valid,
         ST_CoveredBy(r, o) as covered
       from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as r, ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as o) s`,
      [JSON.stringify(result), JSON.stringify(original)],
    )
  ).rows[0];
  return { valid: Boolean(row.valid), covered: Boolean(row.covered) };
}
