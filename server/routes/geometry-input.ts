import type { GeometryStore, ValidGeometry } from "../db/geometry-validity.js";
import { checkPolygonGeometry, type GeometryProblem } from "../domain/geometry-check.js";
import { badRequest } from "../errors.js";

/**
 * The one gate for polygon input (block writes, analysis, imports): structural checks in the domain,
 * then topology in PostGIS. Any problem → 400 `invalid-geometry` naming the reason and where.
 */
export async function acceptPolygon(
  geometries: GeometryStore,
  geometry: unknown,
  repair: boolean,
): Promise<ValidGeometry> {
  const shape = checkPolygonGeometry(geometry);
  if (!shape.valid) throw geometryError(shape);
  const topology = await geometries.checkTopology(shape.geometry, repair);
  if (!topology.valid) throw geometryError(topology);
  return topology;
}

export function geometryError(problem: GeometryProblem) {
  const { valid: _valid, message, ...details } = problem;
  return badRequest("invalid-geometry", message, details);
}
