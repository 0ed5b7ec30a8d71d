import type { MultiPolygon, Polygon, Position } from "geojson";
import polylabel from "polylabel";

/**
 * Where to put a polygon's label: the pole of inaccessibility (the interior point farthest from the
 * boundary) of its largest part, by Mapbox's `polylabel` (Garcia-Castellanos & Lombardo 2007). Computed in
 * a local frame where a degree of longitude is scaled by cos(latitude), so the point is central on the
 * ground. `precisionFraction` is the search precision as a share (0..1) of the part's larger extent.
 * For placing labels and picking test points only — never for areas.
 */
export function labelPoint(geometry: Polygon | MultiPolygon, precisionFraction = 0.005): Position {
  const polygon = geometry.type === "Polygon" ? geometry.coordinates : largestPart(geometry.coordinates);
  const scale = Math.cos((meanLatitude(polygon[0]) * Math.PI) / 180);
  const rings = polygon.map((ring) => ring.map(([lng, lat]): [number, number] => [lng * scale, lat]));
  const [x, y] = polylabel(rings, largerExtent(rings[0]) * precisionFraction);
  return [x / scale, y];
}

function largerExtent(ring: readonly [number, number][]): number {
  const xs = ring.map(([x]) => x);
  const ys = ring.map(([, y]) => y);
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
}

/** The part with the largest planar extent in degrees: only to choose which part carries the label. */
function largestPart(polygons: Position[][][]): Position[][] {
  let best = polygons[0];
  let bestSize = -Infinity;
  for (const polygon of polygons) {
    const size = Math.abs(shoelaceDegrees2(polygon[0]));
    if (size > bestSize) {
      best = polygon;
      bestSize = size;
    }
  }
  return best;
}

function shoelaceDegrees2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return sum / 2;
}

function meanLatitude(ring: Position[]): number {
  return ring.reduce((sum, position) => sum + position[1], 0) / ring.length;
}
