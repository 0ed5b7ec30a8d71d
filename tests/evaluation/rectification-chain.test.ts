import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { runFlags } from "../helpers/flag-run.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { approveYear } from "./approve-year.js";

/**
 * 责令整改 → 整改后仍不达标 (《管理办法》第三部分 · 动态调整) over three years of our own blocks (recognized in 2031,
 * so no demo year changes; the demo blocks have no data in 2031–2033 and are left out of those runs):
 *   2031: P and F tie for last → both ordered to rectify; S was seeded as 整改中; G, H strong.
 *   2032: P strong → passed, 已认定 again at once; F and Q tie for last → F failed (exit decision), Q ordered.
 *   2033: P last again → ordered again (a new rectification, not an exit); F strong → its exit decision stands.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const INPUTS = INDICATOR_INPUTS;
const inputsOf = (strength: number) =>
  Object.fromEntries(Object.entries(INPUTS).map(([key, value]) => [key, Math.round(value * strength)]));

const ids: Record<string, number> = {};

async function setUp() {
  const [{ id: parkId }] = await t.db
    .knex("parks")
    .insert({
      code: `test-chain-${process.pid}`,
      name: "整改测试园",
      name_en: "Chain",
      district: "test",
      category: "B",
    })
    .returning("id");
  const names = ["P", "F", "S", "G", "H", "Q"];
  for (const [index, name] of names.entries()) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(117.6 + index * 0.02, 39.0, 117.61 + index * 0.02, 39.01),
        properties: {
          name: `整改测试${name}`,
          parkId,
          level: "municipal",
          status: name === "S" ? "rectifying" : "recognized",
          attributes: { recognizedOn: "2031-01-01" },
        },
      },
    });
    expect(response.statusCode).toBe(201);
    ids[name] = response.json().properties.id;
  }
}

async function year(y: number, strengths: Record<string, number>) {
  const rows = Object.entries(strengths).map(([name, strength]) => ({
    blockId: ids[name],
    ...inputsOf(strength),
  }));
  const put = await t.app.inject({
    method: "PUT",
    url: `/api/evaluations/${y}/indicators`,
    payload: { rows },
  });
  expect(put.statusCode).toBe(200);
  await approveYear(t, y, { ignoreIncomplete: true });
  return (await runFlags(t.app.inject.bind(t.app), y, await t.actorHeaders("evaluator"))).result;
}

const status = async (name: string) =>
  (await t.app.inject({ method: "GET", url: `/api/blocks/${ids[name]}` })).json().properties.status;
const recordsOf = async (name: string) =>
  (await t.app.inject({ method: "GET", url: `/api/evaluations/rectifications?blockId=${ids[name]}` })).json()
    .rectifications;
const outcomes = (body: { flagged: { blockId: number; outcome: string }[] }) =>
  Object.fromEntries(
    body.flagged
      .filter((entry) => Object.values(ids).includes(entry.blockId))
      .map((entry) => [Object.keys(ids).find((name) => ids[name] === entry.blockId), entry.outcome]),
  );

describe("the rectification chain", () => {
  it("orders, passes (back to 已认定 at once), fails for good, and orders a passed block again", async () => {
    await setUp();
    const y2031 = await year(2031, { P: 0.3, F: 0.3, S: 0.9, G: 1, H: 1, Q: 0.9 });
    expect(outcomes(y2031)).toEqual({ P: "rectify", F: "rectify" });
    expect(await status("P")).toBe("rectifying");
    expect(await recordsOf("S")).toEqual([]);

    const y2032 = await year(2032, { P: 1, F: 0.3, S: 0.9, G: 1, H: 1, Q: 0.3 });
    expect(outcomes(y2032)).toEqual({ F: "exit-decision", Q: "rectify" });
    expect(y2032.rectificationPassed).toEqual([
      expect.objectContaining({
        blockId: ids.P,
        released: true,
        status: "recognized",
        earlierFlagYears: [2031],
      }),
    ]);
    expect(await status("P")).toBe("recognized");
    const [failed] = await recordsOf("F");
    expect(failed).toMatchObject({ orderedYear: 2031, outcome: "failed", judgedYear: 2032 });
    expect(failed.exitDecision).toMatchObject({ decision: { action: expect.any(String) } });

    // The exit batch takes F only: not Q (ordered this year), not S (seeded as 整改中), not P (passed).
    const batch = await t.app.inject({ method: "POST", url: "/api/exit-batch", payload: { save: false } });
    let job = batch.json();
    for (let i = 0; i < 200 && job.state !== "done"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await t.app.inject({ method: "GET", url: `/api/exit-batch/${batch.json().jobId}` })).json();
    }
    const batched = job.results.map((result: { blockId: number }) => result.blockId);
    expect(batched).toContain(ids.F);
    for (const name of ["Q", "S", "P", "G"]) expect(batched).not.toContain(ids[name]);

    const y2033 = await year(2033, { P: 0.3, F: 1, S: 0.9, G: 1, H: 1, Q: 1 });
    expect(outcomes(y2033)).toMatchObject({ P: "rectify", F: "exit-pending" });
    expect(await status("F")).toBe("rectifying");
    expect(
      (await recordsOf("P")).map((r: { orderedYear: number; outcome: string }) => [r.orderedYear, r.outcome]),
    ).toEqual([
      [2031, "passed"],
      [2033, "open"],
    ]);
    // Q was judged by 2033 and passed.
    expect(y2033.rectificationPassed.map((entry: { blockId: number }) => entry.blockId)).toContain(ids.Q);
  });
});
