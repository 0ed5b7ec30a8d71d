import {
  checkTopology,
  type GeometryStore,
  type TopologyConnection,
  type ValidGeometry,
} from "../db/geometry-validity.js";
import { checkPolygonGeometry, type GeometryProblem } from "../domain/geometry-check.js";
import { badRequest } from "../errors.js";

/**
 * The one gate for polygon input (block writes, analysis, imports): structural checks in the domain,
 * then topology in PostGIS. Any problem → 400 `invalid-geometry` naming the reason and where.
 */
export async function acceptPolygon(
  geometries: GeometryStore | TopologyConnection,
  geometry: unknown,
  repair: boolean,
): Promise<ValidGeometry> {
  const shape = checkPolygonGeometry(geometry);
  if (!shape.valid) throw geometryError(shape);
  // `stores.geometry` from the routes; a raw connection is still taken from routes/analysis.ts until its queries
  // move behind stores (issue #10, helper h7-scale).
  const topology =
    "checkTopology" in geometries
      ? await geometries.checkTopology(shape.geometry, repair)
      : await checkTopology(geometries, shape.geometry, repair);
  if (!topology.valid) throw geometryError(topology);
  return topology;
}

export function geometryError(problem: GeometryProblem) {
  const { valid: _valid, message, ...details } = problem;
  return badRequest("invalid-geometry", message, details);
}
