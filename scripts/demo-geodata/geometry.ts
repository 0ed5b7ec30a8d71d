import * as turf from "@turf/turf";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { GRS80 } from "../../server/domain/geodesic.js";
import type { ArealGeometry, LngLat, OffsetKm, ShapeSpec } from "./types.js";

/** Geometry helpers of the generator: authoring frame, rounding and orientation, ellipsoidal areas, overlays. */

export const KM_PER_DEGREE_LAT = 110.574; // authoring approximation only; areas are always ellipsoidal
export const KM_PER_DEGREE_LNG_AT_EQUATOR = 111.32;

/** Converts a km offset from an anchor to lon/lat with a local equirectangular approximation (authoring only). */
export function lngLatFromOffsetKm(anchor: LngLat, offset: OffsetKm): Position {
  const kmPerDegreeLng = KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((anchor[1] * Math.PI) / 180);
  return [anchor[0] + offset[0] / kmPerDegreeLng, anchor[1] + offset[1] / KM_PER_DEGREE_LAT];
}

export function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

export function geometryFromPolygons(polygons: Position[][][]): ArealGeometry {
  return polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] }
    : { type: "MultiPolygon", coordinates: polygons };
}

export function polygonsOf(geometry: ArealGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

export function geometryFromShape(shape: ShapeSpec): ArealGeometry {
  return geometryFromPolygons(
    shape.parts.map((rings) =>
      rings.map((ring) => closeRing(ring.map((offset) => lngLatFromOffsetKm(shape.anchor, offset)))),
    ),
  );
}

export function polygonFromLngLats(ring: LngLat[]): Polygon {
  return { type: "Polygon", coordinates: [closeRing(ring.map(([lng, lat]) => [lng, lat]))] };
}

/** Rounds a coordinate to 6 decimals (≈ 0.1 m). */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Shoelace area in square degrees; positive for a counter-clockwise ring (only its sign is used). */
export function signedPlanarArea(ring: Position[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    sum += ring[index][0] * ring[index + 1][1] - ring[index + 1][0] * ring[index][1];
  }
  return sum / 2;
}

/** |sin| of the turn at a vertex below which the vertex is dropped as collinear or as a zero-width spike. */
export const DEGENERATE_TURN_SINE = 1e-4;

export function isDegenerateVertex(previous: Position, current: Position, next: Position): boolean {
  const ux = current[0] - previous[0];
  const uy = current[1] - previous[1];
  const vx = next[0] - current[0];
  const vy = next[1] - current[1];
  const lengths = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  return lengths === 0 || Math.abs(ux * vy - uy * vx) <= DEGENERATE_TURN_SINE * lengths;
}

/**
 * Drops repeated, collinear and spike vertices from a closed ring. Polygon clipping leaves zero-width spikes where
 * a cut line meets a shared district edge; they are invalid in OGC terms.
 */
export function withoutDegenerateVertices(ring: Position[]): Position[] {
  const open = ring.slice(0, -1);
  let index = firstDegenerateVertex(open);
  while (index >= 0 && open.length > 3) {
    open.splice(index, 1);
    index = firstDegenerateVertex(open);
  }
  return closeRing(open);
}

/** Index of the first degenerate vertex of an open ring, or -1. */
export function firstDegenerateVertex(open: Position[]): number {
  return open.findIndex((vertex, index) =>
    isDegenerateVertex(
      open[(index - 1 + open.length) % open.length],
      vertex,
      open[(index + 1) % open.length],
    ),
  );
}

export function roundedRing(ring: Position[], counterClockwise: boolean): Position[] {
  const rounded = withoutDegenerateVertices(
    ring.map(([lng, lat]) => [roundCoordinate(lng), roundCoordinate(lat)]),
  );
  return signedPlanarArea(rounded) > 0 === counterClockwise ? rounded : [...rounded].reverse();
}

/** Rounds to 6 decimals and orients rings per RFC 7946: exterior counter-clockwise, holes clockwise. */
export function normalisedGeometry(geometry: ArealGeometry): ArealGeometry {
  return geometryFromPolygons(
    polygonsOf(geometry).map((rings) => rings.map((ring, index) => roundedRing(ring, index === 0))),
  );
}

export function asMultiPolygon(geometry: ArealGeometry): MultiPolygon {
  return { type: "MultiPolygon", coordinates: polygonsOf(geometry) };
}

/** Geodesic area of one ring on the GRS80 ellipsoid, in square metres (unsigned). */
export function ringAreaM2(ring: Position[]): number {
  const polygon = GRS80.Polygon(false);
  for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
  const { area } = polygon.Compute(false, true);
  if (area === undefined) throw new Error("GeographicLib returned no area");
  return Math.abs(area);
}

/** Ellipsoidal (GRS80/CGCS2000) area in square metres: exteriors minus holes. */
export function ellipsoidalAreaM2(geometry: ArealGeometry | null): number {
  if (!geometry) return 0;
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      total += index === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
    });
  }
  return total;
}

