import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, type TestClient } from "../helpers/test-app.js";

/**
 * Issue #13 · 优先推荐纳入国家高新区: staff record revisions of an approved year's recommended blocks, each block with
 * its reason and each revision with who, when and why; the latest is in force; listed and exported (XLSX read by
 * GDAL). Refused before 审定 and for blocks the frozen ranking does not allow, writing nothing.
 */
let t: TestApp;
let lead: TestClient;
let district: TestClient;
let work: string;

interface FrozenEntry {
  blockId: number;
  name: string;
  level: string;
  rank: number | null;
  bottom5: boolean;
  status: string;
}

/** The 2025 ranking as frozen at 报审, straight from the table. */
async function frozen2025(): Promise<FrozenEntry[]> {
  const row = await t.db
    .knex("evaluation_year_states")
    .where({ year: 2025, action: "submit" })
    .orderBy("id", "desc")
    .first("snapshot");
  const snapshot = typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot;
  return [...snapshot.evaluation.categories.A, ...snapshot.evaluation.categories.B];
}

const count = async (table: string) => Number((await t.db.knex(table).count("* as c"))[0].c);
const url = (year: number) => `/api/evaluations/${year}/recommendation-revisions`;

beforeAll(async () => {
  t = await startTestApp();
  lead = await t.clientFor({ roles: ["lead"], name: "测试 推荐 牵头" });
  district = await t.clientFor({ roles: ["district"], parkIds: [t.parkIds[0]] });
  work = mkdtempSync(path.join(tmpdir(), "recommend-"));
});
afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await t?.close();
});

function xlsxRows(bytes: Uint8Array, sheet: string): string[] {
  const file = path.join(work, `${sheet}.xlsx`);
  writeFileSync(file, bytes);
  return execFileSync("ogr2ogr", ["-f", "CSV", "/vsistdout/", file, sheet, "-oo", "HEADERS=DISABLE"], {
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean)
    .slice(1);
}

describe("优先推荐纳入国家高新区 revisions", () => {
  it("refuses before 审定, blocks the frozen ranking does not allow, and a district; writes nothing", async () => {
    const entries = await frozen2025();
    const bottom = entries.find((entry) => entry.bottom5) as FrozenEntry;
    const national = entries.find((entry) => entry.level === "national") as FrozenEntry;
    const good = entries.find(
      (entry) => entry.level === "municipal" && entry.rank !== null && !entry.bottom5,
    ) as FrozenEntry;
    const body = (blocks: { blockId: number; reason: string }[]) => ({
      name: "2026年国家高新区范围调整",
      revisedOn: "2026-06-30",
      reason: "首次推荐",
      blocks,
    });
    const before = { revisions: await count("recommendation_revisions"), audit: await count("audit_events") };
    const draft = await lead.inject({ method: "POST", url: url(2026), payload: body([]) });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error).toMatchObject({ code: "year-not-approved", details: { state: "draft" } });
    const refused = await lead.inject({
      method: "POST",
      url: url(2025),
      payload: body([
        { blockId: bottom.blockId, reason: "后5%" },
        { blockId: national.blockId, reason: "国家级" },
        { blockId: good.blockId, reason: "  " },
      ]),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("not-recommendable");
    expect(refused.json().error.details.problems).toEqual([
      { blockId: bottom.blockId, problem: "in the bottom 5%" },
      { blockId: national.blockId, problem: "a national block (only municipal blocks are recommended)" },
      { blockId: good.blockId, problem: "no reason given" },
    ]);
    const forbidden = await district.inject({
      method: "POST",
      url: url(2025),
      payload: body([{ blockId: good.blockId, reason: "好" }]),
    });
    expect(forbidden.statusCode).toBe(403);
    const badDate = await lead.inject({
      method: "POST",
      url: url(2025),
      payload: { ...body([]), revisedOn: "2026-02-30" },
    });
    expect(badDate.statusCode).toBe(400);
    expect(await count("recommendation_revisions")).toBe(before.revisions);
    expect(await count("audit_events")).toBe(before.audit);
  });

  it("records revisions with who, when and why; the latest is in force, listed and exported", async () => {
    const entries = await frozen2025();
    const candidates = entries
      .filter((entry) => entry.level === "municipal" && entry.rank !== null && !entry.bottom5)
      .filter((entry) => entry.status !== "rectifying");
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    const [first, second] = candidates;
    const created = await lead.inject({
      method: "POST",
      url: url(2025),
      payload: {
        name: "2026年国家高新区范围调整",
        revisedOn: "2026-06-30",
        reason: "首次推荐",
        blocks: [
          { blockId: first.blockId, reason: "综合评价排名靠前，亩均产出高" },
          { blockId: second.blockId, reason: "研发投入强度高" },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      year: 2025,
      createdBy: "测试 推荐 牵头",
      reason: "首次推荐",
      recommended: [
        {
          blockId: first.blockId,
          name: first.name,
          rank: first.rank,
          reason: "综合评价排名靠前，亩均产出高",
        },
        { blockId: second.blockId, name: second.name, rank: second.rank, reason: "研发投入强度高" },
      ],
    });
    const revised = await lead.inject({
      method: "POST",
      url: url(2025),
      payload: {
        name: "2026年国家高新区范围调整（修订）",
        revisedOn: "2026-09-15",
        reason: "部委意见：本批只报一个区块",
        blocks: [{ blockId: second.blockId, reason: "研发投入强度高，空间连片" }],
      },
    });
    expect(revised.statusCode, revised.body).toBe(201);

    const listed = (await t.app.inject({ method: "GET", url: url(2025) })).json();
    expect(listed.revisions).toHaveLength(2);
    expect(listed.current).toMatchObject({
      name: "2026年国家高新区范围调整（修订）",
      revisedOn: "2026-09-15",
      reason: "部委意见：本批只报一个区块",
      createdBy: "测试 推荐 牵头",
    });
    expect(listed.current.recommended.map((block: { blockId: number }) => block.blockId)).toEqual([
      second.blockId,
    ]);
    expect(listed.revisions[1].recommended).toHaveLength(2);
    const audit = await t.db
      .knex("audit_events")
      .where({ action: "evaluation.recommend", entity_id: "2025" })
      .orderBy("id")
      .select("actor_name", "after");
    expect(audit).toHaveLength(2);
    expect(audit.map((row) => row.actor_name)).toEqual(["测试 推荐 牵头", "测试 推荐 牵头"]);

    const exported = await t.app.inject({ method: "GET", url: `${url(2025)}/export` });
    expect(exported.statusCode).toBe(200);
    const bytes = new Uint8Array(exported.rawPayload);
    const rows = xlsxRows(bytes, "推荐名单");
    const blockRows = rows.slice(3);
    expect(blockRows).toHaveLength(1);
    expect(blockRows[0]).toContain(second.name);
    expect(blockRows[0]).toContain("研发投入强度高，空间连片");
    // GDAL may take this sheet's first row as its field names: keep the revisions' rows only.
    const history = xlsxRows(bytes, "修订记录").filter((row) => row.includes("2026年国家高新区范围调整"));
    expect(history).toHaveLength(2);
    expect(history[0]).toContain("部委意见：本批只报一个区块");
    expect(history[1]).toContain("首次推荐");
  });
});
