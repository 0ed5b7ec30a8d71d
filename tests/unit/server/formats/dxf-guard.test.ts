import { describe, expect, it } from "vitest";
import { arcPositions, arcSteps, MAX_ARC_STEPS } from "../../../../server/formats/dxf-arcs.js";
import { withTrueVertexCounts } from "../../../../server/formats/dxf-guard.js";
import { readDxf } from "../../../../server/formats/dxf-read.js";
import {
  dxfHatchEndlessArc,
  dxfHatchHugeCounts,
  dxfHugeVertexCount,
  dxfManyRings,
  dxfNotFinite,
} from "../../../hostile/hostile-files.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("a DXF's declared counts and numbers are not trusted", () => {
  it("replaces an LWPOLYLINE's declared vertex count by the vertices it has", () => {
    const fixed = withTrueVertexCounts(dxfHugeVertexCount());
    expect(fixed).toContain("\n90\n3\n");
    expect(fixed).not.toContain("2147483647");
    const read = readDxf(bytes(dxfHugeVertexCount()), "bomb.dxf");
    expect(read.ok && read.value.features[0].geometry).toEqual({
      type: "Polygon",
      coordinates: [
        [
          [440000.5, 4430000.5],
          [440100.5, 4430000.5],
          [440100.5, 4430100.5],
          [440000.5, 4430000.5],
        ],
      ],
    });
  });

  it("refuses NaN and Infinity coordinates, naming the entity", () => {
    const read = readDxf(bytes(dxfNotFinite()), "nan.dxf");
    expect(read).toMatchObject({ ok: false, reason: "bad-file" });
    expect(!read.ok && read.message).toContain("LWPOLYLINE");
  });

  it("refuses more than 10,000 rings before nesting them", () => {
    const started = Date.now();
    expect(readDxf(bytes(dxfManyRings(10_001)), "rings.dxf")).toMatchObject({
      ok: false,
      reason: "too-many-rings",
    });
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it("stops HATCH loops at the end of the entity and arcs at 4096 steps", () => {
    expect(readDxf(bytes(dxfHatchHugeCounts()), "h.dxf")).toMatchObject({
      ok: false,
      reason: "no-boundaries",
    });
    expect(readDxf(bytes(dxfHatchEndlessArc()), "a.dxf").ok).toBe(false);
    expect(arcSteps(1e12, Math.PI, 0.05)).toBe(MAX_ARC_STEPS);
    expect(arcSteps(Number.NaN, Math.PI, 0.05)).toBe(1);
    // 350° → 10° anticlockwise is a 20° sweep, as the former += 2π loop made it.
    const arc = arcPositions([0, 0], 1, 350, 10, true, 0.5);
    expect(arc[0][0]).toBeCloseTo(Math.cos((350 * Math.PI) / 180), 12);
    expect(arc[arc.length - 1][1]).toBeCloseTo(Math.sin((10 * Math.PI) / 180), 12);
  });
});
