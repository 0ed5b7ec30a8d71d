import type { Knex } from "knex";
import { type GkZoneNumber, gaussKrugerCrs, STORAGE_SRID, sridOf, WEB_MERCATOR } from "../domain/crs.js";

/** Anything that builds raw SQL: the knex instance or a transaction. */
export type SqlBuilder = Pick<Knex, "raw">;

/**
 * The single SRID boundary (STYLE.md): every geometry is stored in CGCS2000 geographic lon/lat,
 * EPSG:4490 (GRS80 ellipsoid), the national system the catalogue submissions use (DOMAIN.md §6).
 * Web-map WGS84 lon/lat is taken as equal to it (they differ by centimetres). The numbers come from the
 * one CRS table, server/domain/crs.ts.
 */
export { STORAGE_SRID };

/** CGCS2000 3° Gauss-Krüger zones covering Beijing, without the zone prefix in the easting. */
export const GK_ZONE_38_SRID = sridOf(gaussKrugerCrs(38, false)); // 4547: CM 114°E, west of 115.5°E
export const GK_ZONE_39_SRID = sridOf(gaussKrugerCrs(39, false)); // 4548: CM 117°E, nearly all of Beijing

/** Web Mercator, the frame of the vector tiles. */
export const WEB_MERCATOR_SRID = WEB_MERCATOR.srid;

/** SQL: a GeoJSON geometry (object or text, lon/lat) as a MultiPolygon in the storage SRID. */
export function multiPolygonFromGeoJson(knex: SqlBuilder, geoJson: unknown): Knex.Raw {
  return knex.raw(`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), ${STORAGE_SRID}))`, [geoJsonText(geoJson)]);
}

/** SQL: a GeoJSON geometry (object or text, any type) in the storage SRID. */
export function geometryFromGeoJson(knex: SqlBuilder, geoJson: unknown): Knex.Raw {
  return knex.raw(`ST_SetSRID(ST_GeomFromGeoJSON(?), ${STORAGE_SRID})`, [geoJsonText(geoJson)]);
}

function geoJsonText(geoJson: unknown): string {
  return typeof geoJson === "string" ? geoJson : JSON.stringify(geoJson);
}

/** SQL expression: ellipsoidal area in m² of a geometry column (GRS80 via geography). */
export function ellipsoidalAreaM2Sql(column: string): string {
  return `ST_Area(${column}::geography)`;
}

/** SQL expression: the geometry column as GeoJSON text with lon/lat to 1e-9°. */
export function asGeoJsonSql(column: string): string {
  return `ST_AsGeoJSON(${column}, 9, 0)`;
}

/** The SRID of a CGCS2000 3° GK zone, easting without the zone prefix (metres). */
export function gkSrid(zone: GkZoneNumber): number {
  return zone === 38 ? GK_ZONE_38_SRID : GK_ZONE_39_SRID;
}

/** SQL: a lon/lat box [west, south, east, north] as a polygon in the storage SRID (the column's, so its index is used). */
export function envelopeSql(knex: SqlBuilder, box: readonly [number, number, number, number]): Knex.Raw {
  return knex.raw(`ST_MakeEnvelope(?, ?, ?, ?, ${STORAGE_SRID})`, [...box]);
}
