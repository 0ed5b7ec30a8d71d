import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeRectification, orderRectification } from "../helpers/rectification-chain.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blockWithShare, createBlock, rectangleOfArea } from "./exit-fixtures.js";

/**
 * One exit step per failed rectification (《管理办法》第三部分 · 动态调整 / 淘汰方式): once a block is 已压减 for
 * the year whose evaluation failed its rectification, no second reduction and no elimination is saved, applied
 * or proposed by the batch — 409 already-reduced-this-year naming the year and the applied version, nothing
 * written. A later year's new rectification (已压减 → 整改中) opens the next step again.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** A rectification ordered in `orderedYear` and judged failed in `judgedYear`, as the flag run records it. */
async function failedRectification(blockId: number, orderedYear: number, judgedYear: number) {
  const [{ id }] = await t.db
    .knex("rectifications")
    .insert({
      block_id: blockId,
      ordered_year: orderedYear,
      category: "A",
      method: "test",
      settings: "{}",
      ordered_by: "test",
    })
    .returning("id");
  await t.db
    .knex("rectification_outcomes")
    .insert({ rectification_id: id, judged_year: judgedYear, outcome: "failed", judged_by: "test" });
}

async function written(blockId: number) {
  const count = async (table: string, where: Record<string, unknown>) =>
    Number((await t.db.knex(table).where(where).count("* as n"))[0].n);
  const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${blockId}` })).json();
  return {
    version: block.properties.version,
    status: block.properties.status,
    versions: await count("block_versions", { block_id: blockId }),
    proposals: await count("reduction_proposals", { block_id: blockId }),
    unapplied: await count("reduction_proposals", { block_id: blockId, applied_version: null }),
    audit: Number((await t.db.knex("audit_events").count("* as n"))[0].n),
  };
}

function expectRefused(response: LightMyRequestResponse, year: number, appliedVersion: number) {
  expect(response.statusCode).toBe(409);
  const { error } = response.json();
  expect(error.code).toBe("already-reduced-this-year");
  expect(error.details).toMatchObject({ year, appliedVersion });
  expect(error.details.explanation.zh).toContain(`${year}年度`);
  expect(error.details.clause.zh).toContain("《管理办法》第三部分");
}

describe("an exit step after the block was reduced for the same year", () => {
  it("refuses a second reduction, an elimination and a batch proposal; a later year's rectification opens it", async () => {
    // 2.5 km², 40% of its park: row 4 keeps 75% (1.875 km²). Failed in the 2025 evaluation (ordered 2024).
    const { parkId, block } = await blockWithShare(t, "already-reduced", 2.5, 0.4);
    await failedRectification(block.id, 2024, 2025);
    const url = `/api/blocks/${block.id}/reduction-proposals`;
    const saved = await t.app.inject({ method: "POST", url, payload: { strategy: "inset" } });
    expect(saved.statusCode, saved.body).toBe(201);
    const applied = await t.app.inject({
      method: "POST",
      url: `${url}/${saved.json().properties.id}/apply`,
      payload: { version: 1 },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().block.properties).toMatchObject({ version: 2, status: "reduced" });

    // A big new block in the park: the reduced block (1.875 km², now under 20%) falls in row 1, 直接淘汰.
    await createBlock(t, parkId, rectangleOfArea(12, 116.3, 40.06, 0.05), { status: "recognized" });
    const decision = (
      await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/exit-decision` })
    ).json();
    expect(decision).toMatchObject({ action: "eliminate", rule: 1, status: "reduced" });

    const before = await written(block.id);
    expectRefused(await t.app.inject({ method: "POST", url, payload: { action: "eliminate" } }), 2025, 2);
    expectRefused(await t.app.inject({ method: "POST", url, payload: { strategy: "cut" } }), 2025, 2);

    // An elimination saved for version 2 before the rule (or by another server) is not applied either.
    const row = await t.db.knex("reduction_proposals").where({ id: saved.json().properties.id }).first();
    const [{ id: eliminationId }] = await t.db
      .knex("reduction_proposals")
      .insert({
        block_id: block.id,
        block_version: 2,
        action: "eliminate",
        decision: JSON.stringify({ ...row.decision, action: "eliminate", rule: 1 }),
        created_by: "test",
      })
      .returning("id");
    const stored = await written(block.id);
    expect(stored.proposals).toBe(before.proposals + 1);
    expectRefused(
      await t.app.inject({ method: "POST", url: `${url}/${eliminationId}/apply`, payload: { version: 2 } }),
      2025,
      2,
    );
    expect(await written(block.id)).toEqual(stored);

    // The batch given the block lists it with the reason and saves nothing for it.
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exit-batch",
      payload: { blockIds: [block.id] },
    });
    expect(started.statusCode, started.body).toBe(202);
    const statusUrl = started.json().statusUrl;
    await expect
      .poll(async () => (await t.app.inject({ method: "GET", url: statusUrl })).json().state)
      .toBe("done");
    const job = (await t.app.inject({ method: "GET", url: statusUrl })).json();
    expect(job.results).toEqual([
      expect.objectContaining({
        blockId: block.id,
        error: expect.objectContaining({ code: "already-reduced-this-year" }),
      }),
    ]);
    const afterBatch = await written(block.id);
    expect(afterBatch.proposals).toBe(stored.proposals);
    expect(afterBatch.version).toBe(2);

    // 2026: ordered to rectify again (已压减 → 整改中), failed in 2027 — the next exit step is decided anew.
    await orderRectification(t, block.id, { year: 2026 });
    await judgeRectification(t, block.id, "failed", { year: 2027 });
    expect(await written(block.id)).toMatchObject({ status: "rectifying", version: 4 });
    const next = await t.app.inject({ method: "POST", url, payload: { action: "eliminate" } });
    expect(next.statusCode, next.body).toBe(201);
    const exited = await t.app.inject({
      method: "POST",
      url: `${url}/${next.json().properties.id}/apply`,
      payload: { version: 4 },
    });
    expect(exited.statusCode, exited.body).toBe(200);
    expect(exited.json().block.properties).toMatchObject({ version: 5, status: "exited" });
  });
});
