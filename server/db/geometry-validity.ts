import type { Knex } from "knex";
import { GEOMETRY_REASONS, type GeometryProblem } from "../domain/geometry-check.js";
import { asGeoJsonSql, ellipsoidalAreaM2Sql, multiPolygonFromGeoJson } from "./geometry.js";

export interface ValidGeometry {
  valid: true;
  /** The geometry to store, as GeoJSON text (repaired when a repair was asked for and needed). */
  geoJson: string;
  repair?: { reason: string; areaBeforeM2: number; areaAfterM2: number; partsAfter: number };
}

/**
 * PostGIS topology check of a structurally sound polygon (after `checkPolygonGeometry`).
 * Invalid → the reason and the location PostGIS gives; with `repair`, ST_MakeValid keeps the polygonal
 * part and the change in area is reported.
 */
export async function checkTopology(
  db: Knex | Knex.Transaction,
  geometry: unknown,
  repair: boolean,
): Promise<ValidGeometry | GeometryProblem> {
  const input = multiPolygonFromGeoJson(db, geometry);
  const detail = await db.raw(
    `select (d).valid as valid, (d).reason as reason, ST_X((d).location) as x, ST_Y((d).location) as y
       from (select ST_IsValidDetail(g) as d from (select ? as g) s) t`,
    [input],
  );
  const row = detail.rows[0] as { valid: boolean; reason: string | null; x: number | null; y: number | null };
  if (row.valid) return { valid: true, geoJson: JSON.stringify(geometry) };
  const location = row.x === null || row.y === null ? undefined : [row.x, row.y];
  if (!repair) {
    const selfIntersection = /self-intersection|ring self|crossing/i.test(row.reason ?? "");
    return {
      valid: false,
      reason: selfIntersection ? GEOMETRY_REASONS.selfIntersection : GEOMETRY_REASONS.invalid,
      message:
        `The polygon is not valid: ${row.reason}` +
        (location ? ` at longitude ${location[0].toFixed(6)}, latitude ${location[1].toFixed(6)}` : "") +
        ". Fix the boundary there, or send it again with repair=true.",
      ...(location ? { location } : {}),
    };
  }
  const repaired = await db.raw(
    `select ${asGeoJsonSql("r")} as geojson, ST_NumGeometries(r) as parts,
            ${ellipsoidalAreaM2Sql("g")} as before_m2, ${ellipsoidalAreaM2Sql("r")} as after_m2
       from (select g, ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) as r from (select ? as g) s) t`,
    [input],
  );
  const fixed = repaired.rows[0] as { geojson: string; parts: number; before_m2: number; after_m2: number };
  if (!fixed.parts) {
    return {
      valid: false,
      reason: GEOMETRY_REASONS.invalid,
      message: `The polygon is not valid (${row.reason}) and repairing it leaves no area.`,
    };
  }
  return {
    valid: true,
    geoJson: fixed.geojson,
    repair: {
      reason: row.reason ?? "",
      areaBeforeM2: fixed.before_m2,
      areaAfterM2: fixed.after_m2,
      partsAfter: fixed.parts,
    },
  };
}

/** The geometry checks the routes need, over the database (topology is PostGIS's). */
export function geometryStore(knex: Knex) {
  return {
    checkTopology: (geometry: unknown, repair: boolean, db: Knex | Knex.Transaction = knex) =>
      checkTopology(db, geometry, repair),
  };
}

export type GeometryStore = ReturnType<typeof geometryStore>;
