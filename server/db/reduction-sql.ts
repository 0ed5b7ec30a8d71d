import type { Knex } from "knex";
import { GK_ZONE_BOUNDARY_LNG } from "../domain/crs.js";
import type { GridPoint } from "../domain/reduction-cut.js";
import { GK_ZONE_38_SRID, GK_ZONE_39_SRID, type SqlBuilder, STORAGE_SRID } from "./geometry.js";

/**
 * The PostGIS side of a reduction. Everything is computed in the block's CGCS2000 Gauss-Krüger zone (metres,
 * zone by the centroid: 38 west of 115.5°E, else 39) and transformed back; areas are ellipsoidal (GRS80).
 * The original travels between the queries as hex EWKB of its GK form, so each solver step is one small query.
 * SQL runs on PostGIS 3.3 and 3.6, one statement per call (PGlite). CTEs are MATERIALIZED: PostgreSQL
 * would otherwise inline them and repeat a buffer or transform for every column that reads it.
 */
export interface PreparedOriginal {
  empty: boolean;
  valid: boolean;
  validInGk: boolean;
  points: number;
  parts: number;
  gkSrid: number;
  /** Hex EWKB of the original in the GK zone. */
  gkHex: string;
  /** Hex EWKB of the original as stored (lon/lat): what every result is clipped to. */
  storageHex: string;
  areaM2: number;
  planarAreaM2: number;
  perimeterM: number;
  bbox: { xmin: number; ymin: number; xmax: number; ymax: number };
  centroid: GridPoint;
  /** Radius of the maximum inscribed circle (PostGIS ≥ 3.1; computed to 1/1000 of the extent), metres. */
  inscribedRadiusM: number | null;
  anchor: GridPoint | null;
}

/** The geometry a step keeps, as SQL over `s.g` (the original in GK) with its bindings. */
export interface KeptSql {
  sql: string;
  bindings: (string | number)[];
}

export async function prepareOriginal(
  db: SqlBuilder,
  original: Knex.Raw,
  options: { inscribedRadius: boolean; anchorLngLat?: [number, number] },
): Promise<PreparedOriginal> {
  const anchor = options.anchorLngLat;
  const result = await geometryQuery(
    db,
    `with o as materialized (select ? as geom),
     z as materialized (select geom, ST_IsEmpty(geom) as empty, ST_IsValid(geom) as valid,
             case when ST_X(ST_Centroid(geom)) < ${GK_ZONE_BOUNDARY_LNG} then ${GK_ZONE_38_SRID}
                  else ${GK_ZONE_39_SRID} end as srid from o),
     g as materialized (select *, case when valid and not empty then ST_Transform(geom, srid) end as gk from z),
     h as materialized (select *, coalesce(ST_IsValid(gk), false) as gk_valid from g)
     select empty, valid, gk_valid, srid, ST_NPoints(geom) as points, ST_NumGeometries(geom) as parts,
       ST_Area(geom::geography) as area_m2, ST_Area(gk) as planar_m2, ST_Perimeter(gk) as perimeter_m,
       ST_XMin(gk) as xmin, ST_YMin(gk) as ymin, ST_XMax(gk) as xmax, ST_YMax(gk) as ymax,
       ST_X(ST_Centroid(gk)) as cx, ST_Y(ST_Centroid(gk)) as cy,
       case when gk_valid and ? then (ST_MaximumInscribedCircle(gk)).radius end as radius,
       encode(ST_AsEWKB(gk), 'hex') as gk_hex, encode(ST_AsEWKB(geom), 'hex') as storage_hex,
       ST_X(a) as ax, ST_Y(a) as ay
     from h, lateral (select case when ?::float8 is null then null
       else ST_Transform(ST_SetSRID(ST_MakePoint(?::float8, ?::float8), ${STORAGE_SRID}), h.srid) end as a) p`,
    [original, options.inscribedRadius, anchor?.[0] ?? null, anchor?.[0] ?? null, anchor?.[1] ?? null],
  );
  const row = onlyRow(result);
  return {
    empty: Boolean(row.empty),
    valid: Boolean(row.valid),
    validInGk: Boolean(row.gk_valid),
    points: Number(row.points),
    parts: Number(row.parts),
    gkSrid: Number(row.srid),
    gkHex: String(row.gk_hex ?? ""),
    storageHex: String(row.storage_hex ?? ""),
    areaM2: Number(row.area_m2),
    planarAreaM2: Number(row.planar_m2),
    perimeterM: Number(row.perimeter_m),
    bbox: { xmin: Number(row.xmin), ymin: Number(row.ymin), xmax: Number(row.xmax), ymax: Number(row.ymax) },
    centroid: { x: Number(row.cx), y: Number(row.cy) },
    inscribedRadiusM: numberOrNull(row.radius),
    anchor: row.ax === null || row.ax === undefined ? null : { x: Number(row.ax), y: Number(row.ay) },
  };
}

