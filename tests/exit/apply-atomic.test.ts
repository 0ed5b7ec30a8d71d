import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeRectification, orderRectification } from "../helpers/rectification-chain.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blockWithShare } from "./exit-fixtures.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function stateOf(blockId: number, proposalId: number) {
  const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${blockId}` })).json();
  const [{ count }] = await t.db.knex("block_versions").where({ block_id: blockId }).count("* as count");
  const proposal = await t.db.knex("reduction_proposals").where({ id: proposalId }).first();
  return {
    version: block.properties.version,
    status: block.properties.status,
    areaKm2: block.properties.areaKm2,
    versions: Number(count),
    appliedAt: proposal.applied_at,
  };
}

describe("applying a proposal is one transaction (#15.7)", () => {
  it("leaves the block unchanged when marking the proposal fails inside the transaction", async () => {
    // a 2 km² block, 40% of its park: §4.5 row 4 keeps 75% (a reduction with a new boundary).
    const { block } = await blockWithShare(t, "atomic-apply", 2.5, 0.4);
    const saved = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals`,
      payload: { strategy: "inset" },
    });
    expect(saved.statusCode).toBe(201);
    const proposalId = saved.json().properties.id;
    const before = await stateOf(block.id, proposalId);
    expect(before).toMatchObject({ version: 1, status: "rectifying", versions: 1, appliedAt: null });

    // The step after the block write fails: a trigger refuses to mark any proposal applied.
    await t.db.knex.raw(`create function refuse_proposal_mark() returns trigger language plpgsql as $$
      begin raise exception 'marking refused by the test'; end; $$`);
    await t.db.knex.raw(`create trigger refuse_proposal_mark before update on reduction_proposals
      for each row execute function refuse_proposal_mark()`);
    try {
      const failed = await t.app.inject({
        method: "POST",
        url: `/api/blocks/${block.id}/reduction-proposals/${proposalId}/apply`,
        payload: { version: 1 },
      });
      expect(failed.statusCode).toBe(500);
      expect(failed.body).not.toContain("marking refused");
      expect(await stateOf(block.id, proposalId)).toEqual(before);
    } finally {
      await t.db.knex.raw("drop trigger refuse_proposal_mark on reduction_proposals");
      await t.db.knex.raw("drop function refuse_proposal_mark()");
    }

    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals/${proposalId}/apply`,
      payload: { version: 1 },
    });
    expect(applied.statusCode).toBe(200);
    const after = await stateOf(block.id, proposalId);
    expect(after).toMatchObject({ version: 2, status: "reduced", versions: 2 });
    expect(after.appliedAt).not.toBeNull();
    expect(after.areaKm2 / before.areaKm2).toBeCloseTo(0.75, 4);
    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/history` })).json();
    expect(history[1]).toMatchObject({ change: "reduce", status: "reduced" });
    expect(history[1].reason).toMatch(new RegExp(`Proposal ${proposalId}`));
  });

  it("refuses to apply a proposal to a block the lifecycle does not let it reduce (409, nothing written)", async () => {
    // §4.5 row 4 (keeps 75%), but the block passed its rectification and is recognized again.
    const { block } = await blockWithShare(t, "apply-recognized", 2.5, 0.4);
    // Recorded 整改中, in the bottom 5% of 2031 (its record), out of it in 2032: passed by that flag run.
    await orderRectification(t, block.id, { year: 2031 });
    await judgeRectification(t, block.id, "passed", { year: 2032 });
    const passed = await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}` });
    expect(passed.json().properties).toMatchObject({ status: "recognized", version: 2 });
    const saved = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals`,
      payload: { strategy: "inset" },
    });
    const proposalId = saved.json().properties.id;
    expect(saved.statusCode, saved.body).toBe(201);
    const before = await stateOf(block.id, proposalId);
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${block.id}/reduction-proposals/${proposalId}/apply`,
      payload: { version: 2 },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: "transition-not-allowed",
      details: { action: "reduce", from: "recognized", to: "reduced" },
    });
    expect(await stateOf(block.id, proposalId)).toEqual(before);
  });
});
