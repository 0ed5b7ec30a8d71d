import type { GeometryStore, ValidGeometry } from "../db/geometry-validity.js";
import { checkPolygonGeometry, type GeometryProblem } from "../domain/geometry-check.js";
import {
  DEFAULT_GEOMETRY_LIMITS,
  type GeometryLimits,
  LIMIT_REASONS,
  limitProblem,
  to2d,
} from "../domain/geometry-limits.js";
import { ApiError, badRequest } from "../errors.js";

/**
 * The one gate for polygon input (block writes, analysis, imports): structural checks in the domain,
 * then topology in PostGIS. Any problem → 400 `invalid-geometry` naming the reason and where.
 */
export async function acceptPolygon(
  geometries: GeometryStore,
  geometry: unknown,
  repair: boolean,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): Promise<AcceptedPolygon> {
  const shape = acceptPolygonShape(geometry, limits);
  const topology = await geometries.checkTopology(shape.geometry, repair);
  if (!topology.valid) throw geometryError(topology);
  return shape.droppedZ ? { ...topology, droppedZ: true } : topology;
}

/**
 * The checks of acceptPolygon that need no database (structure, then the parts/vertices/place limits), for a
 * route that gates its own statement on PostGIS validity instead of asking first (POST /analysis, issue #14:
 * one round trip per request less) and calls `geometries.checkTopology` for the reason only when the gate fails.
 */
export function acceptPolygonShape(
  geometry: unknown,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): { geometry: ReturnType<typeof to2d>["geometry"]; droppedZ: boolean } {
  const shape = checkPolygonGeometry(geometry);
  if (!shape.valid) throw geometryError(shape);
  // Z and M are dropped (the platform is 2D, as imports do) and the answer says so; then the
  // parts/vertices/place limits.
  const { geometry: flat, droppedZ } = to2d(shape.geometry);
  const limit = limitProblem(flat, limits);
  if (limit) {
    const { valid: _valid, message, ...details } = limit;
    const tooLarge =
      limit.reason === LIMIT_REASONS.tooManyParts || limit.reason === LIMIT_REASONS.tooManyVertices;
    throw tooLarge
      ? new ApiError(413, limit.reason, message, details)
      : badRequest("invalid-geometry", message, details);
  }
  return { geometry: flat, droppedZ };
}

/** A polygon fit to store; `droppedZ` when the input had Z or M values (dropped, issue #15: "say so"). */
export interface AcceptedPolygon extends ValidGeometry {
  droppedZ?: true;
}

/** What a write or an analysis answers besides its result: the repair made and the Z/M dropped, if any. */
export function inputNotes(accepted: AcceptedPolygon | undefined) {
  return {
    ...(accepted?.repair ? { repair: accepted.repair } : {}),
    ...(accepted?.droppedZ ? { droppedZ: true as const } : {}),
  };
}

export function geometryError(problem: GeometryProblem) {
  const { valid: _valid, message, ...details } = problem;
  return badRequest("invalid-geometry", message, details);
}
