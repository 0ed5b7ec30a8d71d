import type { Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { ellipsoidalAreaM2, geodesicDistanceM, ringAreaM2 } from "../../../../server/domain/geodesic.js";

// Reference values from PostGIS 3.3 on PostgreSQL 15, computed once and typed in:
//   select ST_Area(ST_GeomFromText('POLYGON(...)', 4490)::geography)          -- ellipsoidal (GRS80)
//   select ST_Area(ST_GeomFromText('POLYGON(...)', 4490)::geography, false)   -- spherical, for contrast
//   select ST_Distance('POINT(116.3 39.9)'::geography, 'POINT(116.4 39.98)'::geography)
const WITH_HOLE: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [116.3, 39.9],
      [116.4, 39.9],
      [116.4, 39.98],
      [116.3, 39.98],
      [116.3, 39.9],
    ],
    [
      [116.33, 39.92],
      [116.35, 39.92],
      [116.35, 39.94],
      [116.33, 39.94],
      [116.33, 39.92],
    ],
  ],
};
const WITH_HOLE_POSTGIS_M2 = 72122459.397;
const WITH_HOLE_SPHERICAL_M2 = 72047100.2271;
const QUADRILATERAL: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [115.9, 40.3],
      [116.05, 40.28],
      [116.1, 40.4],
      [115.95, 40.45],
      [115.9, 40.3],
    ],
  ],
};
const QUADRILATERAL_POSTGIS_M2 = 207530453.5045;
const DISTANCE_POSTGIS_M = 12326.8269;

describe("the shared GRS80 geodesic", () => {
  it("gives PostGIS ST_Area(geography) to 1e-9, far inside the 0.1% gap to a spherical area", () => {
    expect(Math.abs(ellipsoidalAreaM2(WITH_HOLE) / WITH_HOLE_POSTGIS_M2 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(ellipsoidalAreaM2(QUADRILATERAL) / QUADRILATERAL_POSTGIS_M2 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(WITH_HOLE_SPHERICAL_M2 / WITH_HOLE_POSTGIS_M2 - 1)).toBeGreaterThan(1e-3);
  });

  it("ignores orientation and the closing position, and gives 0 below a triangle", () => {
    const ring = QUADRILATERAL.coordinates[0];
    expect(Math.abs(ringAreaM2([...ring].reverse()) / QUADRILATERAL_POSTGIS_M2 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(ringAreaM2(ring.slice(0, -1)) / QUADRILATERAL_POSTGIS_M2 - 1)).toBeLessThan(1e-9);
    expect(ringAreaM2(ring.slice(0, 2))).toBe(0);
  });

  it("gives PostGIS ST_Distance(geography) to 0.1 mm", () => {
    expect(Math.abs(geodesicDistanceM([116.3, 39.9], [116.4, 39.98]) - DISTANCE_POSTGIS_M)).toBeLessThan(
      1e-4,
    );
  });
});
