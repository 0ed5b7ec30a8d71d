import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { labelPoint } from "../../../../client/geo/label-point.js";

// A 0.1° × 0.04° rectangle at 40°N: its pole of inaccessibility is its centre, [116.35, 40.02].
const RECTANGLE: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [116.3, 40.0],
      [116.4, 40.0],
      [116.4, 40.04],
      [116.3, 40.04],
      [116.3, 40.0],
    ],
  ],
};
// A "C" open to the east, 0.1° square with the bite [116.33..116.4] × [40.02..40.08]: the centroid and
// the box centre lie in the bite, outside the shape; the label must lie in the left bar (west of 116.33°E).
const C_SHAPE: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      [116.3, 40.0],
      [116.4, 40.0],
      [116.4, 40.02],
      [116.33, 40.02],
      [116.33, 40.08],
      [116.4, 40.08],
      [116.4, 40.1],
      [116.3, 40.1],
      [116.3, 40.0],
    ],
  ],
};

describe("label points (polylabel)", () => {
  it("puts a rectangle's label at its centre", () => {
    const [lng, lat] = labelPoint(RECTANGLE);
    expect(Math.abs(lng - 116.35)).toBeLessThan(0.001);
    expect(Math.abs(lat - 40.02)).toBeLessThan(0.001);
  });

  it("puts a C-shape's label inside it, where its centroid is not", () => {
    const point = labelPoint(C_SHAPE);
    expect(booleanPointInPolygon(point, C_SHAPE, { ignoreBoundary: true })).toBe(true);
    expect(point[0]).toBeLessThan(116.33);
    expect(booleanPointInPolygon([116.355, 40.05], C_SHAPE)).toBe(false);
  });

  it("labels the largest part of a MultiPolygon", () => {
    const small = [
      [117.0, 40.0],
      [117.01, 40.0],
      [117.01, 40.01],
      [117.0, 40.01],
      [117.0, 40.0],
    ];
    const geometry: MultiPolygon = { type: "MultiPolygon", coordinates: [[small], RECTANGLE.coordinates] };
    expect(booleanPointInPolygon(labelPoint(geometry), RECTANGLE, { ignoreBoundary: true })).toBe(true);
  });
});
