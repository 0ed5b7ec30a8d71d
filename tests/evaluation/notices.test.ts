import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, type TestClient } from "../helpers/test-app.js";

/**
 * Issue #13 · 通报: once a year is 审定 the staff generate, as a job, each district's XLSX table and PDF letter of
 * its blocks' ranks, scores, bottom-5% flags and rectification/exit outcomes, and the zip of all; refused (409)
 * before 审定; the notice is recorded (who, when) with its audit row; a district account sees and downloads only
 * its own district's. The files are opened by GDAL (ogr2ogr reads XLSX) and poppler (pdftotext).
 * The demo's 2025 is approved and flagged (2024 ordered rectifications, 2025 judged them); 2026 is a draft.
 */
let t: TestApp;
let lead: TestClient;
let viewer: TestClient;
let district: TestClient;
let ownDistrict: string;
let otherDistrict: string;
let work: string;

interface FrozenEntry {
  blockId: number;
  name: string;
  park: { id: number };
  bottom5: boolean;
}

/** The blocks of the 2025 ranking as frozen at 报审, with their district (straight from the tables). */
async function frozen2025(): Promise<(FrozenEntry & { district: string })[]> {
  const row = await t.db
    .knex("evaluation_year_states")
    .where({ year: 2025, action: "submit" })
    .orderBy("id", "desc")
    .first("snapshot");
  const snapshot = typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot;
  const entries: FrozenEntry[] = [...snapshot.evaluation.categories.A, ...snapshot.evaluation.categories.B];
  const parks = await t.db.knex("parks").select("id", "district");
  const districtOf = new Map(parks.map((park) => [Number(park.id), String(park.district)]));
  return entries.map((entry) => ({ ...entry, district: districtOf.get(entry.park.id) as string }));
}

beforeAll(async () => {
  t = await startTestApp({ config: { jobs: { concurrency: 1, resultHours: 24, perAccount: 3 } } });
  lead = await t.clientFor({ roles: ["lead"], name: "测试 通报 牵头" });
  viewer = await t.clientFor({ roles: ["viewer"] });
  const entries = await frozen2025();
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.district, (counts.get(entry.district) ?? 0) + 1);
  const districts = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  [ownDistrict, otherDistrict] = districts;
  const ownParks = (await t.db.knex("parks").where({ district: ownDistrict }).pluck("id")).map(Number);
  district = await t.clientFor({ roles: ["district"], parkIds: ownParks });
  work = mkdtempSync(path.join(tmpdir(), "notice-"));
});
afterAll(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await t?.close();
});

