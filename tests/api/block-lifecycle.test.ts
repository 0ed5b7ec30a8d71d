import type { Feature, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import { judgeRectification, orderRectification } from "../helpers/rectification-chain.js";
import { openRound, reportedApplication, step } from "../helpers/round-flow.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
let parkId: number;
let nextLng = 116.2;

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

/** A new block (its own spot, so blocks never overlap; south of the eco area, so recognition needs no commitments) in `status`. */
async function newBlock(status = "candidate"): Promise<{ id: number; version: number }> {
  nextLng += 0.02;
  const feature: Feature<Polygon> = {
    type: "Feature",
    geometry: rectangle(nextLng, 39.75, nextLng + 0.01, 39.76),
    properties: { name: "生命周期区块", parkId, level: "municipal", status },
  };
  const response = await t.app.inject({ method: "POST", url: "/api/blocks", payload: feature });
  expect(response.statusCode).toBe(201);
  return { id: response.json().properties.id, version: response.json().properties.version };
}

async function act(id: number, action: string, payload: Record<string, unknown>, actor = "reviewer") {
  return t.app.inject({
    method: "POST",
    url: `/api/blocks/${id}/actions/${action}`,
    payload,
    headers: await t.actorHeaders(actor),
  });
}

async function versionsOf(id: number): Promise<number> {
  const [{ count }] = await t.db.knex("block_versions").where({ block_id: id }).count("* as count");
  return Number(count);
}

/** What a refused action must leave as it was: the block, its history, its records and its audit rows. */
async function writtenFor(id: number) {
  const count = async (table: string, where: Record<string, unknown>) =>
    Number((await t.db.knex(table).where(where).count("* as n"))[0].n);
  const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).json().properties;
  return {
    status: block.status,
    version: block.version,
    versions: await versionsOf(id),
    records: await count("rectifications", { block_id: id }),
    audit: await count("audit_events", { entity: "block", entity_id: String(id) }),
  };
}

async function historyOf(id: number) {
  return (await t.app.inject({ method: "GET", url: `/api/blocks/${id}/history` })).json() as {
    version: number;
    change: string;
    reason: string | null;
    status: string;
    changedBy: string;
  }[];
}

