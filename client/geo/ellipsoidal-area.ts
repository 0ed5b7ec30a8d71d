import geodesic from "geographiclib-geodesic";
import type { MultiPolygon, Polygon, Position } from "geojson";

/**
 * 椭球面积 — the ellipsoidal area of CGCS2000 lon/lat polygons on GRS80, computed in the browser with
 * GeographicLib (Karney 2013). It equals PostGIS `ST_Area(geom::geography)` to ~1e-12 (STACK-NOTES.md);
 * turf.area is spherical and about 0.1% low at Beijing's latitude, so it is never used for areas.
 */
const GRS80 = new geodesic.Geodesic.Geodesic(6378137, 1 / 298.257222101);

/** The ellipsoidal area of one ring in m² (orientation ignored; the closing position is optional). */
export function ringAreaM2(ring: readonly Position[]): number {
  const open = ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  if (open.length < 3) return 0;
  const polygon = GRS80.Polygon(false);
  // GeographicLib takes latitude first.
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

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
