/**
 * The straight cut of a reduction, in the Gauss-Krüger grid (x east, y north, metres). The cut line runs at
 * `angleDegrees`, a grid bearing clockwise from grid north (0 = a north–south line, 90 = east–west); the kept
 * side is the half-plane {p : (p − centroid)·n ≥ offset} for the unit normal n on the planner's side.
 */
export const KEEP_SIDES = ["left", "right", "north", "south", "east", "west", "anchor"] as const;
export type KeepSide = (typeof KEEP_SIDES)[number];

export interface GridPoint {
  x: number;
  y: number;
}

export type CutNormal = { ok: true; normal: GridPoint } | { ok: false; message: string };

/** Below this |cos| between the normal and the asked direction, the side is ambiguous. */
const SIDE_AMBIGUITY = 1e-6;

export function isKeepSide(value: unknown): value is KeepSide {
  return typeof value === "string" && (KEEP_SIDES as readonly string[]).includes(value);
}

/**
 * The unit normal pointing into the kept side. "left"/"right" are seen walking along the bearing (bearing 0:
 * left = west); a compass side picks the normal closer to that direction; "anchor" the side facing the anchor
 * point (say, a point on the road the block keeps) as seen from the block's centroid.
 */
export function cutNormal(
  angleDegrees: number,
  keepSide: KeepSide,
  anchorFromCentroid?: GridPoint,
): CutNormal {
  const theta = (angleDegrees * Math.PI) / 180;
  const left = { x: -Math.cos(theta), y: Math.sin(theta) };
  const towards = sideDirection(keepSide, anchorFromCentroid);
  if (towards === "left") return { ok: true, normal: left };
  if (towards === "right") return { ok: true, normal: { x: -left.x, y: -left.y } };
  if (!towards) return { ok: false, message: 'keepSide "anchor" needs an anchor point [lng, lat].' };
  const length = Math.hypot(towards.x, towards.y);
  const cosine = length > 0 ? (left.x * towards.x + left.y * towards.y) / length : 0;
  if (Math.abs(cosine) < SIDE_AMBIGUITY) {
    return {
      ok: false,
      message: `keepSide "${keepSide}" does not pick a side of a cut at ${angleDegrees}°: the line points that way.`,
    };
  }
  return { ok: true, normal: cosine > 0 ? left : { x: -left.x, y: -left.y } };
}

function sideDirection(keepSide: KeepSide, anchor?: GridPoint): "left" | "right" | GridPoint | undefined {
  switch (keepSide) {
    case "left":
    case "right":
      return keepSide;
    case "north":
      return { x: 0, y: 1 };
    case "south":
      return { x: 0, y: -1 };
    case "east":
      return { x: 1, y: 0 };
    case "west":
      return { x: -1, y: 0 };
    case "anchor":
      return anchor;
  }
}

/** The range of offsets over which the kept side goes from the whole bounding box to nothing. */
export function offsetRange(
  bbox: { xmin: number; ymin: number; xmax: number; ymax: number },
  centroid: GridPoint,
  normal: GridPoint,
): { min: number; max: number } {
  const projections = [
    [bbox.xmin, bbox.ymin],
    [bbox.xmax, bbox.ymin],
    [bbox.xmax, bbox.ymax],
    [bbox.xmin, bbox.ymax],
  ].map(([x, y]) => (x - centroid.x) * normal.x + (y - centroid.y) * normal.y);
  return { min: Math.min(...projections), max: Math.max(...projections) };
}

/** The kept half-plane, clipped to a square of half-size `extent` past the cut line, as a closed ring (metres). */
export function halfPlane(
  centroid: GridPoint,
  normal: GridPoint,
  offset: number,
  extent: number,
): GridPoint[] {
  const along = { x: normal.y, y: -normal.x };
  const at = (n: number, u: number) => ({
    x: centroid.x + normal.x * n + along.x * u,
    y: centroid.y + normal.y * n + along.y * u,
  });
  const a = at(offset, -extent);
  const b = at(offset, extent);
  return [a, b, at(offset + 2 * extent, extent), at(offset + 2 * extent, -extent), a];
}
