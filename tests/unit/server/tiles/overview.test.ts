import { describe, expect, it } from "vitest";
import {
  extentWorldOfBox,
  isPointAtZoom,
  type OverviewDot,
  onePointPerCell,
  POINT_CELL_PX,
  pointCellTileUnits,
  simplifyRing,
} from "../../../../server/tiles/overview.js";

describe("overview tiles", () => {
  it("takes a block's larger side in world widths: longitude over 360°, latitude in Mercator", () => {
    // 0.36° of longitude is a thousandth of the world; a square degree at 40°N is taller (Mercator stretch
    // 1 / cos 40° ≈ 1.305), so its height wins.
    expect(extentWorldOfBox([116, 40, 116.36, 40.01])).toBeCloseTo(0.001, 12);
    expect(extentWorldOfBox([116, 39.5, 117, 40.5]) * 360).toBeCloseTo(1.305, 2);
  });

  it("sends a block as a point while it is under 4 px on a 512-px tile", () => {
    // 0.001° wide: 0.001 / 360 × 512 × 2^z px = 0.36 px at z8, 2.9 px at z11, 5.8 px at z12.
    const extent = 0.001 / 360;
    expect(isPointAtZoom(extent, 8)).toBe(true);
    expect(isPointAtZoom(extent, 11)).toBe(true);
    expect(isPointAtZoom(extent, 12)).toBe(false);
  });

  it("drops ring vertices within a pixel of the last one kept, and keeps a ring that would collapse", () => {
    const ring: [number, number][] = [
      [0, 0],
      [3, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    expect(simplifyRing(ring, 8)).toEqual([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ]);
    const tiny: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(simplifyRing(tiny, 8)).toEqual(tiny);
  });

  it("keeps one dot per 2-px cell and (level, status): the largest block's, larger first", () => {
    // A 2-px cell of a 4,096-unit, 512-px tile is 16 units.
    expect(POINT_CELL_PX).toBe(2);
    expect(pointCellTileUnits(4096)).toBe(16);
    const dot = (id: number, x: number, y: number, areaKm2: number, status = "candidate"): OverviewDot => ({
      id,
      x,
      y,
      level: "municipal",
      status,
      areaKm2,
    });
    const dots = [
      dot(1, 1, 1, 0.01),
      dot(2, 15, 15, 0.03), // same cell as 1, larger: kept
      dot(3, 15, 15, 0.03), // same cell and area as 2, larger id: dropped
      dot(4, 16, 1, 0.001), // the next cell: kept
      dot(5, 2, 2, 0.0001, "approved"), // same cell as 1 but another status: kept
      dot(6, -3, 5, 0.02), // in the buffer, the cell left of 1's: kept
    ];
    const kept = onePointPerCell(dots, (d) => d, 16).map((d) => d.id);
    expect(kept).toEqual([2, 6, 4, 5]);
  });
});
