import type { Position } from "geojson";

/**
 * Arcs of CAD boundaries as straight segments whose chord error (the sagitta r·(1 − cos(Δ/2)) between
 * the arc and each segment) is at most the tolerance: 0.05 m in metric drawings (issue 17; the former
 * fixed 5° step was about 0.95 m off at r = 1 km).
 */
export const ARC_CHORD_ERROR_M = 0.05;

/** Metres per degree of latitude, to state the tolerance in a lon/lat drawing's own units. */
const METRES_PER_DEGREE = 111_320;

/** The chord tolerance in drawing units: metres for projected numbers, degrees for lon/lat. */
export function chordToleranceUnits(sample: Position | undefined): number {
  const lonLat = sample !== undefined && Math.abs(sample[0]) <= 180 && Math.abs(sample[1]) <= 90;
  return lonLat ? ARC_CHORD_ERROR_M / METRES_PER_DEGREE : ARC_CHORD_ERROR_M;
}

/** At most this many segments per arc (issue 15: a radius of 1e12 must not make a billion points). */
export const MAX_ARC_STEPS = 4096;

/** How many equal steps keep the chord error of an arc of `radius` over `sweepRad` within `tolerance`. */
export function arcSteps(radius: number, sweepRad: number, tolerance: number): number {
  if (!Number.isFinite(radius) || !Number.isFinite(sweepRad)) return 1;
  return Math.min(MAX_ARC_STEPS, uncappedArcSteps(radius, sweepRad, tolerance));
}

function uncappedArcSteps(radius: number, sweepRad: number, tolerance: number): number {
  if (radius <= tolerance) return Math.max(1, Math.ceil(Math.abs(sweepRad) / (Math.PI / 2)));
  const maxStep = 2 * Math.acos(1 - tolerance / radius);
  return Math.max(1, Math.ceil(Math.abs(sweepRad) / maxStep));
}

/** Intermediate points of the arc from `a` to `b` whose bulge is tan(θ/4) (θ signed, anticlockwise > 0). */
export function bulgePositions(a: Position, b: Position, bulge: number, tolerance: number): Position[] {
  const theta = 4 * Math.atan(bulge);
  const chord = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (chord === 0) return [];
  const radius = chord / (2 * Math.sin(Math.abs(theta) / 2));
  const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const toCentre = radius * Math.cos(Math.abs(theta) / 2) * Math.sign(bulge);
  const normal = [-(b[1] - a[1]) / chord, (b[0] - a[0]) / chord];
  const centre = [mid[0] + normal[0] * toCentre, mid[1] + normal[1] * toCentre];
  const start = Math.atan2(a[1] - centre[1], a[0] - centre[0]);
  const steps = arcSteps(radius, theta, tolerance);
  const points: Position[] = [];
  for (let step = 1; step < steps; step++) {
    const angle = start + (theta * step) / steps;
    points.push([centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)]);
  }
  return points;
}

/**
 * The points of a circular arc edge (HATCH edge type 2), both ends included. Clockwise edges store their
 * angles mirrored (negated), as AutoCAD and ezdxf write them.
 */
export function arcPositions(
  centre: Position,
  radius: number,
  startDeg: number,
  endDeg: number,
  anticlockwise: boolean,
  tolerance: number,
): Position[] {
  const toRad = Math.PI / 180;
  let start = (anticlockwise ? startDeg : -startDeg) * toRad;
  let end = (anticlockwise ? endDeg : -endDeg) * toRad;
  // One full turn added or taken, by remainder (a loop of += 2π never ends at 1e300°).
  const turn = 2 * Math.PI;
  if (anticlockwise && end <= start) end = start + ((((end - start) % turn) + turn) % turn || turn);
  if (!anticlockwise && end >= start) end = start - ((((start - end) % turn) + turn) % turn || turn);
  if (Math.abs(end - start) > 2 * Math.PI) start = end - Math.sign(end - start) * 2 * Math.PI;
  const sweep = end - start;
  const steps = arcSteps(radius, sweep, tolerance);
  const points: Position[] = [];
  for (let step = 0; step <= steps; step++) {
    const angle = start + (sweep * step) / steps;
    points.push([centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)]);
  }
  return points;
}
