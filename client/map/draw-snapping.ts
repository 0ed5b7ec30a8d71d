import type { Feature, Geometry, Position } from "geojson";
import type { DrawnRing } from "./draw-rings.js";

/**
 * Snapping to the vertices and edges of reference boundaries and other blocks, from the GeoJSON the app
 * loaded (`/api/layers/:id`, `/api/blocks`) — never from rendered tile features, which are clipped and
 * quantised. A vertex within the tolerance wins over an edge.
 */
export const SNAP_TOLERANCE_PX = 10;

/**
 * What drawing snaps to (issue #18 item 8): how near (px), to vertices and/or edges, of other blocks and/or the
 * reference layers. The layer choice filters the sources (draw-session.ts); the rest is applied here.
 */
export interface SnapSettings {
  tolerancePx: number;
  vertices: boolean;
  edges: boolean;
  blocks: boolean;
  references: boolean;
}

export const DEFAULT_SNAP_SETTINGS: SnapSettings = {
  tolerancePx: SNAP_TOLERANCE_PX,
  vertices: true,
  edges: true,
  blocks: true,
  references: true,
};

/** Tolerances the form accepts (px): a tolerance beyond 50 px snaps more than a hand means to. */
export const SNAP_TOLERANCE_RANGE_PX = { min: 1, max: 50 } as const;

interface IndexedRing {
  ring: Position[];
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface ScreenPoint {
  x: number;
  y: number;
}

export interface SnapProjection {
  project(lng: number, lat: number): ScreenPoint;
  unproject(x: number, y: number): { lng: number; lat: number };
}

export type SnapSource = Feature<Geometry | null>;

/** The rings of the sources, each with its lon/lat bounding box so a cursor far away skips it cheaply. */
export function indexRings(sources: readonly SnapSource[]): IndexedRing[] {
  const indexed: IndexedRing[] = [];
  for (const source of sources) {
    const geometry = source.geometry;
    if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") continue;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    for (const ring of polygons.flat()) {
      let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [lng, lat] of ring) {
        west = Math.min(west, lng);
        east = Math.max(east, lng);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
      indexed.push({ ring, west, south, east, north });
    }
  }
  return indexed;
}

/** The snapped lon/lat for a cursor at screen point `cursor`, or undefined when nothing is near. */
export function snapPosition(
  rings: readonly IndexedRing[],
  cursor: ScreenPoint,
  projection: SnapProjection,
  tolerancePx = SNAP_TOLERANCE_PX,
  targets: { vertices: boolean; edges: boolean } = { vertices: true, edges: true },
): Position | undefined {
  const corner1 = projection.unproject(cursor.x - tolerancePx, cursor.y - tolerancePx);
  const corner2 = projection.unproject(cursor.x + tolerancePx, cursor.y + tolerancePx);
  const [west, east] = [Math.min(corner1.lng, corner2.lng), Math.max(corner1.lng, corner2.lng)];
  const [south, north] = [Math.min(corner1.lat, corner2.lat), Math.max(corner1.lat, corner2.lat)];
  let bestVertex: { position: Position; distancePx: number } | undefined;
  let bestEdge: { point: ScreenPoint; distancePx: number } | undefined;
  for (const indexed of rings) {
    if (indexed.east < west || indexed.west > east || indexed.north < south || indexed.south > north)
      continue;
    let previous: ScreenPoint | undefined;
    for (const position of indexed.ring) {
      const point = projection.project(position[0], position[1]);
      const distancePx = Math.hypot(point.x - cursor.x, point.y - cursor.y);
      if (
        targets.vertices &&
        distancePx <= tolerancePx &&
        (!bestVertex || distancePx < bestVertex.distancePx)
      ) {
        bestVertex = { position: [position[0], position[1]], distancePx };
      }
      if (previous && targets.edges) {
        const nearest = nearestOnSegment(cursor, previous, point);
        const edgeDistancePx = Math.hypot(nearest.x - cursor.x, nearest.y - cursor.y);
        if (edgeDistancePx <= tolerancePx && (!bestEdge || edgeDistancePx < bestEdge.distancePx)) {
          bestEdge = { point: nearest, distancePx: edgeDistancePx };
        }
      }
      previous = point;
    }
  }
  if (bestVertex) return bestVertex.position;
  if (bestEdge) {
    const { lng, lat } = projection.unproject(bestEdge.point.x, bestEdge.point.y);
    return [lng, lat];
  }
  return undefined;
}

function nearestOnSegment(p: ScreenPoint, a: ScreenPoint, b: ScreenPoint): ScreenPoint {
  const [dx, dy] = [b.x - a.x, b.y - a.y];
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared === 0) return a;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

/** The ring vertex within SNAP_TOLERANCE_PX of a screen point, nearest first (the vertex the edit tool picks). */
export function nearestVertex(
  rings: readonly DrawnRing[],
  point: ScreenPoint,
  projection: SnapProjection,
): { ringId: string; index: number } | null {
  let best: { ringId: string; index: number; distancePx: number } | null = null;
  for (const ring of rings) {
    for (const [index, [lng, lat]] of ring.ring.slice(0, -1).entries()) {
      const projected = projection.project(lng, lat);
      const distancePx = Math.hypot(projected.x - point.x, projected.y - point.y);
      if (distancePx <= SNAP_TOLERANCE_PX && (!best || distancePx < best.distancePx)) {
        best = { ringId: ring.id, index, distancePx };
      }
    }
  }
  return best ? { ringId: best.ringId, index: best.index } : null;
}

/**
 * terra-draw's `snapping` mode option: when enabled, a pointer position (container pixels) snaps to the
 * nearest vertex or edge (as the settings choose, within their tolerance) of the indexed rings; disabled, none.
 */
export function snappingOption(
  enabled: boolean,
  /** Read at each pointer move: sources that arrive while drawing are snapped to at once. */
  rings: () => readonly IndexedRing[],
  projection: SnapProjection,
  settings: SnapSettings = DEFAULT_SNAP_SETTINGS,
): { toCustom?: (event: { containerX: number; containerY: number }) => Position | undefined } {
  if (!enabled || (!settings.vertices && !settings.edges)) return {};
  return {
    toCustom: (event) =>
      snapPosition(
        rings(),
        { x: event.containerX, y: event.containerY },
        projection,
        settings.tolerancePx,
        settings,
      ),
  };
}
