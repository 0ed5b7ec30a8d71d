import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon, Position } from "geojson";

/**
 * The block being drawn or edited, kept as rings of our own: terra-draw knows only simple polygons (no
 * holes, no multi-part), so every ring is one terra-draw polygon with a role, and the block geometry is
 * assembled from them. A hole belongs to the part it was cut from (`partOf`, that part's ring id).
 */
export type RingRole = "part" | "hole";

export interface DrawnRing {
  id: string;
  role: RingRole;
  /** For a hole: the id of the part it lies in. */
  partOf?: string;
  /** Closed ring of lon/lat positions. */
  ring: Position[];
}

/** The block geometry of the rings: a Polygon for one part, a MultiPolygon for several, null for none. */
export function assembleGeometry(rings: readonly DrawnRing[]): Polygon | MultiPolygon | null {
  const parts = rings.filter((ring) => ring.role === "part" && ring.ring.length >= 4);
  if (parts.length === 0) return null;
  const polygons = parts.map((part) => [
    part.ring,
    ...rings
      .filter((hole) => hole.role === "hole" && hole.partOf === part.id && hole.ring.length >= 4)
      .map((hole) => hole.ring),
  ]);
  return polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] }
    : { type: "MultiPolygon", coordinates: polygons };
}

/** The rings of a stored block's geometry, with fresh ids from `newId`. */
export function ringsOfGeometry(geometry: Polygon | MultiPolygon, newId: () => string): DrawnRing[] {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const rings: DrawnRing[] = [];
  for (const [outer, ...holes] of polygons) {
    const partId = newId();
    rings.push({ id: partId, role: "part", ring: outer });
    for (const hole of holes) rings.push({ id: newId(), role: "hole", partOf: partId, ring: hole });
  }
  return rings;
}

/** The part whose outer ring contains every vertex of `ring` (a hole must lie inside its part; lon/lat, planar). */
export function partContaining(
  rings: readonly DrawnRing[],
  ring: readonly Position[],
): DrawnRing | undefined {
  return rings.find(
    (part) =>
      part.role === "part" &&
      ring.every((position) =>
        booleanPointInPolygon(position, { type: "Polygon", coordinates: [part.ring] }),
      ),
  );
}

/** The ring without position `index` (the closing position follows the first), or null below a triangle. */
export function withoutVertex(ring: readonly Position[], index: number): Position[] | null {
  const open = ring.slice(0, -1);
  if (open.length <= 3 || index < 0 || index >= open.length) return null;
  open.splice(index, 1);
  return [...open, open[0]];
}

/** The ring with `position` inserted after vertex `after` (the closing position follows the first). */
export function withInsertedVertex(ring: readonly Position[], after: number, position: Position): Position[] {
  const open = ring.slice(0, -1);
  open.splice(Math.min(Math.max(after + 1, 0), open.length), 0, position);
  return [...open, open[0]];
}

/** The ring with vertex `index` at `position` (moving the first vertex moves the closing one too). */
export function withMovedVertex(ring: readonly Position[], index: number, position: Position): Position[] {
  const open = ring.slice(0, -1);
  if (index < 0 || index >= open.length) return [...ring];
  open[index] = position;
  return [...open, open[0]];
}
