import geodesic from "geographiclib-geodesic";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { GRS80_FLATTENING, GRS80_SEMI_MAJOR_AXIS_M } from "./crs.js";

/**
 * 椭球面积 and geodesic distance on GRS80, the CGCS2000 ellipsoid: the one GeographicLib instance (Karney
 * 2013) that server, client, scripts and tests share. Its polygon area equals PostGIS
 * `ST_Area(geom::geography)` to ~1e-12 (STACK-NOTES.md); turf.area is spherical and about 0.1% low at
 * Beijing's latitude, so it is never used for areas. Positions are lon/lat (GeographicLib takes latitude first).
 */
export const GRS80 = new geodesic.Geodesic.Geodesic(GRS80_SEMI_MAJOR_AXIS_M, GRS80_FLATTENING);

/** The ellipsoidal area of one ring in m² (orientation ignored; the closing position is optional). */
export function ringAreaM2(ring: readonly Position[]): number {
  const open = ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  if (open.length < 3) return 0;
  const polygon = GRS80.Polygon(false);
  for (const [lng, lat] of open) polygon.AddPoint(lat, lng);
  return Math.abs(polygon.Compute(false, true).area ?? 0);
}

/** The ellipsoidal area in m² of a Polygon or MultiPolygon: outer rings minus their holes. */
export function ellipsoidalAreaM2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let totalM2 = 0;
  for (const [outer, ...holes] of polygons) {
    if (!outer) continue;
    totalM2 += ringAreaM2(outer);
    for (const hole of holes) totalM2 -= ringAreaM2(hole);
  }
  return totalM2;
}

/** The geodesic distance in metres between two lon/lat positions. */
export function geodesicDistanceM([lng1, lat1]: Position, [lng2, lat2]: Position): number {
  return GRS80.Inverse(lat1, lng1, lat2, lng2).s12 ?? Number.NaN;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
