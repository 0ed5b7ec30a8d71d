import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { ARC_CHORD_ERROR_M, arcPositions, bulgePositions } from "../../../../server/formats/dxf-arcs.js";
import { readHatches } from "../../../../server/formats/dxf-hatch.js";

/** The largest distance from the true arc to the chords between consecutive points (the sagitta). */
function worstChordErrorM(points: Position[], centre: Position, radius: number): number {
  let worst = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const mid = [(points[i][0] + points[i + 1][0]) / 2, (points[i][1] + points[i + 1][1]) / 2];
    worst = Math.max(worst, radius - Math.hypot(mid[0] - centre[0], mid[1] - centre[1]));
  }
  return worst;
}

describe("arcs segmented to a chord error of at most 0.05 m (issue 17)", () => {
  it.each([10, 1000, 20_000])("a half circle of r = %d m from a bulge of 1", (radius) => {
    const a: Position = [500_000 - radius, 4_400_000];
    const b: Position = [500_000 + radius, 4_400_000];
    const points = [a, ...bulgePositions(a, b, 1, ARC_CHORD_ERROR_M), b];
    const error = worstChordErrorM(points, [500_000, 4_400_000], radius);
    expect(error).toBeLessThanOrEqual(ARC_CHORD_ERROR_M);
    // Not far finer than needed either: within a factor 2 of the tolerance for large radii.
    if (radius >= 1000) expect(error).toBeGreaterThan(ARC_CHORD_ERROR_M / 2);
  });

  it("a clockwise HATCH arc edge stores mirrored angles", () => {
    const points = arcPositions([0, 0], 100, 0, 90, false, ARC_CHORD_ERROR_M);
    expect(points[0][0]).toBeCloseTo(100, 9);
    expect(points[points.length - 1][1]).toBeCloseTo(-100, 9);
  });

  it("a HATCH edge path of a line and a half circle: the area of the half disc", () => {
    const edges = [
      "72\n1\n10\n-1000\n20\n0\n11\n1000\n21\n0",
      "72\n2\n10\n0\n20\n0\n40\n1000\n50\n0\n51\n180\n73\n1",
    ];
    const dxf = `0\nSECTION\n2\nENTITIES\n0\nHATCH\n5\n2A\n8\n区块\n2\nSOLID\n70\n1\n71\n0\n91\n1\n92\n1\n93\n2\n${edges.join("\n")}\n97\n0\n0\nENDSEC\n0\nEOF\n`;
    const reading = readHatches(dxf, ARC_CHORD_ERROR_M);
    expect(reading).toMatchObject({ entities: 1, problems: [] });
    const ring = reading.rings[0].positions;
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    const halfDisc = (Math.PI * 1000 ** 2) / 2;
    // Chords cut at most 0.05 m off along the 3 142 m arc: ≤ 157 m² of 1.57 km².
    expect(halfDisc - twiceArea / 2).toBeGreaterThan(0);
    expect(halfDisc - twiceArea / 2).toBeLessThan(ARC_CHORD_ERROR_M * Math.PI * 1000);
    expect(reading.rings[0]).toMatchObject({ handle: "2A", layer: "区块" });
  });
});
