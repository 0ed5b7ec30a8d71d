import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 3: part-gap analysis is bounded (each part's nearest neighbour by a planar distance, one
 * geodesic distance per part: a 400-part MultiPolygon took 28 s) and the parts/vertices limits are settings
 * (GEOMETRY_MAX_PARTS / GEOMETRY_MAX_VERTICES) answered with a 413 that names the limit.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url, {
    config: { geometryLimits: { maxParts: 450, maxVertices: 3_000 } },
  });
});
afterAll(async () => t?.close());

/** `count` disjoint small squares on a 20-wide grid near 中关村. */
function manyParts(count: number) {
  return {
    type: "MultiPolygon",
    coordinates: Array.from({ length: count }, (_, i) => {
      const west = 116.2 + (i % 20) * 0.004;
      const south = 40.0 + Math.floor(i / 20) * 0.004;
      return [
        [
          [west, south],
          [west + 0.002, south],
          [west + 0.002, south + 0.002],
          [west, south + 0.002],
          [west, south],
        ],
      ];
    }),
  };
}

/** A square [west, west + size] × [south, south + size] in degrees, as one polygon's rings. */
function square(west: number, south: number, size: number) {
  return [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ];
}

/** Distance along the parallel at `latDeg` for `deltaLngDeg` on GRS80: N(φ)·cos φ·Δλ (worked by hand). */
function parallelM(latDeg: number, deltaLngDeg: number): number {
  const a = 6_378_137;
  const e2 = 0.006_694_380_022_9;
  const phi = (latDeg * Math.PI) / 180;
  return ((a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2)) * Math.cos(phi) * deltaLngDeg * Math.PI) / 180;
}

function partGapsKm(body: { prechecks: { checks: { key: string; value: unknown }[] } }): number {
  return Number(body.prechecks.checks.find((check) => check.key === "part-gaps")?.value);
}

function analyse(geometry: unknown) {
  return t.app.inject({ method: "POST", url: "/api/analysis", payload: { geometry } });
}

describe("part limits and part-gap analysis", () => {
  it("analyses a 400-part MultiPolygon (its pre-checks use every part's nearest gap) in bounded time", async () => {
    // The first analysis of a fresh embedded database spends ~1–2 s warming PostGIS up, whatever its size.
    expect((await analyse(manyParts(1))).statusCode).toBe(200);
    const started = Date.now();
    const response = await analyse(manyParts(400));
    const ms = Date.now() - started;
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    // Every square's nearest is its east or west neighbour, 0.002° of longitude away; the widest such gap is
    // in the bottom row, nearest at its top edge (40.002°): 170.78 m.
    expect(partGapsKm(response.json()) * 1000).toBeCloseTo(parallelM(40.002, 0.002), 1);
    // Goal < 1 s (28 s before the nearest-neighbour bound, 1.5–2 s with exact plane distances to every
    // part). This guards against the quadratic returning, not a speed target (that is scripts/): 4 s failed
    // once at 5.8 s on PGlite with the 2 cores at load 18, so the bound sits halfway to the old 28 s.
    expect(ms).toBeLessThan(12_000);
    console.log(`400-part analysis: ${ms} ms`);
  });

  it("finds the nearest part by its shape, not by its bounding box", async () => {
    // A small square A inside the hole of a square frame B (B's box contains A: box distance 0, real distance
    // 0.0115° ≈ 982 m), and a square C 0.0035° east of A (≈ 299 m). A's nearest is C; B's is C, 0.007° east
    // of C's east edge (≈ 598 m). Taking B as A's nearest would make the widest gap 982 m.
    const frame = [
      ...square(116.2755, 39.98, 0.05).map((ring) => ring.map(([x, y]) => [x, y === 40.03 ? 40.021 : y])),
      [
        [116.2885, 39.9875],
        [116.2885, 40.0135],
        [116.3125, 40.0135],
        [116.3125, 39.9875],
        [116.2885, 39.9875],
      ],
    ];
    const response = await analyse({
      type: "MultiPolygon",
      coordinates: [square(116.3, 40.0, 0.001), frame, square(116.3045, 40.0, 0.001)],
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(partGapsKm(response.json()) * 1000).toBeCloseTo(parallelM(40.001, 0.007), 0);
  });

  it("refuses more parts than GEOMETRY_MAX_PARTS with 413 naming the limit", async () => {
    const response = await analyse(manyParts(451));
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: "too-many-parts", details: { limit: 450 } });
    expect(response.json().error.message).toContain("GEOMETRY_MAX_PARTS");
  });

  it("refuses more vertices than GEOMETRY_MAX_VERTICES on a block write, naming the limit", async () => {
    const ring = Array.from({ length: 3_001 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 3_001;
      return [116.3 + 0.01 * Math.cos(angle), 40.0 + 0.01 * Math.sin(angle)];
    });
    ring.push(ring[0]);
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: { type: "Polygon", coordinates: [ring] },
        properties: { name: "多顶点区块", parkId: t.parkIds[0], level: "municipal" },
      },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: "too-many-vertices", details: { limit: 3_000 } });
    expect(response.json().error.message).toContain("GEOMETRY_MAX_VERTICES");
  });
});
