import type { MultiPolygon, Polygon, Position } from "geojson";

/**
 * Where to put a polygon's label: the pole of inaccessibility (the interior point farthest from the
 * boundary) of its largest part, after the "polylabel" algorithm (Mapbox, ISC; Garcia-Castellanos &
 * Lombardo 2007). Computed in a local frame where a degree of longitude is scaled by cos(latitude), so the
 * point is central on the ground. For placing labels and picking test points only — never for areas.
 */
export function labelPoint(geometry: Polygon | MultiPolygon, precisionFraction = 0.005): Position {
  const polygon = geometry.type === "Polygon" ? geometry.coordinates : largestPart(geometry.coordinates);
  const scale = Math.cos((meanLatitude(polygon[0]) * Math.PI) / 180);
  const rings = polygon.map((ring) => ring.map(([lng, lat]) => [lng * scale, lat] as const));
  const [x, y] = poleOfInaccessibility(rings, precisionFraction);
  return [x / scale, y];
}

type Ring = readonly (readonly [number, number])[];

interface Cell {
  x: number;
  y: number;
  half: number;
  distance: number;
  potential: number;
}

function poleOfInaccessibility(rings: readonly Ring[], precisionFraction: number): [number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const cellSize = Math.min(width, height);
  if (cellSize === 0) return [minX, minY];
  const precision = Math.max(width, height) * precisionFraction;
  const makeCell = (x: number, y: number, half: number): Cell => {
    const distance = signedDistance(x, y, rings);
    return { x, y, half, distance, potential: distance + half * Math.SQRT2 };
  };

  const queue = new CellQueue();
  for (let x = minX; x < maxX; x += cellSize) {
    for (let y = minY; y < maxY; y += cellSize)
      queue.push(makeCell(x + cellSize / 2, y + cellSize / 2, cellSize / 2));
  }
  let best = makeCell(minX + width / 2, minY + height / 2, 0);
  const centroid = ringCentroid(rings[0]);
  const centroidCell = makeCell(centroid[0], centroid[1], 0);
  if (centroidCell.distance > best.distance) best = centroidCell;

  for (let cell = queue.pop(); cell; cell = queue.pop()) {
    if (cell.distance > best.distance) best = cell;
    if (cell.potential - best.distance <= precision) continue;
    const half = cell.half / 2;
    queue.push(makeCell(cell.x - half, cell.y - half, half));
    queue.push(makeCell(cell.x + half, cell.y - half, half));
    queue.push(makeCell(cell.x - half, cell.y + half, half));
    queue.push(makeCell(cell.x + half, cell.y + half, half));
  }
  return [best.x, best.y];
}

/** A binary max-heap of cells by potential: the most promising cell comes out first. */
class CellQueue {
  private readonly cells: Cell[] = [];

  push(cell: Cell): void {
    const cells = this.cells;
    cells.push(cell);
    let index = cells.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (cells[parent].potential >= cell.potential) break;
      cells[index] = cells[parent];
      index = parent;
    }
    cells[index] = cell;
  }

  pop(): Cell | undefined {
    const cells = this.cells;
    const top = cells[0];
    const last = cells.pop();
    if (cells.length === 0 || !last) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= cells.length) break;
      const right = left + 1;
      const child = right < cells.length && cells[right].potential > cells[left].potential ? right : left;
      if (cells[child].potential <= last.potential) break;
      cells[index] = cells[child];
      index = child;
    }
    cells[index] = last;
    return top;
  }
}

/** Distance from the point to the nearest edge, positive inside the polygon (holes count as outside). */
function signedDistance(x: number, y: number, rings: readonly Ring[]): number {
  let inside = false;
  let minSquared = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[j];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      minSquared = Math.min(minSquared, segmentDistanceSquared(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSquared);
}

function segmentDistanceSquared(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  let x = ax;
  let y = ay;
  const dx = bx - ax;
  const dy = by - ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  return (px - x) ** 2 + (py - y) ** 2;
}

function ringCentroid(ring: Ring): [number, number] {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[j];
    const cross = ax * by - bx * ay;
    x += (ax + bx) * cross;
    y += (ay + by) * cross;
    area += cross * 3;
  }
  return area === 0 ? [ring[0][0], ring[0][1]] : [x / area, y / area];
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
