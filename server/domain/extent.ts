import type { Position } from "geojson";

/**
 * The box of any number of positions in one loop. `Math.min(...xs)` passes every value as an argument and
 * overflows the stack past ~120,000 of them (issue 15 item 5: one 150,000-vertex block broke every catalogue
 * package), so extents are never computed by spreading an unbounded array.
 */
export function boxOfPositions(positions: Iterable<Position>): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const position of positions) {
    const [x, y] = position;
    if (x < west) west = x;
    if (y < south) south = y;
    if (x > east) east = x;
    if (y > north) north = y;
  }
  return [west, south, east, north];
}