export function km2(areaM2: number): number {
  return areaM2 / 1e6;
}

export function intersection(a: ArealGeometry, b: ArealGeometry): ArealGeometry | null {
  return turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]))?.geometry ?? null;
}

export function difference(a: ArealGeometry, b: ArealGeometry): ArealGeometry | null {
  return turf.difference(turf.featureCollection([turf.feature(a), turf.feature(b)]))?.geometry ?? null;
}

export function union(geometries: ArealGeometry[]): ArealGeometry {
  if (geometries.length === 1) return geometries[0];
  const result = turf.union(turf.featureCollection(geometries.map((geometry) => turf.feature(geometry))));
  if (!result) throw new Error("union of an empty list");
  return result.geometry;
}

/** Ellipsoidal area of a ∩ b in square metres. */
export function overlapAreaM2(a: ArealGeometry, b: ArealGeometry): number {
  return ellipsoidalAreaM2(intersection(a, b));
}

/** Ellipsoidal area of the part of `inner` outside `container`, in square metres. */
export function outsideAreaM2(inner: ArealGeometry, container: ArealGeometry): number {
  return ellipsoidalAreaM2(difference(inner, container));
}

/** Shortest distance between the parts of a two-part MultiPolygon, in kilometres (spherical, for a design check). */
export function gapBetweenPartsKm(geometry: MultiPolygon): number {
  const [first, second] = geometry.coordinates;
  const distanceToRing = (vertices: Position[], ring: Position[]): number =>
    Math.min(
      ...vertices.map((vertex) =>
        turf.pointToLineDistance(vertex, turf.lineString(ring), { units: "kilometers" }),
      ),
    );
  return Math.min(distanceToRing(first[0], second[0]), distanceToRing(second[0], first[0]));
}

/** Smallest ratio, over the parts, of a part's area to its convex hull's area (1 for convex parts). */
export function convexity(geometry: ArealGeometry): number {
  const ratios = polygonsOf(geometry).map((rings) => {
    const part: Polygon = { type: "Polygon", coordinates: [rings[0]] };
    const hull = turf.convex(part) ?? fail("no convex hull");
    return ellipsoidalAreaM2(part) / ellipsoidalAreaM2(hull.geometry);
  });
  return Math.min(...ratios);
}

/** Reasons a geometry is not valid RFC 7946 / OGC simple-features data; empty when valid. */
export function geometryProblems(geometry: ArealGeometry): string[] {
  const problems: string[] = [];
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4) problems.push("ring has fewer than 4 positions");
      if (first[0] !== last[0] || first[1] !== last[1]) problems.push("ring not closed");
      if (index === 0 && signedPlanarArea(ring) <= 0) problems.push("exterior ring not counter-clockwise");
      if (index > 0 && signedPlanarArea(ring) >= 0) problems.push("hole not clockwise");
      if (ring.some(([lng, lat]) => roundCoordinate(lng) !== lng || roundCoordinate(lat) !== lat)) {
        problems.push("coordinate with more than 6 decimals");
      }
    });
  }
  if (turf.kinks(geometry).features.length > 0) problems.push("self-intersection (turf kinks)");
  if (turf.booleanValid(geometry) !== true) problems.push("turf booleanValid is false");
  return problems;
}

export function assertValid(label: string, geometry: ArealGeometry): void {
  const problems = geometryProblems(geometry);
  if (problems.length > 0) throw new Error(`${label}: invalid geometry: ${problems.join("; ")}`);
}

export function fail(message: string): never {
  throw new Error(message);
}
