import type { MultiPolygon, Point, Polygon, Position } from "geojson";

/**
 * Structural checks of a polygon geometry sent as GeoJSON lon/lat, before any database work
 * (STACK-NOTES.md: bad input must never reach heavy GEOS calls). Topology (self-intersection) is checked
 * by PostGIS afterwards, which can say where. Results carry a reason code, asserted in tests.
 */
export const GEOMETRY_REASONS = {
  notGeoJson: "not-geojson",
  notPolygon: "not-polygon",
  empty: "empty",
  badPosition: "bad-position",
  nonFiniteCoordinate: "non-finite-coordinate",
  projectedCoordinates: "projected-coordinates",
  outOfRange: "out-of-range",
  ringTooShort: "ring-too-short",
  ringNotClosed: "ring-not-closed",
  selfIntersection: "self-intersection",
  invalid: "invalid-geometry",
} as const;
export type GeometryReason = (typeof GEOMETRY_REASONS)[keyof typeof GEOMETRY_REASONS];

export interface GeometryProblem {
  valid: false;
  reason: GeometryReason;
  message: string;
  /** Where in the coordinates, e.g. "coordinates[0][3]". */
  path?: string;
  /** The lon/lat of the offending vertex or intersection, when known. */
  location?: Position;
}

export type PolygonCheck = { valid: true; geometry: Polygon | MultiPolygon } | GeometryProblem;

const MIN_RING_POSITIONS = 4; // a triangle plus its closing point

export function checkPolygonGeometry(value: unknown): PolygonCheck {
  if (!isObject(value) || typeof value.type !== "string") {
    return problem(GEOMETRY_REASONS.notGeoJson, "The geometry is not a GeoJSON object with a type.");
  }
  if (value.type !== "Polygon" && value.type !== "MultiPolygon") {
    return problem(
      GEOMETRY_REASONS.notPolygon,
      `A block must be a Polygon or MultiPolygon, not a ${value.type}.`,
    );
  }
  if (!Array.isArray(value.coordinates)) {
    return problem(GEOMETRY_REASONS.notGeoJson, "The geometry has no coordinates array.");
  }
  const polygons = value.type === "Polygon" ? [value.coordinates] : value.coordinates;
  if (polygons.length === 0) return problem(GEOMETRY_REASONS.empty, "The geometry is empty.");
  for (let p = 0; p < polygons.length; p++) {
    const prefix = value.type === "Polygon" ? "coordinates" : `coordinates[${p}]`;
    const found = checkPolygonRings(polygons[p], prefix);
    if (found) return found;
  }
  return { valid: true, geometry: value as unknown as Polygon | MultiPolygon };
}

/** A site given as a GeoJSON Point in lon/lat. */
export function checkPointGeometry(value: unknown): { valid: true; geometry: Point } | GeometryProblem {
  if (!isObject(value) || value.type !== "Point") {
    return problem(GEOMETRY_REASONS.notGeoJson, "The site is not a GeoJSON Point.");
  }
  const found = checkPosition(value.coordinates, "coordinates");
  return found ?? { valid: true, geometry: value as unknown as Point };
}

function checkPolygonRings(rings: unknown, prefix: string): GeometryProblem | undefined {
  if (!Array.isArray(rings) || rings.length === 0) {
    return problem(GEOMETRY_REASONS.empty, `Polygon ${prefix} has no rings.`, prefix);
  }
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const path = `${prefix}[${r}]`;
    if (!Array.isArray(ring))
      return problem(GEOMETRY_REASONS.badPosition, `Ring ${path} is not an array.`, path);
    for (let i = 0; i < ring.length; i++) {
      const found = checkPosition(ring[i], `${path}[${i}]`);
      if (found) return found;
    }
    if (ring.length < MIN_RING_POSITIONS) {
      return problem(
        GEOMETRY_REASONS.ringTooShort,
        `Ring ${path} has ${ring.length} positions; a ring needs at least 3 corners plus the closing point.`,
        path,
      );
    }
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return problem(
        GEOMETRY_REASONS.ringNotClosed,
        `Ring ${path} is not closed: its last point must repeat its first (${first[0]}, ${first[1]}).`,
        path,
        last,
      );
    }
    if (distinctPositionCount(ring as Position[]) < 3) {
      return problem(GEOMETRY_REASONS.ringTooShort, `Ring ${path} has fewer than 3 distinct corners.`, path);
    }
  }
  return undefined;
}

function checkPosition(position: unknown, path: string): GeometryProblem | undefined {
  if (!Array.isArray(position) || position.length < 2) {
    return problem(GEOMETRY_REASONS.badPosition, `Position ${path} is not [longitude, latitude].`, path);
  }
  const [lng, lat] = position;
  if (typeof lng !== "number" || typeof lat !== "number" || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    return problem(
      GEOMETRY_REASONS.nonFiniteCoordinate,
      `Position ${path} has a coordinate that is not a finite number.`,
      path,
    );
  }
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    if (Math.abs(lng) > 1000 || Math.abs(lat) > 1000) {
      return problem(
        GEOMETRY_REASONS.projectedCoordinates,
        `Position ${path} (${lng}, ${lat}) looks like projected metres (e.g. Gauss-Krüger), not degrees. ` +
          "Send longitude/latitude, or import the file so its coordinate system is converted.",
        path,
      );
    }
    return problem(
      GEOMETRY_REASONS.outOfRange,
      `Position ${path} (${lng}, ${lat}) is outside longitude −180…180 / latitude −90…90.`,
      path,
    );
  }
  return undefined;
}

function distinctPositionCount(ring: Position[]): number {
  return new Set(ring.map(([lng, lat]) => `${lng},${lat}`)).size;
}

function problem(
  reason: GeometryReason,
  message: string,
  path?: string,
  location?: Position,
): GeometryProblem {
  return { valid: false, reason, message, ...(path ? { path } : {}), ...(location ? { location } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
