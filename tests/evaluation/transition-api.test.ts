import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoEvaluationsIfEmpty } from "../../server/db/evaluation-demo.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { INPUTS } from "./policy-weights.js";

let t: TestApp;
const idOf = new Map<string, number>();

beforeAll(async () => {
  t = await startTestApp();
  await loadDemoEvaluationsIfEmpty(t.db.knex);
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  for (const feature of blocks.features) idOf.set(feature.properties.code, feature.properties.id);
});
afterAll(async () => t?.close());

function put(code: string, payload: Record<string, unknown>) {
  return t.app.inject({ method: "PUT", url: `/api/evaluations/transitions/${idOf.get(code)}`, payload });
}

describe("the demo transition (杨宋, 2025-06-30 → 2028-12-31)", () => {
  it("is running in 2026", async () => {
    const body = (
      await t.app.inject({ method: "GET", url: "/api/evaluations/transitions?asOf=2026-01-01" })
    ).json();
    expect(body.transitions).toHaveLength(1);
    expect(body.transitions[0]).toMatchObject({
      blockId: idOf.get("huairou-yangsong"),
      recognizedOn: "2025-06-30",
      endsOn: "2028-12-31",
      latestEndsOn: "2030-06-30",
      result: { state: "in-transition", exitFlag: false },
    });
  });

  it("waits for the end year's data (2028), then an unmet commitment means exit from the municipal zone", async () => {
    const url = "/api/evaluations/transitions?asOf=2029-01-01";
    const waiting = (await t.app.inject({ method: "GET", url })).json().transitions[0];
    // Only 2024 and 2025 are in: older data never decides (《管理办法》第三部分 · 过渡培育).
    expect(waiting.result).toMatchObject({
      state: "missing-data",
      exitFlag: false,
      checkYear: 2028,
      checkedYear: null,
    });
    expect(waiting.exit).toBeUndefined();
    const blockId = idOf.get("huairou-yangsong");
    const put2028 = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2028/indicators",
      payload: { rows: [{ blockId, ...INPUTS, revenueAdded: 100 }] },
    });
    expect(put2028.statusCode).toBe(200);
    const [yangsong] = (await t.app.inject({ method: "GET", url })).json().transitions;
    expect(yangsong.result).toMatchObject({ state: "unmet", exitFlag: true, checkedYear: 2028 });
    // Exit as a whole (退出市级高新区序列), not the size-based 淘汰方式 of a failed rectification.
    expect(yangsong.exit).toMatchObject({
      action: "exit",
      reason: "transition-commitments-unmet",
      checkYear: 2028,
    });
    expect(yangsong.exit.decision).toBeUndefined();
    expect(yangsong.exit.explanation.zh).toContain("退出市级高新区序列");
  });
});

describe("setting a transition", () => {
  it("refuses an end date more than five years after recognition, in the API and in the database", async () => {
    const response = await put("yanqing-kangzhuang", {
      endsOn: "2028-07-01",
      commitments: { revenueAdded: 5000 },
    });
    // geodata: 康庄 was recognized on 2023-06-30, so five years end on 2028-06-30.
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: "longer-than-five-years",
      details: { recognizedOn: "2023-06-30", latestEndsOn: "2028-06-30" },
    });
    await expect(
      t.db.knex.raw(
        `insert into ecological_transitions (block_id, version, recognized_on, ends_on, commitments, changed_by)
          values (?, 1, '2023-06-30', '2028-07-01', '{}', 'test')`,
        [idOf.get("yanqing-kangzhuang") as number],
      ),
    ).rejects.toThrow(/check constraint/);
    const early = await put("yanqing-kangzhuang", { endsOn: "2023-01-01", commitments: { revenueAdded: 1 } });
    expect(early.json().error.code).toBe("ends-before-recognition");
  });

  it("accepts five years to the day, and a change is a new version", async () => {
    const first = await put("yanqing-kangzhuang", {
      endsOn: "2028-06-30",
      commitments: { revenueAdded: 5000, outputPerLand: 10000 },
      note: "承诺",
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, result: { state: "in-transition" } });
    expect(first.json().ecoShare).toBeGreaterThan(0.99);
    const second = await put("yanqing-kangzhuang", {
      endsOn: "2027-12-31",
      commitments: { revenueAdded: 4000 },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().version).toBe(2);
    const detail = (
      await t.app.inject({
        method: "GET",
        url: `/api/evaluations/transitions/${idOf.get("yanqing-kangzhuang")}`,
      })
    ).json();
    expect(detail.history.map((version: { endsOn: string }) => version.endsOn)).toEqual([
      "2028-06-30",
      "2027-12-31",
    ]);
  });

  it("checks the commitments against the end year's indicators: unmet → exit flag, met → none", async () => {
    const blockId = idOf.get("yanqing-kangzhuang");
    const url = `/api/evaluations/transitions/${blockId}?asOf=2027-12-31`;
    const rows = (revenueAdded: number) => ({ rows: [{ blockId, ...INPUTS, revenueAdded }] });
    await t.app.inject({ method: "PUT", url: "/api/evaluations/2027/indicators", payload: rows(3999) });
    const unmet = (await t.app.inject({ method: "GET", url })).json();
    expect(unmet.exit).toMatchObject({ action: "exit" });
    expect(unmet.result).toMatchObject({
      state: "unmet",
      exitFlag: true,
      checkedYear: 2027,
      commitments: [{ key: "revenueAdded", committed: 4000, actual: 3999, met: false }],
    });
    await t.app.inject({ method: "PUT", url: "/api/evaluations/2027/indicators", payload: rows(4000) });
    const met = (await t.app.inject({ method: "GET", url })).json();
    expect(met.result).toMatchObject({ state: "met", exitFlag: false });
    expect(met.exit).toBeUndefined();
  });

  it("is only for live municipal blocks lying in the ecological conservation area", async () => {
    const outside = await put("haidian-shangdi-west", {
      endsOn: "2027-01-01",
      commitments: { revenueAdded: 1 },
    });
    expect(outside.json().error.code).toBe("not-in-eco-area");
    const national = await put("huairou-yanqi", { endsOn: "2027-01-01", commitments: { revenueAdded: 1 } });
    expect(national.json().error.code).toBe("not-municipal");
    const noCommitments = await put("miyun-tanying", { endsOn: "2027-01-01", commitments: {} });
    expect(noCommitments.json().error.code).toBe("bad-commitments");
  });
});
