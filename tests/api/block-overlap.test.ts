import type { Geometry, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #18 item 3: a block overlapping another live block is reported with area and shares, never refused. */
let t: TestApp;
let parkId: number;
let existingId: number;

// An existing block, and a new shape that lies 99% inside it (strips of it stick out to the east and north).
const EXISTING = rectangle(116.6, 40.6, 116.62, 40.615);
const REDRAWN = rectangle(116.601, 40.601, 116.62005, 40.6151);
const SHARED = rectangle(116.601, 40.601, 116.62, 40.615);
const FAR_AWAY = rectangle(116.7, 40.7, 116.71, 40.71);

const km2 = (geometry: Polygon) => geodesicAreaM2(geometry) / 1e6;

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
  existingId = (await createBlock("已有区块", EXISTING)).properties.id;
});
afterAll(async () => t?.close());

async function createBlock(name: string, geometry: Geometry) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: { type: "Feature", geometry, properties: { name, parkId, level: "municipal" } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

interface BlockOverlapRow {
  id: number;
  name: string;
  overlapKm2: number;
  shareOfGeometry: number;
  shareOfOther: number;
}

function expectOverlapWithExisting(rows: BlockOverlapRow[]) {
  const row = rows.find((overlap) => overlap.id === existingId);
  expect(row, JSON.stringify(rows)).toBeDefined();
  expect(row?.name).toBe("已有区块");
  expect(row?.overlapKm2).toBeCloseTo(km2(SHARED), 9);
  expect(row?.shareOfGeometry).toBeCloseTo(km2(SHARED) / km2(REDRAWN), 9);
  expect(row?.shareOfOther).toBeCloseTo(km2(SHARED) / km2(EXISTING), 9);
}

describe("POST /api/analysis", () => {
  it("lists the block the drawing lies 99% inside, with the overlap area and both shares", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/analysis",
      payload: { geometry: REDRAWN },
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expectOverlapWithExisting(result.blockOverlaps);
    expect(km2(SHARED) / km2(REDRAWN)).toBeGreaterThan(0.98);
    const check = result.prechecks.checks.find((c: { key: string }) => c.key === "block-overlap");
    expect(check.status).toBe("warn");
    expect(check.value).toBeCloseTo(km2(SHARED) / km2(REDRAWN), 9);
  });

  it("passes the pre-check for a shape that overlaps no block", async () => {
    const result = (
      await t.app.inject({ method: "POST", url: "/api/analysis", payload: { geometry: FAR_AWAY } })
    ).json();
    expect(result.blockOverlaps).toEqual([]);
    const check = result.prechecks.checks.find((c: { key: string }) => c.key === "block-overlap");
    expect(check).toMatchObject({ status: "pass", value: 0 });
  });

  it("leaves the edited block out of its own overlaps", async () => {
    const result = (
      await t.app.inject({
        method: "POST",
        url: "/api/analysis",
        payload: { geometry: REDRAWN, excludeBlockId: existingId },
      })
    ).json();
    expect(result.blockOverlaps.map((row: BlockOverlapRow) => row.id)).not.toContain(existingId);
  });
});

describe("a saved overlapping block", () => {
  it("saves (the warning never refuses) and its stored analysis and pre-checks report the overlap", async () => {
    const saved = await createBlock("重画的区块", REDRAWN);
    const response = await t.app.inject({
      method: "GET",
      url: `/api/blocks/${saved.properties.id}/analysis`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expectOverlapWithExisting(result.blockOverlaps);
    const check = result.prechecks.checks.find((c: { key: string }) => c.key === "block-overlap");
    expect(check.status).toBe("warn");
    // The existing block's own analysis names the new one, with the shares the other way round.
    const back = (await t.app.inject({ method: "GET", url: `/api/blocks/${existingId}/analysis` })).json();
    const row = back.blockOverlaps.find((o: BlockOverlapRow) => o.id === saved.properties.id);
    expect(row.shareOfGeometry).toBeCloseTo(km2(SHARED) / km2(EXISTING), 9);
    expect(row.shareOfOther).toBeCloseTo(km2(SHARED) / km2(REDRAWN), 9);
  });
});

describe("import", () => {
  it("the upload's report lists, per feature, the blocks it overlaps", async () => {
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { name: "导入重叠" }, geometry: REDRAWN },
        { type: "Feature", properties: { name: "导入不重叠" }, geometry: FAR_AWAY },
      ],
    });
    const response = await upload(t.app, "overlap.geojson", file, { sourceCrs: "EPSG:4490" });
    expect(response.statusCode, response.body).toBe(201);
    const [overlapping, apart] = response.json().features;
    expectOverlapWithExisting(overlapping.blockOverlaps);
    expect(apart.blockOverlaps).toBeUndefined();
    // The kept preview says the same.
    const again = (await t.app.inject({ method: "GET", url: `/api/imports/${response.json().id}` })).json();
    expectOverlapWithExisting(again.features[0].blockOverlaps);
  });
});
