import type { MultiPolygon, Polygon, Position } from "geojson";
import { GRS80 } from "../../server/domain/geodesic.js";

/**
 * The reference for the server's areas (PostGIS): GeographicLib on the GRS80 ellipsoid (CGCS2000), the same
 * ellipsoid PostGIS uses for EPSG:4490 geography, through the one shared instance. Client areas, which use
 * that instance too, are checked against typed-in PostGIS values instead.
 */
export function geodesicRingAreaM2(ring: Position[]): number {
  const polygon = GRS80.Polygon(false);
  for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
  return Math.abs(polygon.Compute(false, true).area ?? Number.NaN);
}

export function geodesicAreaM2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const [outer, ...holes] of polygons) {
    total += geodesicRingAreaM2(outer) - holes.reduce((sum, hole) => sum + geodesicRingAreaM2(hole), 0);
  }
  return total;
}

/** An axis-aligned lon/lat rectangle as a closed counter-clockwise Polygon. */
export function rectangle(west: number, south: number, east: number, north: number): Polygon {
  return {
    type: "Polygon",
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}