/** SQL: the inward band of `distanceM` (a uniform negative buffer, round joins: erosion by a disc). */
export function insetSql(distanceM: number): KeptSql {
  return { sql: "ST_Buffer(s.g, -(?::float8))", bindings: [distanceM] };
}

/** SQL: the original clipped to a half-plane polygon (grid coordinates). */
export function cutSql(ring: GridPoint[], gkSrid: number): KeptSql {
  return {
    sql: `ST_CollectionExtract(ST_Intersection(s.g, ST_GeomFromText(?, ${Number(gkSrid)})), 3)`,
    bindings: [polygonWkt(ring)],
  };
}

/** SQL: only the largest part (by area) of what `kept` keeps. */
export function largestPartSql(kept: KeptSql, gkSrid: number): KeptSql {
  return {
    sql: `coalesce((select d.geom from ST_Dump(${kept.sql}) d order by ST_Area(d.geom) desc limit 1),
      ST_GeomFromText('POLYGON EMPTY', ${Number(gkSrid)}))`,
    bindings: kept.bindings,
  };
}

export interface StepMeasure {
  areaM2: number;
  planarAreaM2: number;
  perimeterM: number;
  parts: number;
}

/**
 * One solver step: the ellipsoidal area of the kept geometry once clipped to the original in the storage CRS
 * (what will be returned), and the plane area, perimeter and parts of the kept geometry (for the slope).
 */
export async function measureStep(
  db: SqlBuilder,
  original: OriginalHex,
  kept: KeptSql,
): Promise<StepMeasure> {
  const result = await geometryQuery(
    db,
    `with s as materialized (select ?::geometry as g, ?::geometry as o),
     k as materialized (select ${kept.sql} as k, s.o from s)
     select ST_Area(${clipSql("k.k", "k.o")}::geography) as area_m2, ST_Area(k.k) as planar_m2,
       ST_Perimeter(k.k) as perimeter_m, ST_NumGeometries(k.k) as parts
     from k`,
    [original.gkHex, original.storageHex, ...kept.bindings],
  );
  const row = onlyRow(result);
  return {
    areaM2: Number(row.area_m2),
    planarAreaM2: Number(row.planar_m2),
    perimeterM: Number(row.perimeter_m),
    parts: Number(row.parts),
  };
}

export interface FinishedGeometry {
  geoJson: string;
  valid: boolean;
  coveredByOriginal: boolean;
  areaM2: number;
  planarAreaM2: number;
  perimeterM: number;
  parts: number;
}

/** The original in both frames, as hex EWKB. */
export type OriginalHex = Pick<PreparedOriginal, "gkHex" | "storageHex">;

/**
 * Inward margins in degrees, tried in order (2e-11° ≈ 2 µm first). The clip's new vertices lie on the original's
 * edges only to floating-point precision (either side), and the 1e-12° rounding of the returned coordinates
 * moves a vertex by ≤ 0.71e-12°; pulled in by the margin, every vertex and edge is strictly inside the original.
 * The area lost is perimeter × margin: ~1e-8 of a block's, 7e-6 of a 0.6 m wide sliver's. GEOS's buffer at this
 * scale is rarely (~1 in 10,000 in our runs) invalid: the next, larger margin is then tried.
 */
export const INWARD_MARGINS_DEG = [2e-11, 1e-10, 1e-9] as const;
/** Decimals of the returned lon/lat (1e-12° ≈ 0.1 µm): finer than the margins, coarser than a double's ulp. */
const RESULT_DECIMALS = 12;

