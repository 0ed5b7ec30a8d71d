import type { Point } from "geojson";
import { describe, expect, it } from "vitest";
import {
  gcj02ToWgs84,
  transformGeometry,
  transformPosition,
  wgs84ToGcj02,
} from "../../../../server/domain/crs-transform.js";
import { GRS80 } from "../../../../server/domain/geodesic.js";
import { CS2CS_REFERENCE as REFERENCE } from "../../../fixtures/cs2cs-reference.js";

const distanceM = ([lng1, lat1]: number[], [lng2, lat2]: number[]) =>
  GRS80.Inverse(lat1, lng1, lat2, lng2).s12 as number;

describe("CGCS2000 Gauss-Krüger definitions (proj4) against cs2cs", () => {
  it.each(REFERENCE)("projects $lngLat like cs2cs to 0.1 mm, with and without the zone prefix", (point) => {
    const zone39 = transformPosition("EPSG:4490", "EPSG:4527", point.lngLat);
    const zone39NoPrefix = transformPosition("EPSG:4490", "EPSG:4548", point.lngLat);
    const zone38 = transformPosition("EPSG:4490", "EPSG:4547", point.lngLat);
    const zone38Prefix = transformPosition("EPSG:4490", "EPSG:4526", point.lngLat);
    expect(Math.abs(zone39[0] - point.epsg4527[0])).toBeLessThan(1e-4);
    expect(Math.abs(zone39[1] - point.epsg4527[1])).toBeLessThan(1e-4);
    expect(Math.abs(zone39NoPrefix[0] - (point.epsg4527[0] - 39_000_000))).toBeLessThan(1e-4);
    expect(Math.abs(zone38[0] - point.epsg4547[0])).toBeLessThan(1e-4);
    expect(Math.abs(zone38[1] - point.epsg4547[1])).toBeLessThan(1e-4);
    expect(Math.abs(zone38Prefix[0] - (point.epsg4547[0] + 38_000_000))).toBeLessThan(1e-4);
  });

  it("goes to GK and back within 1e-9°", () => {
    const there = transformPosition("EPSG:4490", "EPSG:4527", [116.391234567, 39.912345678]);
    const back = transformPosition("EPSG:4527", "EPSG:4490", there);
    expect(Math.abs(back[0] - 116.391234567)).toBeLessThan(1e-9);
    expect(Math.abs(back[1] - 39.912345678)).toBeLessThan(1e-9);
  });
});

describe("GCJ-02", () => {
  it("converts a point offset by hundreds of metres back to within 0.5 m", () => {
    const wgs84: Point = { type: "Point", coordinates: [116.397128, 39.916527] };
    const offset = wgs84ToGcj02(wgs84);
    expect(wgs84.coordinates).toEqual([116.397128, 39.916527]);
    const shiftM = distanceM(wgs84.coordinates, offset.coordinates);
    expect(shiftM).toBeGreaterThan(100);
    expect(shiftM).toBeLessThan(1000);
    const back = gcj02ToWgs84(offset);
    expect(distanceM(wgs84.coordinates, back.coordinates)).toBeLessThan(0.5);
    expect(offset.coordinates).not.toEqual(back.coordinates);
  });

  it("leaves geometry it transforms untouched", () => {
    const polygon = {
      type: "Polygon" as const,
      coordinates: [
        [
          [116.3, 40],
          [116.31, 40],
          [116.31, 40.01],
          [116.3, 40],
        ],
      ],
    };
    const copy = structuredClone(polygon);
    transformGeometry(polygon, "EPSG:4490", "EPSG:4527");
    gcj02ToWgs84(polygon);
    expect(polygon).toEqual(copy);
  });
});
