import { createHash } from "node:crypto";
import type { Feature, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import {
  DEPARTMENTS,
  fillChecklist,
  openRound,
  opineAll,
  reportedApplication,
  SAMPLE_FILES,
  step,
  upload,
  uploadAllMaterials,
} from "../helpers/round-flow.js";
import { startTestApp, type TestApp, type TestClient } from "../helpers/test-app.js";

/**
 * 一年一次集中认定 end to end (issue #13, 《管理办法》第二部分 认定), through the real routes as the roles that act: a
 * lead opens the round; a district applies with its materials; the pre-checks are frozen at submit; two
 * departments opine; the lead returns it, the district fixes and resubmits (both versions kept); the approver's
 * 批复 makes the block 已认定 with the reply in its history; a rejected application keeps its reasons. Steps out of
 * order (409) and another district's attempts (403) change nothing.
 */
let t: TestApp;
let lead: TestClient;
let reviewer: TestClient;
let approver: TestClient;
let district: TestClient;
let otherDistrict: TestClient;
let parkA: number;
let roundId: number;

async function newBlock(geometry: Polygon, status: string, name: string, level = "municipal") {
  const feature: Feature<Polygon> = {
    type: "Feature",
    geometry,
    properties: { name, parkId: parkA, level, status },
  };
  const response = await t.app.inject({ method: "POST", url: "/api/blocks", payload: feature });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().properties.id as number;
}

async function blockOf(id: number) {
  return (await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).json().properties;
}

/** Everything an application keeps plus the audit count: what "nothing changed" compares. */
async function snapshot(id: number) {
  const detail = (await t.app.inject({ method: "GET", url: `/api/applications/${id}` })).json();
  const [{ count }] = await t.db.knex("audit_events").count("* as count");
  return { detail, audit: Number(count) };
}

beforeAll(async () => {
  t = await startTestApp();
  const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
  parkA = parks[0].id;
  lead = await t.clientFor({ roles: ["lead"], name: "牵头处室" });
  reviewer = await t.clientFor({ roles: ["reviewer"], name: "联审专员" });
  approver = await t.clientFor({ roles: ["approver"], name: "市政府批复登记" });
  district = await t.clientFor({ roles: ["district"], parkIds: [parkA], name: "甲区政府" });
  otherDistrict = await t.clientFor({ roles: ["district"], parkIds: [parks[1].id], name: "乙区政府" });
});
afterAll(async () => t?.close());

describe("the recognition round, end to end", () => {
  let host: number;
  let candidate: number;
  let applicationId: number;

  it("a lead opens one round at a time; a district may not open one", async () => {
    expect((await district.inject({ method: "POST", url: "/api/rounds", payload: {} })).statusCode).toBe(403);
    roundId = (await openRound(lead.inject)).id;
    const second = await lead.inject({
      method: "POST",
      url: "/api/rounds",
      payload: {
        year: 2027,
        name: "x",
        applicationsUntil: "2027-06-30",
        reviewUntil: "2027-12-31",
        departments: ["a"],
      },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("round-already-open");
  });

  it("a district applies for its candidate block; materials are checked, hashed and downloaded as attachments", async () => {
    // A recognized block around the candidate: the candidate lies wholly inside it (share of the block 1).
    host = await newBlock(rectangle(116.5, 39.7, 116.52, 39.72), "recognized", "宿主区块");
    candidate = await newBlock(rectangle(116.505, 39.705, 116.51, 39.71), "candidate", "申报区块");
    const created = await district.inject({
      method: "POST",
      url: `/api/rounds/${roundId}/applications`,
      payload: { title: "甲区区块认定申请", blockIds: [candidate] },
    });
    expect(created.statusCode, created.body).toBe(201);
    applicationId = created.json().id;
    expect(created.json()).toMatchObject({ state: "draft", version: 0, district: expect.any(String) });
    expect(created.json().missingMaterials).toEqual(["request", "indicators", "plans", "space-use"]);

    const unsubmittable = await step(district.inject, applicationId, "submit");
    expect(unsubmittable.statusCode).toBe(409);
    expect(unsubmittable.json().error).toMatchObject({
      code: "materials-missing",
      details: { missing: ["request", "indicators", "plans", "space-use"] },
    });

    const exe = await upload(
      district.inject,
      applicationId,
      "request",
      "setup.exe",
      Buffer.from("MZ\x90\x00"),
    );
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe("unsupported-type");
    const fakePdf = await upload(
      district.inject,
      applicationId,
      "request",
      "请示.pdf",
      Buffer.from("MZ\x90\x00"),
    );
    expect(fakePdf.statusCode).toBe(400);
    expect(fakePdf.json().error.code).toBe("content-mismatch");

    await uploadAllMaterials(district.inject, applicationId);
    const detail = (
      await district.inject({ method: "GET", url: `/api/applications/${applicationId}` })
    ).json();
    expect(detail.missingMaterials).toEqual([]);
    const pdf = detail.materials.find((m: { kind: string }) => m.kind === "request");
    expect(pdf.fileName).toBe(SAMPLE_FILES.request.name);
    expect(pdf.sha256).toBe(createHash("sha256").update(SAMPLE_FILES.request.bytes).digest("hex"));
    expect(pdf.sizeBytes).toBe(SAMPLE_FILES.request.bytes.length);

    const download = await reviewer.inject({
      method: "GET",
      url: `/api/applications/${applicationId}/materials/${pdf.id}`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(SAMPLE_FILES.request.bytes)).toBe(true);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(download.headers["content-disposition"]).toContain(encodeURIComponent(SAMPLE_FILES.request.name));
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("another district can neither see nor change it, and the board lists it only for its own district", async () => {
    const before = await snapshot(applicationId);
    const attempts = [
      otherDistrict.inject({ method: "GET", url: `/api/applications/${applicationId}` }),
      otherDistrict.inject({
        method: "PATCH",
        url: `/api/applications/${applicationId}`,
        payload: { title: "改" },
      }),
      step(otherDistrict.inject, applicationId, "submit"),
      upload(otherDistrict.inject, applicationId, "other", "x.pdf", SAMPLE_FILES.request.bytes),
      otherDistrict.inject({
        method: "GET",
        url: `/api/applications/${applicationId}/materials/${before.detail.materials[0].id}`,
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe("out-of-scope");
    }
    expect(await snapshot(applicationId)).toEqual(before);
    const listed = (id: TestClient) =>
      id.inject({ method: "GET", url: `/api/rounds/${roundId}/applications` });
    expect((await listed(otherDistrict)).json()).toEqual([]);
    expect((await listed(district)).json().map((a: { id: number }) => a.id)).toEqual([applicationId]);
    expect((await listed(reviewer)).json().map((a: { id: number }) => a.id)).toEqual([applicationId]);
  });

  it("steps out of order are 409 and change nothing", async () => {
    const before = await snapshot(applicationId);
    for (const [client, action] of [
      [approver, "approve"],
      [lead, "report"],
      [lead, "start-review"],
      [lead, "return"],
    ] as const) {
      const response = await step(client.inject, applicationId, action, {
        reference: "x",
        repliedOn: "2026-12-01",
        approvedBlockIds: [candidate],
        reason: "x",
        opinion: "x",
      });
      expect(response.statusCode, `${action}: ${response.body}`).toBe(409);
      expect(response.json().error).toMatchObject({
        code: "application-step-not-allowed",
        details: { action, from: "draft", allowedActions: ["submit"] },
      });
    }
    expect(await snapshot(applicationId)).toEqual(before);
    expect((await blockOf(candidate)).status).toBe("candidate");
  });

  it("submit freezes the pre-checks (the block inside another block is named) and applies for the block", async () => {
    const submitted = await step(district.inject, applicationId, "submit");
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ state: "submitted", version: 1 });
    expect((await blockOf(candidate)).status).toBe("applied");
    const [version] = submitted.json().versions;
    expect(version.materialIds).toHaveLength(4);
    const [checks] = version.prechecks.blocks;
    expect(checks.blockId).toBe(candidate);
    const inside = checks.otherBlocks.find((o: { id: number }) => o.id === host);
    expect(inside.shareOfBlock).toBeCloseTo(1, 9);
    expect(checks.warnings).toContain("other-blocks");
    expect(checks.growth.status).toBe("no-data");
    expect(version.prechecks.judgement).toEqual([
      "industry-orientation",
      "infrastructure",
      "safety-and-environment",
    ]);
    expect(version.prechecks.composition.applicationAreaKm2).toBeCloseTo(
      (await blockOf(candidate)).areaKm2,
      9,
    );
    // A district's edits end at submit.
    const edit = await district.inject({
      method: "PATCH",
      url: `/api/applications/${applicationId}`,
      payload: { title: "x" },
    });
    expect(edit.statusCode).toBe(409);
  });

  it("two departments opine; the lead returns it; the district fixes and resubmits, both versions kept", async () => {
    const early = await reviewer.inject({
      method: "POST",
      url: `/api/applications/${applicationId}/opinions`,
      payload: { department: DEPARTMENTS[0], opinion: "agree", text: "同意" },
    });
    expect(early.statusCode).toBe(409);
    expect((await step(lead.inject, applicationId, "start-review")).statusCode).toBe(200);
    const unready = await step(lead.inject, applicationId, "report", { opinion: "建议认定" });
    expect(unready.statusCode).toBe(409);
    expect(unready.json().error).toMatchObject({
      code: "opinions-missing",
      details: { departments: DEPARTMENTS },
    });
    const unknown = await reviewer.inject({
      method: "POST",
      url: `/api/applications/${applicationId}/opinions`,
      payload: { department: "市不存在局", opinion: "agree", text: "同意" },
    });
    expect(unknown.statusCode).toBe(400);
    await opineAll(reviewer.inject, applicationId, "agree-after-changes");
    const returned = await step(lead.inject, applicationId, "return", {
      reason: "请补充空间利用情况的地块清单",
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().state).toBe("returned");

    const fixed = await district.inject({
      method: "PATCH",
      url: `/api/applications/${applicationId}`,
      payload: { title: "甲区区块认定申请（修改稿）" },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const resubmitted = await step(district.inject, applicationId, "submit");
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const body = resubmitted.json();
    expect(body).toMatchObject({ state: "submitted", version: 2, title: "甲区区块认定申请（修改稿）" });
    expect(body.versions.map((v: { version: number; title: string }) => [v.version, v.title])).toEqual([
      [1, "甲区区块认定申请"],
      [2, "甲区区块认定申请（修改稿）"],
    ]);
    expect(body.opinions.map((o: { version: number }) => o.version)).toEqual([1, 1]);
    expect(body.departmentsMissing).toEqual(DEPARTMENTS);
    const returnEvent = body.events.find((e: { action: string }) => e.action === "return");
    expect(returnEvent).toMatchObject({ from: "reviewing", to: "returned", actor: "牵头处室" });
    expect(returnEvent.note.reason).toBe("请补充空间利用情况的地块清单");
  });

  it("the lead reports it with the 审核意见; only the approver replies; the 批复 makes the block 已认定", async () => {
    expect((await step(lead.inject, applicationId, "start-review")).statusCode).toBe(200);
    await opineAll(reviewer.inject, applicationId, "agree");
    const unjudged = await step(lead.inject, applicationId, "report", { opinion: "建议认定" });
    expect(unjudged.json().error.code).toBe("checklist-incomplete");
    await fillChecklist(reviewer.inject, applicationId);
    const reported = await step(lead.inject, applicationId, "report", { opinion: "经联审，建议认定。" });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().state).toBe("reported");

    const byLead = await step(lead.inject, applicationId, "approve", {
      reference: "京政函〔2026〕1号",
      repliedOn: "2026-11-30",
      approvedBlockIds: [candidate],
    });
    expect(byLead.statusCode).toBe(403);
    expect(byLead.json().error).toMatchObject({
      code: "missing-permission",
      details: { permission: "approvals.record" },
    });

    const approved = await step(approver.inject, applicationId, "approve", {
      reference: "京政函〔2026〕88号",
      repliedOn: "2026-11-30",
      approvedBlockIds: [candidate],
      conditions: "两年内完成道路配套",
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe("approved");
    expect(approved.json().reply).toMatchObject({
      decision: "approved",
      reference: "京政函〔2026〕88号",
      repliedOn: "2026-11-30",
      approvedBlockIds: [candidate],
      conditions: "两年内完成道路配套",
    });
    expect((await blockOf(candidate)).status).toBe("recognized");
    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${candidate}/history` })).json();
    const last = history.at(-1);
    expect(last).toMatchObject({ change: "recognize", status: "recognized", changedBy: "市政府批复登记" });
    expect(last.reason).toContain("京政函〔2026〕88号");
    expect(last.reason).toContain("两年内完成道路配套");
    const again = await step(approver.inject, applicationId, "reject", {
      reference: "x",
      repliedOn: "2026-12-01",
      reason: "x",
    });
    expect(again.statusCode).toBe(409);
  });

  it("a rejected application keeps its reasons and its block stays 已申报", async () => {
    const block = await newBlock(rectangle(116.6, 39.7, 116.61, 39.71), "candidate", "未通过区块");
    const id = await reportedApplication(t.app.inject.bind(t.app), roundId, [block]);
    const noReason = await step(approver.inject, id, "reject", {
      reference: "京政函〔2026〕89号",
      repliedOn: "2026-11-30",
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.field).toBe("reason");
    const rejected = await step(approver.inject, id, "reject", {
      reference: "京政函〔2026〕89号",
      repliedOn: "2026-11-30",
      reason: "产业导向不符合分园定位",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      state: "rejected",
      reply: {
        decision: "rejected",
        approvedBlockIds: [],
        reasons: { application: "产业导向不符合分园定位" },
      },
    });
    expect((await blockOf(block)).status).toBe("applied");
  });

  it("no other path makes a block 已认定: the recognize action is refused and writes nothing", async () => {
    const block = await newBlock(rectangle(116.7, 39.7, 116.71, 39.71), "applied", "直接认定区块");
    const refused = await approver.inject({
      method: "POST",
      url: `/api/blocks/${block}/actions/recognize`,
      payload: { version: 1, reason: "直接认定" },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("recognition-by-round");
    expect(await blockOf(block)).toMatchObject({ status: "applied", version: 1 });
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${block}`,
      payload: { version: 1, properties: { status: "recognized" } },
    });
    expect(patch.statusCode).toBe(400);
    expect((await blockOf(block)).status).toBe("applied");
  });

  it("every step left a valid audit chain", async () => {
    const verify = await t.app.inject({ method: "GET", url: "/api/audit/verify" });
    expect(verify.json().ok).toBe(true);
    const actions = await t.db.knex("audit_events").where({ entity: "application" }).pluck("action");
    expect(actions).toContain("application.approve");
    expect(actions).toContain("application.reject");
  });
});