describe("lifecycle actions: POST /api/blocks/:id/actions/:action", () => {
  it("walks a block from candidate to exit, one version per step with who and why", async () => {
    const { id } = await newBlock();
    // 申报 and 认定 are the recognition round's (issue #13): the application's submit and the 批复.
    const round = await openRound(t.app.inject.bind(t.app));
    const application = await reportedApplication(t.app.inject.bind(t.app), round.id, [id]);
    const approved = await step(t.app.inject.bind(t.app), application, "approve", {
      reference: "京政函〔2026〕7号",
      repliedOn: "2026-11-30",
      approvedBlockIds: [id],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    // 责令整改 and 整改达标 are the flag runs' (DOMAIN.md §4.3): ordered in 2031, passed in 2032.
    await orderRectification(t, id, { year: 2031 });
    await judgeRectification(t, id, "passed", { year: 2032 });
    const exit = await act(id, "exit", { version: 5, reason: "过渡期满未达成指标承诺" });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json().properties).toMatchObject({ status: "exited", version: 6, updatedBy: "reviewer" });
    expect(exit.headers.etag).toBe('"6"');
    const history = await historyOf(id);
    expect(history.map((v) => [v.change, v.status])).toEqual([
      ["create", "candidate"],
      ["apply", "applied"],
      ["recognize", "recognized"],
      ["evaluation", "rectifying"],
      ["evaluation", "recognized"],
      ["exit", "exited"],
    ]);
    expect(history[2].reason).toContain("京政函〔2026〕7号");
    expect(history[3].reason).toContain("2031 evaluation: bottom 5%");
    expect(history[4].reason).toContain("Rectification ordered in 2031 passed");
    expect(history[5]).toMatchObject({ reason: "过渡期满未达成指标承诺", changedBy: "reviewer" });
  });

  it("refuses the rectification chain's steps by hand with 409 naming the route; nothing written", async () => {
    const recognized = await newBlock("recognized");
    const rectifying = await newBlock("recognized");
    await orderRectification(t, rectifying.id, { year: 2031 });
    const cases: [{ id: number }, string, number, string][] = [
      [recognized, "order-rectification", 1, "POST /api/evaluations/:year/flag-bottom"],
      [rectifying, "pass-rectification", 2, "POST /api/evaluations/:year/flag-bottom"],
      [rectifying, "fail-rectification", 2, "POST /api/evaluations/:year/flag-bottom"],
      [rectifying, "reduce", 2, "POST /api/blocks/:id/reduction-proposals/:pid/apply"],
      [rectifying, "exit", 2, "POST /api/blocks/:id/reduction-proposals/:pid/apply"],
    ];
    for (const [block, action, version, route] of cases) {
      const before = await writtenFor(block.id);
      const refused = await act(block.id, action, { version, reason: `手工${action}` }, "lead");
      expect(refused.statusCode, `${action}: ${refused.body}`).toBe(409);
      expect(refused.json().error.code).toBe("rectification-by-evaluation");
      expect(refused.json().error.details.action).toBe(action);
      expect(refused.json().error.details.route).toContain(route);
      expect(refused.json().error.message).toContain(route);
      expect(await writtenFor(block.id), action).toEqual(before);
    }
    // Ending a block 整改中 is its exit: refused the same way.
    const before = await writtenFor(rectifying.id);
    const end = await t.app.inject({ method: "DELETE", url: `/api/blocks/${rectifying.id}` });
    expect(end.statusCode, end.body).toBe(409);
    expect(end.json().error).toMatchObject({
      code: "rectification-by-evaluation",
      details: { action: "exit", status: "rectifying" },
    });
    expect(await writtenFor(rectifying.id)).toEqual(before);
    expect(before).toMatchObject({ status: "rectifying", version: 2, versions: 2, records: 1 });
  });

  it("refuses the recognize action itself: 认定 is the round's 批复 (409, nothing written)", async () => {
    const { id } = await newBlock("applied");
    const refused = await act(id, "recognize", { version: 1, reason: "直接认定" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("recognition-by-round");
    expect(await versionsOf(id)).toBe(1);
  });

  it("withdraws a candidate and an application", async () => {
    const candidate = await newBlock();
    const withdrawn = await act(candidate.id, "withdraw", { version: 1, reason: "区里撤回" });
    expect(withdrawn.json().properties.status).toBe("withdrawn");
    const application = await newBlock("applied");
    expect((await act(application.id, "withdraw", { version: 1, reason: "撤回申报" })).statusCode).toBe(200);
  });

  it("refuses a transition the lifecycle forbids with 409 naming from, to and action; nothing written", async () => {
    const { id } = await newBlock("recognized");
    const before = await versionsOf(id);
    const withdraw = await act(id, "withdraw", { version: 1, reason: "撤回已认定区块" });
    expect(withdraw.statusCode).toBe(409);
    expect(withdraw.json().error).toMatchObject({
      code: "transition-not-allowed",
      details: {
        action: "withdraw",
        from: "recognized",
        to: "withdrawn",
        allowedActions: ["order-rectification", "exit"],
      },
    });
    expect(withdraw.json().error.message).toMatch(/candidate or applied/);
    expect(await versionsOf(id)).toBe(before);

    expect((await act(id, "exit", { version: 1, reason: "过渡期满未达承诺" })).statusCode).toBe(200);
    const revive = await act(id, "apply", { version: 2, reason: "exited → candidate?" });
    expect(revive.statusCode).toBe(409);
    expect(revive.json().error.details).toMatchObject({ from: "exited", allowedActions: [] });
    expect(revive.json().error.message).toMatch(/already ended/);
    expect(await versionsOf(id)).toBe(before + 1);
  });

  it("requires a reason and the version; checks the version before the rule; 404 for unknown actions", async () => {
    const { id } = await newBlock();
    const noReason = await act(id, "apply", { version: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ code: "bad-reason", details: { field: "reason" } });
    expect((await act(id, "apply", { version: 1, reason: "   " })).statusCode).toBe(400);
    expect((await act(id, "apply", { reason: "x" })).statusCode).toBe(428);
    const stale = await act(id, "apply", { version: 7, reason: "x" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "version-conflict", details: { currentVersion: 1 } });
    const unknown = await act(id, "promote", { version: 1, reason: "x" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/order-rectification/);
    expect((await act(999999, "apply", { version: 1, reason: "x" })).statusCode).toBe(404);
    expect(await versionsOf(id)).toBe(1);
  });
});

describe("plain edits and ending", () => {
  it("refuses a status in PATCH with 400 naming the field and the action route; nothing written", async () => {
    const { id } = await newBlock();
    const response = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      payload: { version: 1, properties: { status: "recognized", name: "改名" } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "status-not-editable",
      details: { field: "status" },
    });
    expect(response.json().error.message).toContain(`/api/blocks/${id}/actions/`);
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).json();
    expect(block.properties).toMatchObject({ status: "candidate", name: "生命周期区块", version: 1 });
    expect(await versionsOf(id)).toBe(1);
  });

  it("answers an empty or identical PATCH with 200 and the unchanged version, adding no version row", async () => {
    const { id } = await newBlock();
    const stored = (await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).json();
    const writes = [
      { properties: {} },
      {},
      { properties: { name: "生命周期区块", parkId, level: "municipal", attributes: {} } },
      { type: "Feature", geometry: stored.geometry },
    ];
    for (const payload of writes) {
      const response = await t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${id}`,
        payload: { ...payload, version: 1 },
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(200);
      expect(response.json().properties.version, JSON.stringify(payload)).toBe(1);
      expect(response.headers.etag).toBe('"1"');
    }
    expect(await versionsOf(id)).toBe(1);
    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      payload: { version: 1, properties: { name: "真的改名" } },
    });
    expect(renamed.json().properties.version).toBe(2);
    expect(await versionsOf(id)).toBe(2);
  });

  it("compares attributes as stored JSON: the same keys in another order change nothing", async () => {
    const { id } = await newBlock();
    const patch = (version: number, attributes: unknown) =>
      t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${id}`,
        payload: { version, properties: { attributes } },
      });
    expect(
      (await patch(1, { 用途: "研发", floors: [1, 2], meta: { b: 1, a: 2 } })).json().properties.version,
    ).toBe(2);
    expect(
      (await patch(2, { meta: { a: 2, b: 1 }, floors: [1, 2], 用途: "研发" })).json().properties.version,
    ).toBe(2);
    expect(
      (await patch(2, { meta: { a: 2, b: 1 }, floors: [2, 1], 用途: "研发" })).json().properties.version,
    ).toBe(3);
    expect(await versionsOf(id)).toBe(3);
  });

  it("ends a recognized block by exit, and refuses to end an ended block with 409 (no new version)", async () => {
    const { id } = await newBlock("recognized");
    const first = await t.app.inject({ method: "DELETE", url: `/api/blocks/${id}` });
    expect(first.statusCode).toBe(200);
    expect(first.json().properties).toMatchObject({ status: "exited", version: 2 });
    const second = await t.app.inject({ method: "DELETE", url: `/api/blocks/${id}` });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: "transition-not-allowed",
      details: { from: "exited" },
    });
    expect(await versionsOf(id)).toBe(2);
    expect((await historyOf(id)).map((v) => v.change)).toEqual(["create", "end"]);
  });

  it("refuses to create a block that starts ended", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.9, 40.5, 116.91, 40.51),
        properties: { name: "x", parkId, level: "municipal", status: "withdrawn" },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.field).toBe("status");
  });
});
