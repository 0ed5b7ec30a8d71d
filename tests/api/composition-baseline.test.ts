import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * 空间构成 (《管理办法》需要说明的是 四) with a frozen baseline: new candidates no longer enlarge the union, so applying
 * for a block shrinks the headroom by its area and the cap can fire. Expected areas: GeographicLib on the
 * rectangles sent.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const KM2 = 1_000_000;
const get = async () => (await t.app.inject({ method: "GET", url: "/api/composition" })).json();
const sum = (terms: { operation: string; areaKm2: number }[]) =>
  terms.reduce(
    (total, term) =>
      total + (term.operation === "+" ? term.areaKm2 : term.operation === "-" ? -term.areaKm2 : 0),
    0,
  );

describe("the composition baseline", () => {
  it("is frozen by the demo's first load: applying for a demo 意向纳入区块 shrinks the headroom without a POST", async () => {
    const before = await get();
    expect(before.baseline).toMatchObject({ frozenBy: "demo-data-loader" });
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks?status=candidate" })).json();
    const dongba = blocks.features.find(
      (block: { properties: { code: string } }) => block.properties.code === "chaoyang-dongba",
    );
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${dongba.properties.id}/actions/apply`,
      payload: { version: dongba.properties.version, reason: "申报（测试）" },
    });
    expect(applied.statusCode).toBe(200);
    const after = await get();
    expect(after.unionKm2).toBe(before.unionKm2);
    expect(before.headroomKm2 - after.headroomKm2).toBeCloseTo(geodesicAreaM2(dongba.geometry) / KM2, 6);
  });

  it("is frozen on demand with its date and terms; a candidate leaves it alone, applying for it shrinks the headroom", async () => {
    const demoBaseline = (await get()).baseline;
    const frozen = await t.app.inject({
      method: "POST",
      url: "/api/composition/baseline",
      headers: await t.actorHeaders("planner"),
      payload: { note: "测试基线" },
    });
    expect(frozen.statusCode).toBe(201);
    const before = await get();
    expect(before.baseline).toMatchObject({ frozenBy: "planner" });
    expect(before.baseline.id).toBeGreaterThan(demoBaseline.id);
    expect(before.baseline.unionKm2).toBeCloseTo(before.unionKm2, 9);

    // The terms add up: the union terms with their overlap row, then the declared ranges ∩ the union.
    const terms = before.terms as { key: string; operation: string; areaKm2: number; insideUnion: boolean }[];
    const at = (key: string) => terms.findIndex((term) => term.key === key);
    expect(sum(terms.slice(0, at("union")))).toBeCloseTo(before.unionKm2, 6);
    // Separate overlays (∩ of each range, their overlap, the difference) agree to overlay noise (~1e-6 relative).
    expect(before.unionKm2 + sum(terms.slice(at("union") + 1, at("max-municipal")))).toBeCloseTo(
      before.maxMunicipalKm2,
      3,
    );
    expect(terms.filter((term) => term.insideUnion).map((term) => term.key)).toEqual([
      "declared-national-high-tech",
      "declared-national-etdz",
      "declared-overlap",
    ]);
    const cap = before.cap as { key: string; operation: string; areaKm2: number }[];
    expect(cap[0].areaKm2 + sum(cap.slice(1, -1))).toBeCloseTo(before.headroomKm2, 9);

    // A 4 km² draft far from everything: neither the union nor the headroom move.
    const geometry = rectangle(117.3, 40.75, 117.35, 40.77);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry,
        properties: { name: "意向纳入（测试）", parkId: 1, level: "municipal", status: "candidate" },
      },
    });
    expect(created.statusCode).toBe(201);
    const drafted = await get();
    expect(drafted.unionKm2).toBe(before.unionKm2);
    expect(drafted.headroomKm2).toBeCloseTo(before.headroomKm2, 9);

    // Applied for: the headroom shrinks by its area, and it is flagged as lying outside the baseline.
    const { id, version } = created.json().properties;
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${id}/actions/apply`,
      payload: { version, reason: "申报（测试）" },
    });
    expect(applied.statusCode).toBe(200);
    const after = await get();
    const areaKm2 = geodesicAreaM2(geometry) / KM2;
    expect(before.headroomKm2 - after.headroomKm2).toBeCloseTo(areaKm2, 6);
    expect(after.unionKm2).toBe(before.unionKm2);
    expect(after.flaggedBlocks).toEqual(
      expect.arrayContaining([expect.objectContaining({ blockId: id, status: "applied" })]),
    );
    const flag = after.flaggedBlocks.find((entry: { blockId: number }) => entry.blockId === id);
    expect(flag.outsideBaselineKm2).toBeCloseTo(areaKm2, 6);
  });
});
