import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { runFlags } from "../helpers/flag-run.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { approveYear } from "./approve-year.js";

/**
 * The yearly evaluation as the Measures have it (《管理办法》第三部分 · 综合评价、动态调整、过渡培育): national blocks ranked
 * but never in the bottom 5%; who takes part in a year; transitions that do not reach back; scores nobody earned.
 */
let t: TestApp;
const idOf = new Map<string, number>();
beforeAll(async () => {
  t = await startTestApp();
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  for (const feature of blocks.features) idOf.set(feature.properties.code, feature.properties.id);
});
afterAll(async () => t?.close());

const INPUTS = INDICATOR_INPUTS;
/** Every input scaled: a block with strength 0.5 reports half of everything (so it scores lower). */
const inputsOf = (strength: number) =>
  Object.fromEntries(Object.entries(INPUTS).map(([key, value]) => [key, Math.round(value * strength)]));

let parkCounter = 0;
async function createPark(category: "A" | "B"): Promise<number> {
  parkCounter++;
  const [{ id }] = await t.db
    .knex("parks")
    .insert({
      code: `test-eval-${process.pid}-${parkCounter}`,
      name: `测试分园 ${parkCounter}`,
      name_en: `Test park ${parkCounter}`,
      district: "test",
      category,
    })
    .returning("id");
  return id;
}

async function createBlock(
  parkId: number,
  geometry: Polygon,
  properties: Record<string, unknown>,
): Promise<number> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: { type: "Feature", geometry, properties: { parkId, level: "municipal", ...properties } },
  });
  if (response.statusCode !== 201) throw new Error(`block not created: ${response.body}`);
  return response.json().properties.id;
}

async function ranking(year: number, query = "") {
  const response = await t.app.inject({ method: "GET", url: `/api/evaluations/${year}/ranking${query}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

type Entry = { blockId: number; rank: number | null; bottom5: boolean; exempt: string | null };
const entryOf = (body: { categories: Record<string, Entry[]> }, blockId: number) =>
  [...body.categories.A, ...body.categories.B].find((entry) => entry.blockId === blockId);

describe("national blocks are ranked, never adjusted", () => {
  it("the lowest block of the category is national: it is shown last, the lowest municipal one is flagged", async () => {
    const parkId = await createPark("A");
    // Recognized in 2030: in no earlier year's evaluation (the demo years stay as they are).
    const since = { status: "recognized", attributes: { recognizedOn: "2030-01-01" } };
    const national = await createBlock(parkId, rectangle(116.3, 39.0, 116.31, 39.01), {
      ...since,
      name: "石龙（测试，国家级）",
      level: "national",
    });
    const strong = await createBlock(parkId, rectangle(116.32, 39.0, 116.33, 39.01), {
      ...since,
      name: "强",
    });
    const weak = await createBlock(parkId, rectangle(116.34, 39.0, 116.35, 39.01), { ...since, name: "弱" });
    const rows = [
      { blockId: national, ...inputsOf(0.2) },
      { blockId: strong, ...inputsOf(1) },
      { blockId: weak, ...inputsOf(0.5) },
    ];
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2030/indicators",
      payload: { rows },
    });
    expect(put.statusCode).toBe(200);

    const body = await ranking(2030);
    expect(body.bottomShareBase).toBe("all-ranked");
    expect(body.summary.A).toMatchObject({ ranked: 3, bottomPool: 3, bottomCount: 1 });
    expect(entryOf(body, national)).toMatchObject({ rank: 3, bottom5: false, exempt: "national" });
    expect(entryOf(body, weak)).toMatchObject({ rank: 2, bottom5: true, exempt: null });
    expect(body.summary.A.bottom5).toEqual([weak]);

    await approveYear(t, 2030, { ignoreIncomplete: true });
    const { result: flagged } = await runFlags(t.app.inject.bind(t.app), 2030);
    const rectify = (flagged.flagged as { outcome: string; blockId: number }[]).filter(
      (entry: { outcome: string }) => entry.outcome === "rectify",
    );
    expect(rectify.map((entry: { blockId: number }) => entry.blockId)).toEqual([weak]);
    expect(flagged.settings).toMatchObject({
      missingDataPolicy: "leave-out",
      bottomShareBase: "all-ranked",
    });
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${national}` })).json();
    expect(block.properties.status).toBe("recognized");
    const runs = (await t.app.inject({ method: "GET", url: "/api/evaluations/2030/flags" })).json().runs;
    expect(runs.at(-1)).toMatchObject({ year: 2030, settings: { missingDataPolicy: "leave-out" } });
  });
});

