import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFlags } from "../helpers/flag-run.js";
import { startTestApp, type TestApp, type TestClient } from "../helpers/test-app.js";

/**
 * Issue #13 · 审定: a year's evaluation goes 草稿 → 报审 (frozen) → 审定; the flag run refuses before 审定 and then
 * acts on the ranking frozen at 报审, not on data changed since. Years 2026/2027 (the demo holds 2024, 2025).
 */
let t: TestApp;
let lead: TestClient;
let approver: TestClient;
let district: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  lead = await t.clientFor({ roles: ["lead"], name: "测试 牵头" });
  approver = await t.clientFor({ roles: ["approver"], name: "测试 审定" });
  district = await t.clientFor({ roles: ["district"], name: "测试 区" });
});
afterAll(async () => t?.close());

const post = (client: TestClient, url: string, payload?: object) =>
  client.inject({ method: "POST", url, ...(payload ? { payload } : {}) });
const counts = async () => {
  const count = async (table: string) => Number((await t.db.knex(table).count("* as c"))[0].c);
  return {
    versions: await count("block_versions"),
    rectifications: await count("rectifications"),
    states: await count("evaluation_year_states"),
  };
};

/** 2026's indicators: the demo's 2025 inputs, as an import would send them. */
/** `replace`: block id → the block whose 2025 inputs it reports instead of its own. */
async function copy2025To2026(replace = new Map<number, number>()) {
  const rows: { blockId: number; inputs: object }[] = (
    await t.app.inject({ method: "GET", url: "/api/evaluations/2025/indicators" })
  ).json().rows;
  const inputsOf = new Map(rows.map((row) => [row.blockId, row.inputs]));
  const payload = {
    rows: rows.map((row) => ({
      blockId: row.blockId,
      ...inputsOf.get(replace.get(row.blockId) ?? row.blockId),
    })),
  };
  const put = await t.app.inject({ method: "PUT", url: "/api/evaluations/2026/indicators", payload });
  expect(put.statusCode, put.body).toBe(200);
}

describe("草稿 → 报审 → 审定", () => {
  it("starts as 草稿, refuses the flag run and an approval before 报审, and writes nothing", async () => {
    await copy2025To2026();
    const draft = (await t.app.inject({ method: "GET", url: "/api/evaluations/2026/approval" })).json();
    expect(draft).toMatchObject({ year: 2026, state: "draft", allowedActions: ["submit"], frozen: null });
    const before = await counts();
    const flag = await post(lead, "/api/evaluations/2026/flag-bottom");
    expect(flag.statusCode).toBe(409);
    expect(flag.json().error).toMatchObject({ code: "year-not-approved", details: { state: "draft" } });
    const early = await post(approver, "/api/evaluations/2026/approval/approve", {
      reference: "京政函〔2027〕8号",
      approvedOn: "2027-03-20",
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: "year-step-not-allowed",
      details: { action: "approve", from: "draft", allowedActions: ["submit"] },
    });
    expect((await post(district, "/api/evaluations/2026/approval/submit")).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("报审 freezes the ranking; later data changes the draft ranking but not the frozen one or the flag run", async () => {
    const submitted = await post(lead, "/api/evaluations/2026/approval/submit");
    expect(submitted.statusCode, submitted.body).toBe(200);
    const body = submitted.json();
    expect(body).toMatchObject({ state: "submitted", allowedActions: ["approve", "return"] });
    expect(body.submitted).toMatchObject({ action: "submit", actedBy: "测试 牵头" });
    const frozenBottom: number[] = [...body.frozen.summary.A.bottom5, ...body.frozen.summary.B.bottom5];
    expect(frozenBottom.length).toBeGreaterThan(0);

    // The frozen bottom blocks now report what each category's first reported: the live ranking moves, the frozen one not.
    const first = (category: "A" | "B") => body.frozen.categories[category][0].blockId;
    await copy2025To2026(
      new Map([
        ...body.frozen.summary.A.bottom5.map((id: number) => [id, first("A")] as const),
        ...body.frozen.summary.B.bottom5.map((id: number) => [id, first("B")] as const),
      ]),
    );
    const live = (await t.app.inject({ method: "GET", url: "/api/evaluations/2026/ranking" })).json();
    const liveBottom = [...live.summary.A.bottom5, ...live.summary.B.bottom5];
    expect(liveBottom.some((id: number) => frozenBottom.includes(id))).toBe(false);
    const again = (await t.app.inject({ method: "GET", url: "/api/evaluations/2026/approval" })).json();
    expect([...again.frozen.summary.A.bottom5, ...again.frozen.summary.B.bottom5]).toEqual(frozenBottom);

    expect((await post(lead, "/api/evaluations/2026/flag-bottom")).statusCode).toBe(409);
    expect((await post(lead, "/api/evaluations/2026/approval/submit")).statusCode).toBe(409);
    expect(
      (
        await post(lead, "/api/evaluations/2026/approval/approve", {
          reference: "x号",
          approvedOn: "2027-03-20",
        })
      ).statusCode,
    ).toBe(403);
    const badDate = await post(approver, "/api/evaluations/2026/approval/approve", {
      reference: "京政函〔2027〕8号",
      approvedOn: "2027-02-30",
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBe("bad-date");

    const approved = await post(approver, "/api/evaluations/2026/approval/approve", {
      reference: "京政函〔2027〕8号",
      approvedOn: "2027-03-20",
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      state: "approved",
      allowedActions: [],
      approved: { reference: "京政函〔2027〕8号", approvedOn: "2027-03-20", actedBy: "测试 审定" },
    });

    const { result: run } = await runFlags(lead.inject, 2026);
    const flaggedIds = (run.flagged as { blockId: number }[]).map(
      (entry: { blockId: number }) => entry.blockId,
    );
    for (const id of frozenBottom) expect(flaggedIds).toContain(id);
    for (const id of liveBottom) expect(frozenBottom.includes(id) || !flaggedIds.includes(id)).toBe(true);
    const audit = await t.db
      .knex("audit_events")
      .where({ entity: "evaluation-year", entity_id: "2026" })
      .orderBy("id")
      .pluck("action");
    expect(
      audit.filter((action: string) => action.startsWith("evaluation.") && action !== "evaluation.flag-step"),
    ).toEqual(["evaluation.submit", "evaluation.approve", "evaluation.flag-bottom"]);
  });

  it("退回 returns a submitted year to 草稿 with its reason, and it can be submitted again", async () => {
    const submit = await post(lead, "/api/evaluations/2027/approval/submit?ignoreIncomplete=true");
    expect(submit.statusCode, submit.body).toBe(200);
    const back = await post(approver, "/api/evaluations/2027/approval/return", { reason: "数据待核" });
    expect(back.json()).toMatchObject({ state: "draft", frozen: null, submitted: null });
    expect(back.json().steps.map((step: { action: string }) => step.action)).toEqual(["submit", "return"]);
    expect(back.json().steps[1]).toMatchObject({ reason: "数据待核", actedBy: "测试 审定" });
    expect((await post(lead, "/api/evaluations/2027/approval/submit?ignoreIncomplete=true")).statusCode).toBe(
      200,
    );
  });

  it("the database refuses to change a recorded step", async () => {
    await expect(t.db.knex("evaluation_year_states").update({ reason: "改" })).rejects.toThrow();
  });
});
