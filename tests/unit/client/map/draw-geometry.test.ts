import { area as turfArea } from "@turf/turf";
import type { MultiPolygon, Polygon } from "geojson";
import { describe, expect, test } from "vitest";
import {
  assembleGeometry,
  partContaining,
  ringsOfGeometry,
  withoutVertex,
} from "../../../../client/map/draw-rings.js";
import { indexRings, type SnapProjection, snapPosition } from "../../../../client/map/draw-snapping.js";
import { ellipsoidalAreaM2, ringAreaM2 } from "../../../../server/domain/geodesic.js";
import { rectangle } from "../../../helpers/geodesic.js";

/** The pure parts of drawing: the browser's area, the rings ↔ geometry of holes and parts, snapping. */
const outer = rectangle(116.3, 39.9, 116.4, 39.98);
const hole = rectangle(116.33, 39.92, 116.35, 39.94);
const part = rectangle(116.5, 39.9, 116.52, 39.91);

/**
 * Reference areas typed in from an independent tool: PostGIS 3.3.2 `ST_Area(geom::geography)` (C, on the
 * GRS80 spheroid of SRID 4490), e.g. `select ST_Area(ST_MakeEnvelope(116, 40, 116.01, 40.01, 4490)::geography)`.
 * The window (1e-9 relative) rejects a spherical area: turf.area is ~1e-3 off at 40°N.
 */
const MULTIPOLYGON_REFERENCE_M2 = 74_021_388.603542;
const SMALL_RECTANGLE_REFERENCE_M2 = 948_099.211909;
const WINDOW = 1e-9;

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1);
}

describe("ellipsoidal area in the browser (GRS80)", () => {
  const geometry: MultiPolygon = {
    type: "MultiPolygon",
    coordinates: [[outer.coordinates[0], hole.coordinates[0]], part.coordinates],
  };

  test("a rectangle with a hole and a second part: PostGIS's geography area to 1e-9", () => {
    expect(relativeError(ellipsoidalAreaM2(geometry), MULTIPOLYGON_REFERENCE_M2)).toBeLessThan(WINDOW);
  });

  test("the window rejects the spherical area (turf.area is ~0.1% off at Beijing's latitude)", () => {
    expect(relativeError(turfArea(geometry), MULTIPOLYGON_REFERENCE_M2)).toBeGreaterThan(1e-4);
  });

  test("0.01° × 0.01° at 40°N: 0.948 km² (hand check: 1111.95 m × cos 40° × 1110.9 m ≈ 0.946 km²)", () => {
    const areaM2 = ellipsoidalAreaM2(rectangle(116, 40, 116.01, 40.01));
    expect(relativeError(areaM2, SMALL_RECTANGLE_REFERENCE_M2)).toBeLessThan(WINDOW);
  });

  test("orientation and the closing position do not matter", () => {
    const ring = outer.coordinates[0];
    expect(ringAreaM2([...ring].reverse())).toBeCloseTo(ringAreaM2(ring), 6);
    expect(ringAreaM2(ring.slice(0, -1))).toBeCloseTo(ringAreaM2(ring), 6);
  });

  test("0.01° × 0.01° at 40°N: ≈ 0.9 km² (hand check: 1111.95 m × cos 40° × 1110.9 m ≈ 0.946 km²)", () => {
    const areaM2 = ellipsoidalAreaM2(rectangle(116, 40, 116.01, 40.01));
    expect(areaM2 / 1e6).toBeGreaterThan(0.94);
    expect(areaM2 / 1e6).toBeLessThan(0.952);
  });

  test("fewer than three vertices have no area", () => {
    expect(
      ringAreaM2([
        [116, 40],
        [116.1, 40],
        [116, 40],
      ]),
    ).toBe(0);
  });
});

describe("rings of the block being drawn", () => {
  let counter = 0;
  const newId = () => `id-${counter++}`;

  test("a stored MultiPolygon with a hole comes back unchanged from its rings", () => {
    const geometry: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [[outer.coordinates[0], hole.coordinates[0]], part.coordinates],
    };
    const rings = ringsOfGeometry(geometry, newId);
    expect(rings.map((ring) => ring.role)).toEqual(["part", "hole", "part"]);
    expect(assembleGeometry(rings)).toEqual(geometry);
  });

  test("one part is a Polygon; no part is nothing", () => {
    const rings = ringsOfGeometry(outer, newId);
    expect(assembleGeometry(rings)).toEqual(outer satisfies Polygon);
    expect(assembleGeometry([])).toBeNull();
  });

  test("a hole belongs to the part that contains all its vertices", () => {
    const rings = ringsOfGeometry(
      { type: "MultiPolygon", coordinates: [outer.coordinates, part.coordinates] },
      newId,
    );
    expect(partContaining(rings, hole.coordinates[0])?.id).toBe(rings[0].id);
    expect(partContaining(rings, rectangle(116.39, 39.97, 116.45, 39.99).coordinates[0])).toBeUndefined();
  });

  test("deleting a vertex keeps the ring closed, and never below a triangle", () => {
    const square = outer.coordinates[0];
    const triangle = withoutVertex(square, 1);
    expect(triangle).toEqual([square[0], square[2], square[3], square[0]]);
    expect(withoutVertex(triangle ?? [], 0)).toBeNull();
  });
});

describe("snapping to loaded GeoJSON", () => {
  // A plain linear screen: 10,000 px per degree, y down.
  const projection: SnapProjection = {
    project: (lng, lat) => ({ x: (lng - 116) * 10_000, y: (40 - lat) * 10_000 }),
    unproject: (x, y) => ({ lng: 116 + x / 10_000, lat: 40 - y / 10_000 }),
  };
  const rings = indexRings([
    { type: "Feature", geometry: rectangle(116.3, 39.9, 116.4, 39.98), properties: {} },
  ]);

  test("a vertex within the tolerance wins", () => {
    expect(snapPosition(rings, { x: 3004, y: 1004 }, projection)).toEqual([116.3, 39.9]);
  });

  test("else the nearest point of an edge", () => {
    const snapped = snapPosition(rings, { x: 3500, y: 1006 }, projection);
    expect(snapped?.[0]).toBeCloseTo(116.35, 9);
    expect(snapped?.[1]).toBeCloseTo(39.9, 9);
  });

  test("nothing near: no snap", () => {
    expect(snapPosition(rings, { x: 3500, y: 900 }, projection)).toBeUndefined();
  });

  test("the tolerance and the targets are the user's (issue #18 item 8)", () => {
    // 20 px from the corner: outside the default 10 px, inside 25 px.
    expect(snapPosition(rings, { x: 3012, y: 1016 }, projection)).toBeUndefined();
    expect(snapPosition(rings, { x: 3012, y: 1016 }, projection, 25)).toEqual([116.3, 39.9]);
    // Edges only: the corner is not taken, the nearest point of the nearer edge is (6 px below the corner).
    const edge = snapPosition(rings, { x: 3004, y: 1006 }, projection, 10, { vertices: false, edges: true });
    expect(edge?.[0]).toBeCloseTo(116.3004, 9);
    expect(edge?.[1]).toBeCloseTo(39.9, 9);
    // Vertices only: a cursor near the middle of an edge snaps to nothing.
    expect(
      snapPosition(rings, { x: 3500, y: 1006 }, projection, 10, { vertices: true, edges: false }),
    ).toBeUndefined();
  });
});