describe("who takes part in a year", () => {
  it("a block recognized now is in neither 2024 nor 2025, and does not hold up the 2025 flag run", async () => {
    const parkId = await createPark("B");
    const late = await createBlock(parkId, rectangle(116.3, 39.1, 116.31, 39.11), {
      name: "新认定（测试）",
      status: "recognized",
    });
    const mid = await createBlock(parkId, rectangle(116.32, 39.1, 116.33, 39.11), {
      name: "2025年认定（测试）",
      status: "recognized",
      attributes: { recognizedOn: "2025-06-30" },
    });
    expect(entryOf(await ranking(2024), late)).toBeUndefined();
    expect(entryOf(await ranking(2024), mid)).toBeUndefined();
    expect(entryOf(await ranking(2025), late)).toBeUndefined();
    expect(entryOf(await ranking(2025), mid)).toMatchObject({ rank: null });
    await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2025/indicators",
      payload: { rows: [{ blockId: mid, ...inputsOf(1) }] },
    });
    await runFlags(t.app.inject.bind(t.app), 2025);
  });

  it("a transition recorded later does not exempt the block from a year already over", async () => {
    const tanying = (
      await t.app.inject({ method: "GET", url: `/api/blocks/${idOf.get("miyun-tanying")}` })
    ).json();
    const parkId = tanying.properties.parkId;
    const since = { status: "recognized", attributes: { recognizedOn: "2023-06-30" } };
    const recordedNow = await createBlock(parkId, tanying.geometry, { ...since, name: "过渡期后补（测试）" });
    const decidedEarly = await createBlock(parkId, tanying.geometry, {
      ...since,
      name: "过渡期按时（测试）",
    });
    const transition = {
      recognizedOn: "2023-06-30",
      endsOn: "2027-12-31",
      commitments: { revenueAdded: 5000 },
    };
    for (const [id, extra] of [
      [recordedNow, {}],
      [decidedEarly, { decidedOn: "2023-06-30" }],
    ] as const) {
      const put = await t.app.inject({
        method: "PUT",
        url: `/api/evaluations/transitions/${id}`,
        payload: { ...transition, ...extra },
      });
      expect(put.statusCode).toBe(201);
    }
    for (const year of [2024, 2025]) {
      const body = await ranking(year);
      expect(entryOf(body, recordedNow)?.exempt).toBeNull();
      expect(entryOf(body, decidedEarly)?.exempt).toBe("transition");
    }
  });
});

describe("scores nobody earned", () => {
  it("min-max: zero new unicorns for everyone gives nobody bonus points, and says so", async () => {
    const body = await ranking(2024, "?method=min-max");
    const reporting = [...body.categories.A, ...body.categories.B].filter((entry) => entry.complete);
    expect(reporting.length).toBeGreaterThan(40);
    for (const entry of reporting) {
      const unicorns = entry.breakdown.find((item: { key: string }) => item.key === "newUnicorns");
      expect(unicorns).toMatchObject({ raw: 0, points: 0, zeroBecause: "all-equal-bonus" });
    }
  });

  it("share-of-best: a value of 0 scores 0 and the breakdown says why", async () => {
    const body = await ranking(2025);
    const entry = body.categories.B[0];
    const unicorns = entry.breakdown.find((item: { key: string }) => item.key === "newUnicorns");
    expect(unicorns).toMatchObject({ raw: 0, points: 0, zeroBecause: "best-not-positive" });
    const a = body.categories.A.find(
      (item: { blockId: number }) => item.blockId !== idOf.get("yizhuang-east"),
    );
    expect(a.breakdown.find((item: { key: string }) => item.key === "newUnicorns")).toMatchObject({
      raw: 0,
      points: 0,
      zeroBecause: "value-not-positive",
    });
  });
});
