import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * 整改报告 on a rectification record (issue #18 item 1) through the real app and database: recorded on an open
 * record with its audit row, listed with the record, refused (4xx naming the field, nothing written) when bad,
 * on a judged record, or outside a district's parks; the record's outcome and the block's status do not change.
 */
let testApp: TestApp;

interface RecordRow {
  id: number;
  blockId: number;
  outcome: string;
  judgedYear: number | null;
  reports: { report: string; reportedOn: string; reporter: string; recordedBy: string }[];
}

async function records(): Promise<RecordRow[]> {
  const response = await testApp.app.inject({ url: "/api/evaluations/rectifications" });
  expect(response.statusCode).toBe(200);
  return (response.json() as { rectifications: RecordRow[] }).rectifications;
}

const post = (id: number, payload: Record<string, string>, headers?: Record<string, string>) =>
  testApp.app.inject({
    method: "POST",
    url: `/api/evaluations/rectifications/${id}/reports`,
    payload,
    headers,
  });

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

describe("整改报告", () => {
  test("recorded on an open record with its audit row; the outcome and the block's status unchanged", async () => {
    const open = (await records()).find((record) => record.outcome === "open");
    expect(open, "the demo data has an open rectification").toBeDefined();
    const id = open?.id as number;
    const statusBefore = await testApp.db
      .knex("blocks")
      .where({ id: open?.blockId })
      .first("status", "version");
    const auditBefore = Number((await testApp.db.knex("audit_events").count("* as n"))[0].n);
    const response = await post(id, {
      report: " 已完成闲置用地清理 ",
      reportedOn: "2026-03-15",
      reporter: "海淀区科信局",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      rectificationId: id,
      report: "已完成闲置用地清理",
      reportedOn: "2026-03-15",
    });
    const after = (await records()).find((record) => record.id === id) as RecordRow;
    expect(after.outcome).toBe("open");
    expect(after.reports).toHaveLength(1);
    expect(after.reports[0]).toMatchObject({ reporter: "海淀区科信局", reportedOn: "2026-03-15" });
    const audit = await testApp.db
      .knex("audit_events")
      .orderBy("at", "desc")
      .first("action", "entity_id", "after");
    expect(Number((await testApp.db.knex("audit_events").count("* as n"))[0].n)).toBe(auditBefore + 1);
    expect(audit).toMatchObject({ action: "rectification.report", entity_id: String(id) });
    expect(audit?.after.blockIds).toEqual([open?.blockId]);
    expect(await testApp.db.knex("blocks").where({ id: open?.blockId }).first("status", "version")).toEqual(
      statusBefore,
    );
  });

  test("bad input is a 400 naming the field, a judged record 409, another park's district 403; nothing written", async () => {
    const all = await records();
    const open = all.find((record) => record.outcome === "open") as RecordRow;
    const judged = all.find((record) => record.outcome !== "open") as RecordRow;
    expect(judged, "the demo data has a judged rectification").toBeDefined();
    const count = async () => Number((await testApp.db.knex("rectification_reports").count("* as n"))[0].n);
    const before = await count();
    const cases: [Record<string, string>, string, string][] = [
      [{ report: "  ", reportedOn: "2026-03-15", reporter: "区" }, "bad-report", "report"],
      [{ report: "x", reportedOn: "2026-02-30", reporter: "区" }, "bad-report-date", "reportedOn"],
      [{ report: "x", reportedOn: "2999-01-01", reporter: "区" }, "bad-report-date", "reportedOn"],
      [{ report: "x", reportedOn: "2026-03-15", reporter: "" }, "bad-reporter", "reporter"],
    ];
    for (const [payload, code, field] of cases) {
      const response = await post(open.id, payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code, details: { field } });
    }
    const closed = await post(judged.id, { report: "x", reportedOn: "2026-03-15", reporter: "区" });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe("rectification-closed");
    expect((await post(999_999, { report: "x", reportedOn: "2026-03-15", reporter: "区" })).statusCode).toBe(
      404,
    );

    const parkOf = await testApp.db.knex("blocks").where({ id: open.blockId }).first("park_id");
    const otherPark = testApp.parkIds.find((parkId) => parkId !== parkOf?.park_id) as number;
    const district = await testApp.clientFor({ roles: ["district"], parkIds: [otherPark] });
    const refused = await district.inject({
      method: "POST",
      url: `/api/evaluations/rectifications/${open.id}/reports`,
      payload: { report: "x", reportedOn: "2026-03-15", reporter: "区" },
    });
    expect(refused.statusCode).toBe(403);
    const viewer = await testApp.clientFor({ roles: ["viewer"] });
    const notAllowed = await viewer.inject({
      method: "POST",
      url: `/api/evaluations/rectifications/${open.id}/reports`,
      payload: { report: "x", reportedOn: "2026-03-15", reporter: "区" },
    });
    expect(notAllowed.statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
});
