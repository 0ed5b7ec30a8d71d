import type { MultiPolygon, Polygon, Position } from "geojson";
import type { GeometryProblem } from "./geometry-check.js";

/**
 * Bounds on one polygon input before any PostGIS work (issue 15 items 3 and "never 500"): how many parts
 * and vertices a geometry may have, and where it may lie. A block of 市级高新区 lies in Beijing (认定管理办法
 * 第二部分: the zones are Beijing's); the service area is Beijing's box widened by about a degree, so a
 * polygon in Sydney, a whole-world polygon or a ring crossing the antimeridian is refused with its reason
 * instead of being measured in the wrong Gauss-Krüger zone or failing in GEOS ("Antipodal edge").
 * Decision: 500 parts and 100,000 vertices per geometry (the largest demo block has 1 part and < 200).
 */
export interface GeometryLimits {
  maxParts: number;
  maxVertices: number;
}

export const DEFAULT_GEOMETRY_LIMITS: GeometryLimits = { maxParts: 500, maxVertices: 100_000 };

export const SERVICE_AREA = { west: 114.5, south: 38.5, east: 119.5, north: 42 };

export const LIMIT_REASONS = {
  tooManyParts: "too-many-parts",
  tooManyVertices: "too-many-vertices",
  outsideServiceArea: "outside-service-area",
  crossesAntimeridian: "crosses-antimeridian",
} as const;

export type LimitProblem = Omit<GeometryProblem, "reason"> & {
  reason: (typeof LIMIT_REASONS)[keyof typeof LIMIT_REASONS];
  limit?: number;
};

/** The limit a polygon breaks, or undefined (counts first: nothing larger than the limits is walked twice). */
export function limitProblem(
  geometry: Polygon | MultiPolygon,
  limits: GeometryLimits = DEFAULT_GEOMETRY_LIMITS,
): LimitProblem | undefined {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  if (polygons.length > limits.maxParts) {
    return {
      valid: false,
      reason: LIMIT_REASONS.tooManyParts,
      limit: limits.maxParts,
      message: `The geometry has ${polygons.length} parts; at most ${limits.maxParts} (setting GEOMETRY_MAX_PARTS).`,
    };
  }
  let vertices = 0;
  for (const polygon of polygons) for (const ring of polygon) vertices += ring.length;
  if (vertices > limits.maxVertices) {
    return {
      valid: false,
      reason: LIMIT_REASONS.tooManyVertices,
      limit: limits.maxVertices,
      message: `The geometry has ${vertices} vertices; at most ${limits.maxVertices} (setting GEOMETRY_MAX_VERTICES).`,
    };
  }
  return placeProblem(polygons);
}

function placeProblem(polygons: Position[][][]): LimitProblem | undefined {
  return (
    eachPosition(polygons, (lng, lat, path, previous) =>
      previous && Math.abs(lng - previous[0]) > 180
        ? {
            valid: false,
            reason: LIMIT_REASONS.crossesAntimeridian,
            path,
            location: [lng, lat],
            message: `The edge ending at ${path} crosses the antimeridian (180°): a block cannot.`,
          }
        : undefined,
    ) ??
    eachPosition(polygons, (lng, lat, path) => {
      const { west, south, east, north } = SERVICE_AREA;
      if (lng >= west && lng <= east && lat >= south && lat <= north) return undefined;
      return {
        valid: false,
        reason: LIMIT_REASONS.outsideServiceArea,
        path,
        location: [lng, lat],
        message:
          `Position ${path} (${lng}, ${lat}) lies outside the service area (Beijing: longitude ${west}…${east}, ` +
          `latitude ${south}…${north}): is the coordinate system right?`,
      };
    })
  );
}

function eachPosition(
  polygons: Position[][][],
  check: (lng: number, lat: number, path: string, previous?: Position) => LimitProblem | undefined,
): LimitProblem | undefined {
  for (let p = 0; p < polygons.length; p++) {
    for (let r = 0; r < polygons[p].length; r++) {
      const ring = polygons[p][r];
      for (let i = 0; i < ring.length; i++) {
        const found = check(ring[i][0], ring[i][1], `coordinates[${p}][${r}][${i}]`, ring[i - 1]);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The geometry with every position cut to [lng, lat] (Z and M dropped), and whether any was. */
export function to2d<G extends Polygon | MultiPolygon>(geometry: G): { geometry: G; droppedZ: boolean } {
  let droppedZ = false;
  const flat = (ring: Position[]) =>
    ring.map((position) => {
      if (position.length > 2) droppedZ = true;
      return [position[0], position[1]];
    });
  const coordinates =
    geometry.type === "Polygon"
      ? (geometry as Polygon).coordinates.map(flat)
      : (geometry as MultiPolygon).coordinates.map((polygon) => polygon.map(flat));
  return { geometry: { ...geometry, coordinates } as G, droppedZ };
}