/** SQL: the kept geometry (GK) back in lon/lat, clipped to the original there (`originalSql`, storage CRS). */
function clipSql(keptSql: string, originalSql: string): string {
  return `ST_CollectionExtract(ST_Intersection(ST_Transform(${keptSql}, ${STORAGE_SRID}), ${originalSql}), 3)`;
}

/**
 * The final geometry exactly as it would be stored: clipped to the original in the storage CRS (the GK round
 * trip alone left cm-wide slivers outside: edges straight in the plane are curved in lon/lat), pulled inward
 * by INWARD_MARGINS_DEG, rounded to 1e-12° (GeoJSON) and read back; then checked: valid, covered by the original
 * exactly (ST_CoveredBy in the storage CRS, no tolerance), ellipsoidal area, parts, and the planar area and
 * perimeter in the GK zone (for compactness).
 */
export async function finishGeometry(
  db: SqlBuilder,
  original: OriginalHex,
  kept: KeptSql,
  gkSrid: number,
): Promise<FinishedGeometry> {
  let finished: FinishedGeometry | undefined;
  for (const marginDeg of INWARD_MARGINS_DEG) {
    finished = await finishWithMargin(db, original, kept, gkSrid, marginDeg);
    if (finished.valid && finished.coveredByOriginal) return finished;
  }
  return finished as FinishedGeometry;
}

async function finishWithMargin(
  db: SqlBuilder,
  original: OriginalHex,
  kept: KeptSql,
  gkSrid: number,
  marginDeg: number,
): Promise<FinishedGeometry> {
  const srid = Number(gkSrid);
  const result = await geometryQuery(
    db,
    `with s as materialized (select ?::geometry as g, ?::geometry as o),
     k as materialized (select s.o, ${kept.sql} as k from s),
     c as materialized (select o, ST_Buffer(${clipSql("k", "o")}, -(?::float8), 'join=mitre') as c from k),
     j as materialized (select o, ST_AsGeoJSON(ST_Multi(c), ${RESULT_DECIMALS}, 0) as json from c),
     r as materialized (select o, json, ST_SetSRID(ST_GeomFromGeoJSON(json), ${STORAGE_SRID}) as rg from j),
     v as materialized (select o, json, rg, ST_IsValid(rg) as valid, ST_Transform(rg, ${srid}) as rk from r)
     select json, valid, ST_Area(rg::geography) as area_m2, ST_NumGeometries(rg) as parts,
       ST_Area(rk) as planar_m2, ST_Perimeter(rk) as perimeter_m,
       case when valid and not ST_IsEmpty(rg) then ST_CoveredBy(rg, o) else false end as covered
     from v`,
    [original.gkHex, original.storageHex, ...kept.bindings, marginDeg],
  );
  const row = onlyRow(result);
  return {
    geoJson: String(row.json),
    valid: Boolean(row.valid),
    coveredByOriginal: Boolean(row.covered),
    areaM2: Number(row.area_m2),
    planarAreaM2: Number(row.planar_m2),
    perimeterM: Number(row.perimeter_m),
    parts: Number(row.parts),
  };
}

function polygonWkt(ring: GridPoint[]): string {
  return `POLYGON((${ring.map((p) => `${p.x} ${p.y}`).join(",")}))`;
}

/**
 * A GEOS failure on degenerate input (a TopologyException) is an error on PostgreSQL but, in PGlite, can come
 * back as an empty result: both become this error, which the caller reports as a failed reduction.
 */
export class GeometryEngineError extends Error {}

const GEOS_FAILURE = /GEOS|TopologyException|lwgeom|IllegalArgumentException/i;

async function geometryQuery(
  db: SqlBuilder,
  sql: string,
  bindings: readonly Knex.RawBinding[],
): Promise<{ rows?: Record<string, unknown>[] }> {
  try {
    return await db.raw(sql, bindings);
  } catch (error) {
    if (error instanceof Error && GEOS_FAILURE.test(error.message)) {
      throw new GeometryEngineError(
        `PostGIS could not compute this geometry (${error.message.slice(-200)}).`,
      );
    }
    throw error;
  }
}

function onlyRow(result: { rows?: Record<string, unknown>[] }): Record<string, unknown> {
  const row = result.rows?.[0];
  if (!row) throw new GeometryEngineError("PostGIS returned no result for this geometry (a GEOS failure).");
  return row;
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
