import type { Position } from "geojson";
import { geodesicDistanceM, ringAreaM2 } from "../../server/domain/geodesic.js";

/**
 * 量算 — measuring on the map (issue #18 item 8): geodesic lengths and ellipsoidal areas on GRS80 (CGCS2000)
 * through the one GeographicLib instance (server/domain/geodesic.ts), never from screen pixels or tiles.
 */

/** The geodesic length in metres of a path through `points` (lon/lat), segment by segment. */
export function pathLengthM(points: readonly Position[]): number {
  let totalM = 0;
  for (let index = 1; index < points.length; index += 1) {
    totalM += geodesicDistanceM(points[index - 1], points[index]);
  }
  return totalM;
}

/** The perimeter in metres of the ring through `points` (closed back to the first point). */
export function ringPerimeterM(points: readonly Position[]): number {
  if (points.length < 2) return 0;
  return pathLengthM([...points, points[0]]);
}

/** The ellipsoidal area in m² of the ring through `points` (fewer than three points: 0). */
export function ringAreaFromPointsM2(points: readonly Position[]): number {
  return points.length < 3 ? 0 : ringAreaM2(points);
}