async function waitForJob(client: TestClient, id: number): Promise<Record<string, unknown>> {
  let job: Record<string, unknown> = {};
  await expect
    .poll(
      async () => {
        job = (await client.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
        return job.state;
      },
      { timeout: 120_000, interval: 100 },
    )
    .toMatch(/succeeded|failed/);
  return job;
}

/** GDAL reads the XLSX sheet as rows of cells (no header row: the first rows are the title and the approval). */
function xlsxRows(bytes: Uint8Array, sheet: string): string[] {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  try {
    return execFileSync("ogr2ogr", ["-f", "CSV", "/vsistdout/", file, sheet, "-oo", "HEADERS=DISABLE"], {
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean)
      .slice(1); // GDAL's own header line: Field1,Field2,…
  } catch (error) {
    throw new Error(`ogr2ogr could not read the 通报 XLSX (install gdal-bin; .ci/run does): ${error}`);
  }
}

function pdfText(bytes: Uint8Array): string {
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  try {
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } catch (error) {
    throw new Error(`pdftotext could not read the 通报 PDF (install poppler-utils; .ci/run does): ${error}`);
  }
}

describe("通报 of an approved year", () => {
  it("is refused with 409 before 审定 and queues nothing; a district may not start it", async () => {
    const jobs = async () => Number((await t.db.knex("jobs").count("* as c"))[0].c);
    const before = await jobs();
    const early = await lead.inject({ method: "POST", url: "/api/evaluations/2026/notices" });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: "year-not-approved", details: { state: "draft" } });
    expect((await district.inject({ method: "POST", url: "/api/evaluations/2025/notices" })).statusCode).toBe(
      403,
    );
    expect(await jobs()).toBe(before);
    const listed = (await lead.inject({ method: "GET", url: "/api/evaluations/2026/notices" })).json();
    expect(listed).toMatchObject({ year: 2026, state: "draft", notices: [] });
  });

  it("generates each district's XLSX and PDF and the zip as a job, and records who notified when", async () => {
    const started = await lead.inject({ method: "POST", url: "/api/evaluations/2025/notices" });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForJob(lead, started.json().id);
    expect(job.state, JSON.stringify(job)).toBe("succeeded");

    const entries = await frozen2025();
    const districts = [...new Set(entries.map((entry) => entry.district))].sort();
    const zip = await lead.inject({ method: "GET", url: `/api/jobs/${started.json().id}/file` });
    expect(zip.statusCode).toBe(200);
    // A Chinese file name goes out as RFC 6266 filename* (a raw one in the header was a 500).
    expect(zip.headers["content-disposition"]).toContain(
      `filename*=UTF-8''${encodeURIComponent("2025年度综合评价结果通报.zip")}`,
    );
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      districts
        .flatMap((name) => [
          `${name}/2025年度综合评价结果通报_${name}.pdf`,
          `${name}/2025年度综合评价结果通报_${name}.xlsx`,
        ])
        .sort(),
    );

    // The district's table lists exactly its blocks; a block flagged in 2025 says 责令整改 on its row.
    const own = entries.filter((entry) => entry.district === ownDistrict);
    const rows = xlsxRows(
      files[`${ownDistrict}/2025年度综合评价结果通报_${ownDistrict}.xlsx`],
      "综合评价结果",
    );
    expect(rows[0]).toContain(`关于2025年度市级高新区综合评价结果的通报（${ownDistrict}）`);
    const blockRows = rows.slice(3);
    expect(blockRows).toHaveLength(own.length);
    for (const entry of own) expect(blockRows.some((row) => row.includes(entry.name))).toBe(true);
    const others = entries.filter((entry) => entry.district !== ownDistrict);
    for (const entry of others) expect(blockRows.some((row) => row.includes(`,${entry.name},`))).toBe(false);

    const flags = await t.db.knex("evaluation_flags").where({ year: 2025 }).select("block_id", "outcome");
    const ordered = flags.filter((flag) => flag.outcome === "rectify").map((flag) => Number(flag.block_id));
    expect(ordered.length).toBeGreaterThan(0);
    const anyOrdered = entries.find((entry) => ordered.includes(entry.blockId)) as (typeof entries)[number];
    const orderedRows = xlsxRows(
      files[`${anyOrdered.district}/2025年度综合评价结果通报_${anyOrdered.district}.xlsx`],
      "综合评价结果",
    );
    const orderedRow = orderedRows.find((row) => row.includes(anyOrdered.name)) as string;
    expect(orderedRow).toContain("列入2025年度排名后5%，责令整改");
    expect(orderedRow).toContain(",是,");
    const failed = flags.find((flag) => flag.outcome === "exit-decision");
    if (failed) {
      const exitEntry = entries.find((entry) => entry.blockId === Number(failed.block_id));
      if (exitEntry) {
        const exitRows = xlsxRows(
          files[`${exitEntry.district}/2025年度综合评价结果通报_${exitEntry.district}.xlsx`],
          "综合评价结果",
        );
        expect(exitRows.find((row) => row.includes(exitEntry.name))).toContain("整改后仍不达标");
      }
    }
    const detail = xlsxRows(files[`${ownDistrict}/2025年度综合评价结果通报_${ownDistrict}.xlsx`], "得分明细");
    expect(detail.length).toBeGreaterThan(own.length);

    // The PDF letter: addressed to the district government, naming its blocks.
    const text = pdfText(files[`${ownDistrict}/2025年度综合评价结果通报_${ownDistrict}.pdf`]).replace(
      /\s+/g,
      "",
    );
    expect(text).toContain("关于2025年度市级高新区综合评价结果的通报");
    expect(text).toContain(`${ownDistrict}人民政府：`);
    for (const entry of own) expect(text).toContain(entry.name.replace(/\s+/g, ""));

    // Recorded: the notice (who/when), and its audit row.
    const listed = (await lead.inject({ method: "GET", url: "/api/evaluations/2025/notices" })).json();
    expect(listed.ownDistricts).toBeNull();
    expect(listed.notices).toHaveLength(1);
    expect(listed.notices[0]).toMatchObject({
      year: 2025,
      jobId: started.json().id,
      notifiedBy: "测试 通报 牵头",
      blockCount: entries.length,
    });
    expect(listed.notices[0].districts.map((entry: { district: string }) => entry.district).sort()).toEqual(
      districts,
    );
    const audit = await t.db
      .knex("audit_events")
      .where({ action: "evaluation.notify", entity: "evaluation-year", entity_id: "2025" })
      .select("actor_name");
    expect(audit.map((row) => row.actor_name)).toEqual(["测试 通报 牵头"]);
  });

  it("a district account sees and downloads only its own district's 通报", async () => {
    const listed = (await district.inject({ method: "GET", url: "/api/evaluations/2025/notices" })).json();
    expect(listed.ownDistricts).toEqual([ownDistrict]);
    const notice = listed.notices[0];
    expect(notice.districts.map((entry: { district: string }) => entry.district)).toEqual([ownDistrict]);
    const url = (name: string, format: string) =>
      `/api/evaluations/notices/${notice.id}/file?district=${encodeURIComponent(name)}&format=${format}`;
    const pdf = await district.inject({ method: "GET", url: url(ownDistrict, "pdf") });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toContain(encodeURIComponent(`通报_${ownDistrict}.pdf`));
    expect(pdfText(new Uint8Array(pdf.rawPayload)).replace(/\s+/g, "")).toContain(`${ownDistrict}人民政府：`);
    const xlsx = await district.inject({ method: "GET", url: url(ownDistrict, "xlsx") });
    expect(xlsx.statusCode).toBe(200);
    const other = await district.inject({ method: "GET", url: url(otherDistrict, "pdf") });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: "out-of-scope", details: { district: otherDistrict } });
    // Staff and viewers read every district's.
    expect((await viewer.inject({ method: "GET", url: url(otherDistrict, "xlsx") })).statusCode).toBe(200);
    expect((await lead.inject({ method: "GET", url: url("不存在区", "pdf") })).statusCode).toBe(404);
    expect((await lead.inject({ method: "GET", url: `${url(ownDistrict, "pdf")}x` })).statusCode).toBe(400);
  });
});
