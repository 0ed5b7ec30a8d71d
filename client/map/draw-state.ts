import { kinks } from "@turf/kinks";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { assembleGeometry, type DrawnRing, partContaining, type RingRole } from "./draw-rings.js";

/** The drawing tools: a new polygon, cut a hole, add a part, edit vertices; idle when none. */
export type DrawTool = "idle" | "polygon" | "hole" | "part" | "edit";
/** Why a just-drawn ring was not kept. */
export type DrawNotice = "hole-outside-block" | null;

export interface DrawState {
  tool: DrawTool;
  /** The finished rings of the block. */
  rings: DrawnRing[];
  /** The block geometry of the finished rings. */
  geometry: Polygon | MultiPolygon | null;
  /** The geometry with the ring in progress included (the live area while drawing). */
  liveGeometry: Polygon | MultiPolygon | null;
  /** A ring is being drawn. */
  drawing: boolean;
  /** Self-intersections, at the crossings. */
  kinks: Position[];
  canUndo: boolean;
  canRedo: boolean;
  /** The vertex Delete removes (chosen by clicking it in the edit tool). */
  selectedVertex: { ringId: string; index: number } | null;
  notice: DrawNotice;
  /** Vertices typed for a new ring that does not have its three yet (coordinate entry). */
  typedPoints: Position[];
  /** Esc was pressed while a ring was being drawn: discard it? (a second Esc or 放弃 does, 继续绘制 keeps it) */
  discardAsked: boolean;
}

/** The geometries of the rings, with the ring in progress (as `role`) for the live area. */
export function geometriesOf(rings: readonly DrawnRing[], inProgress: Position[] | null, role: RingRole) {
  const geometry = assembleGeometry(rings);
  let liveGeometry = geometry;
  if (inProgress && inProgress.length >= 4) {
    const partOf = role === "hole" ? partContaining(rings, inProgress.slice(0, 1))?.id : undefined;
    liveGeometry = assembleGeometry([...rings, { id: "in-progress", role, partOf, ring: inProgress }]);
  }
  return { geometry, liveGeometry };
}

/**
 * Where rings cross themselves (turf `kinks` places the marker; it is never used for areas). Repeated
 * consecutive positions are dropped first: the ring being drawn ends with the pointer, which sits on the vertex
 * just placed or on the first one while closing, and turf counts such a zero-length edge as a crossing.
 */
export function crossingsOf(rings: readonly Position[][]): Position[] {
  const crossings: Position[] = [];
  for (const drawn of rings) {
    const ring = withoutRepeats(drawn);
    if (ring.length < 5) continue;
    for (const point of kinks({ type: "Polygon", coordinates: [ring] }).features) {
      crossings.push(point.geometry.coordinates);
    }
  }
  return crossings;
}

function withoutRepeats(ring: readonly Position[]): Position[] {
  return ring.filter(
    (position, index) =>
      index === 0 || position[0] !== ring[index - 1][0] || position[1] !== ring[index - 1][1],
  );
}

interface DrawStateInput
  extends Pick<
    DrawState,
    "tool" | "canUndo" | "canRedo" | "selectedVertex" | "notice" | "typedPoints" | "discardAsked"
  > {
  rings: DrawnRing[];
  /** The ring being drawn, or null. */
  inProgress: Position[] | null;
  /** The role the ring being drawn will have. */
  role: RingRole;
}

/** The drawing's state: its geometries (with and without the ring in progress) and self-intersections. */
export function drawStateOf({ rings, inProgress, role, ...rest }: DrawStateInput): DrawState {
  const { geometry, liveGeometry } = geometriesOf(rings, inProgress, role);
  const positions = rings.map((drawn) => drawn.ring);
  return {
    ...rest,
    rings,
    geometry,
    liveGeometry,
    drawing: inProgress !== null,
    kinks: crossingsOf(inProgress ? [...positions, inProgress] : positions),
  };
}
