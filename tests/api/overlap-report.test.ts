import ExcelJS from "exceljs";
import type { Geometry } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStore } from "../../server/db/job-store.js";
import { zoneStore } from "../../server/db/zone-store.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
let parkId: number;

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

async function createBlock(name: string, geometry: Geometry) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: { type: "Feature", geometry, properties: { name, parkId, level: "municipal" } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function finishedJob(id: number) {
  for (let attempt = 0; attempt < 500; attempt++) {
    const job = (await t.app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    if (!["queued", "running"].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${id} did not finish`);
}

async function report(body: Record<string, unknown>) {
  const started = await t.app.inject({ method: "POST", url: "/api/reports/overlaps", payload: body });
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ kind: "overlap-report", state: "queued" });
  const job = await finishedJob(started.json().id);
  expect(job.state, job.error).toBe("succeeded");
  const result = await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result` });
  expect(result.statusCode).toBe(200);
  return { job, report: result.json() };
}

// Two zones of one layer overlapping each other, a block across both, and a second block overlapping it.
// Dissolved (as QGIS reports it), the layer covers the block over 116.600–116.615°E; summed per zone, the
// strip 116.605–116.610 would count twice.
const BLOCK = rectangle(116.6, 40.6, 116.62, 40.61);
const COVERED = rectangle(116.6, 40.6, 116.615, 40.61);
const OTHER = rectangle(116.618, 40.605, 116.63, 40.615);
const SHARED = rectangle(116.618, 40.605, 116.62, 40.61);

describe("the overlap report", () => {
  it("reports per layer dissolved, each other block it overlaps, and follows an edit", async () => {
    const zones = zoneStore(t.db.knex);
    await zones.insert({
      code: "rep-a",
      kind: "district-development-zone",
      name: "报表甲",
      nameEn: "Report A",
      geometry: rectangle(116.59, 40.59, 116.61, 40.62),
    });
    await zones.insert({
      code: "rep-b",
      kind: "district-development-zone",
      name: "报表乙",
      nameEn: "Report B",
      geometry: rectangle(116.605, 40.59, 116.615, 40.62),
    });
    const block = await createBlock("报表区块", BLOCK);
    const other = await createBlock("报表邻块", OTHER);
    const id = block.properties.id;

    const { job, report: first } = await report({ ids: [id, other.properties.id] });
    expect(job.progress).toMatchObject({ done: 2, total: 2 });
    expect(first.meta).toMatchObject({ blockCount: 2 });
    expect(first.meta.crs).toContain("EPSG:4490");
    const row = first.rows.find((r: { blockId: number }) => r.blockId === id);
    const blockAreaM2 = geodesicAreaM2(BLOCK);
    expect(Math.abs((row.areaKm2 * 1e6) / blockAreaM2 - 1)).toBeLessThan(1e-9);
    const layer = row.layers["district-development-zone"];
    expect(Math.abs((layer.areaKm2 * 1e6) / geodesicAreaM2(COVERED) - 1)).toBeLessThan(1e-8);
    expect(layer.shareOfBlock).toBeCloseTo(geodesicAreaM2(COVERED) / blockAreaM2, 7);
    expect(row.layers.etdz).toEqual({ areaKm2: 0, shareOfBlock: 0 });
    expect(row.blocks).toHaveLength(1);
    expect(row.blocks[0]).toMatchObject({ id: other.properties.id, name: "报表邻块" });
    expect(Math.abs((row.blocks[0].areaKm2 * 1e6) / geodesicAreaM2(SHARED) - 1)).toBeLessThan(1e-8);

    // Moving the other block away re-derives both blocks' rows in the same write.
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${other.properties.id}`,
      headers: { "if-match": `"${other.properties.version}"` },
      payload: { type: "Feature", geometry: rectangle(116.7, 40.7, 116.71, 40.71), properties: {} },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { report: second } = await report({ ids: [id], layers: ["district-development-zone"] });
    expect(second.rows).toHaveLength(1);
    expect(second.rows[0].blocks).toEqual([]);
    expect(Object.keys(second.rows[0].layers)).toEqual(["district-development-zone"]);
  });

  it("downloads as XLSX with a header naming CRS, method and date, and as CSV", async () => {
    const { job } = await report({ parkId });
    const xlsx = await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result?format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-disposition"]).toContain(`overlap-report-${job.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const head = [1, 2, 3, 4].map((n) => String(sheet.getRow(n).getCell(1).value));
    expect(head[1]).toContain("EPSG:4490");
    expect(head[2]).toContain("calculatevectoroverlaps");
    expect(head[3]).toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(sheet.getRow(7).getCell(1).value).toBe("区块ID");
    const csv = await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result?format=csv` });
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[1]).toContain("EPSG:4490");
    expect(lines[5].startsWith("区块ID,")).toBe(true);
    expect(lines.length - 7).toBe(job.progress.total);
  });

  it("cancels a queued job, and refuses what does not fit", async () => {
    // A kind no server runs: it stays queued until cancelled.
    const queued = await jobStore(t.db.knex).create({
      kind: "never-run",
      owner: "test",
      ownerAccountId: null,
      params: {},
    });
    const cancelled = await t.app.inject({ method: "DELETE", url: `/api/jobs/${queued.id}` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: "cancelled" });
    const again = await t.app.inject({ method: "DELETE", url: `/api/jobs/${queued.id}` });
    expect(again.json().error.code).toBe("job-finished");
    const result = await t.app.inject({ method: "GET", url: `/api/jobs/${queued.id}/result` });
    expect(result.statusCode).toBe(409);
    expect(result.json().error).toMatchObject({ code: "job-not-succeeded", details: { state: "cancelled" } });

    expect((await t.app.inject({ method: "GET", url: "/api/jobs/999999" })).json().error.code).toBe(
      "not-found",
    );
    for (const [payload, field] of [
      [{ layers: ["moon"] }, "0"],
      [{ ids: [] }, "ids"],
      [{ parkId: 999999 }, "parkId"],
      [{ colour: "red" }, ""],
    ] as const) {
      const refused = await t.app.inject({ method: "POST", url: "/api/reports/overlaps", payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      if (field) expect(refused.json().error.details.field).toBe(field);
    }
  });
});
