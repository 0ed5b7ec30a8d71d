import { describe, expect, it } from "vitest";
import { detectCrsFromBbox } from "../../../../server/formats/crs-detect.js";
import { CS2CS_REFERENCE as REFERENCE } from "../../../fixtures/cs2cs-reference.js";

describe("detecting the system from the numbers", () => {
  const box = (points: number[][]) => {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as [
      number,
      number,
      number,
      number,
    ];
  };

  it("recognises lon/lat, and lat/lon written latitude first", () => {
    expect(detectCrsFromBbox([116.3, 39.9, 116.5, 40.1])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4490",
      axesSwapped: false,
    });
    expect(detectCrsFromBbox([39.9, 116.3, 40.1, 116.5])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4490",
      axesSwapped: true,
    });
  });

  it("tells the four CGCS2000 GK variants apart in Beijing", () => {
    const zone39 = box(REFERENCE.map((p) => p.epsg4527));
    const zone38 = box(REFERENCE.map((p) => p.epsg4547));
    expect(detectCrsFromBbox(zone39)).toMatchObject({ outcome: "detected", code: "EPSG:4527" });
    expect(detectCrsFromBbox([zone39[0] - 39e6, zone39[1], zone39[2] - 39e6, zone39[3]])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4548",
    });
    expect(detectCrsFromBbox(zone38)).toMatchObject({ outcome: "detected", code: "EPSG:4547" });
    expect(detectCrsFromBbox([zone38[0] + 38e6, zone38[1], zone38[2] + 38e6, zone38[3]])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4526",
    });
  });

  it("recognises northing-first GK numbers (X north, Y east)", () => {
    const [minE, minN, maxE, maxN] = box(REFERENCE.map((p) => p.epsg4527));
    expect(detectCrsFromBbox([minN, minE, maxN, maxE])).toMatchObject({
      code: "EPSG:4527",
      axesSwapped: true,
    });
  });

  it("flags 6° zone-20 numbers as legacy instead of guessing, and calls a local grid unknown", () => {
    expect(detectCrsFromBbox([20_440_000, 4_420_000, 20_460_000, 4_430_000]).outcome).toBe(
      "legacy-suspected",
    );
    expect(detectCrsFromBbox([495_000, 300_000, 505_000, 310_000]).outcome).toBe("unknown");
  });
});
