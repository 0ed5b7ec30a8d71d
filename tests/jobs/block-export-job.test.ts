import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "../../server/formats/zip-read.js";
import { requireGdal } from "../formats/gdal.js";
import { jobInState } from "../helpers/job-wait.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14 item 1: block exports beyond a small size are a job — POST /api/exports/blocks answers 202, the job
 * reads the blocks in pages and writes the file in a worker, the file opens in GDAL; a cancelled export keeps
 * no file; GET /api/exports/blocks refuses a selection over its limit with 413 naming it and the POST.
 */
let t: TestApp;
const INLINE_LIMIT = 3;
beforeAll(async () => {
  requireGdal();
  t = await startTestApp({
    config: { jobs: { concurrency: 1, resultHours: 24, perAccount: 5, exportInlineBlocks: INLINE_LIMIT } },
  });
});
afterAll(async () => t?.close());

function waitFor(id: number, states: string[]): Promise<Record<string, unknown>> {
  return jobInState((options) => t.app.inject(options), id, states);
}

/** The files as GDAL reads them: ogr2ogr to GeoJSON (EPSG:4490) of `open` in a folder holding them. */
function gdalFeatures(files: Record<string, Uint8Array>, open: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "block-export-job-"));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    const output = execFileSync(
      "ogr2ogr",
      ["-f", "GeoJSON", "-t_srs", "EPSG:4490", "/vsistdout/", path.join(dir, open)],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(output).features as { properties: Record<string, unknown> }[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function jobCount(): Promise<number> {
  const [{ n }] = await t.db.knex("jobs").count({ n: "*" });
  return Number(n);
}

/** A park of the demo data with more blocks than the GET's limit, and its block ids and names. */
async function bigPark(): Promise<{ parkId: number; ids: number[]; names: string[] }> {
  const rows = (await t.db
    .knex("blocks")
    .select("park_id")
    .count({ n: "*" })
    .groupBy("park_id")
    .orderBy([{ column: "n", order: "desc" }, "park_id"])) as { park_id: number; n: string | number }[];
  const parkId = Number(rows[0].park_id);
  expect(Number(rows[0].n)).toBeGreaterThan(INLINE_LIMIT);
  const blocks = await t.db.knex("blocks").where({ park_id: parkId }).orderBy("id").select("id", "name");
  return { parkId, ids: blocks.map((row) => Number(row.id)), names: blocks.map((row) => row.name) };
}

describe("GET /api/exports/blocks beyond its limit", () => {
  it("answers 413 export-too-large naming the limit and the POST; within it, the file", async () => {
    const { parkId, ids } = await bigPark();
    const refused = await t.app.inject({
      method: "GET",
      url: `/api/exports/blocks?format=geojson&park=${parkId}`,
    });
    expect(refused.statusCode, refused.body).toBe(413);
    const error = refused.json().error;
    expect(error).toMatchObject({
      code: "export-too-large",
      details: { blocks: ids.length, limit: INLINE_LIMIT, job: "POST /api/exports/blocks" },
    });
    expect(error.message).toContain(`at most ${INLINE_LIMIT}`);
    expect(error.message).toContain("POST /api/exports/blocks");

    const small = await t.app.inject({
      method: "GET",
      url: `/api/exports/blocks?format=geojson&ids=${ids.slice(0, INLINE_LIMIT).join(",")}`,
    });
    expect(small.statusCode, small.body).toBe(200);
    expect(small.json().features.map((f: { properties: { id: number } }) => f.properties.id)).toEqual(
      ids.slice(0, INLINE_LIMIT),
    );
  });
});

describe("POST /api/exports/blocks: the export as a job", () => {
  it("answers 202, reports its stages, then serves a GeoPackage GDAL opens with every block", async () => {
    const { parkId, ids, names } = await bigPark();
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "gpkg", parkId },
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(started.headers.location).toBe(`/api/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: "block-export", state: "queued", file: null });
    expect(job.params).toMatchObject({ format: "gpkg", encoding: "utf-8", blockIds: ids });

    const done = await waitFor(job.id, ["succeeded", "failed"]);
    expect(done.state, JSON.stringify(done)).toBe("succeeded");
    expect(done.progress).toEqual({ done: ids.length, total: ids.length, stage: "done" });
    expect(done.file).toMatchObject({ name: "blocks.gpkg", contentType: "application/geopackage+sqlite3" });
    const result = (await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result` })).json();
    expect(result).toMatchObject({ blockCount: ids.length, format: "gpkg" });

    const file = await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-disposition"]).toContain("blocks.gpkg");
    const features = gdalFeatures({ "blocks.gpkg": new Uint8Array(file.rawPayload) }, "blocks.gpkg");
    expect(features.map((feature) => Number(feature.properties.id))).toEqual(ids);
    expect(features.map((feature) => feature.properties.name)).toEqual(names);
  }, 240_000);

  it("a Shapefile job of chosen ids in GBK: the zip's parts open in GDAL with the Chinese names", async () => {
    const { ids, names } = await bigPark();
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "shp", ids: ids.slice(0, 2), encoding: "gbk" },
    });
    expect(started.statusCode, started.body).toBe(202);
    const done = await waitFor(started.json().id, ["succeeded", "failed"]);
    expect(done.state, JSON.stringify(done)).toBe("succeeded");
    const file = await t.app.inject({ method: "GET", url: `/api/jobs/${started.json().id}/file` });
    expect(file.statusCode).toBe(200);
    const entries = readValue(await readZip(new Uint8Array(file.rawPayload)));
    const files = Object.fromEntries(entries.map((entry) => [path.basename(entry.name), entry.data]));
    expect(Buffer.from(files["blocks.cpg"]).toString("latin1").trim().toUpperCase()).toMatch(/GBK|936/);
    const features = gdalFeatures(files, "blocks.shp");
    expect(features.map((feature) => feature.properties.name)).toEqual(names.slice(0, 2));
  }, 240_000);

  it("a cancelled export ends cancelled and keeps no file", async () => {
    const { parkId, ids } = await bigPark();
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "gpkg", parkId },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as number;
    const cancelled = await t.app.inject({ method: "DELETE", url: `/api/jobs/${id}` });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().state).toBe("cancelled");
    // One job at a time: once a job queued after it has succeeded, the cancelled one's work has ended.
    const next = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "geojson", ids: [ids[0]] },
    });
    expect((await waitFor(next.json().id, ["succeeded", "failed"])).state).toBe("succeeded");
    const after = (await t.app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    expect(after).toMatchObject({ state: "cancelled", file: null });
    const row = await t.db.knex("jobs").where({ id }).first("file_name", "file_bytes");
    expect(row).toEqual({ file_name: null, file_bytes: null });
    const [chunks] = await t.db.knex("job_file_chunks").where({ job_id: id }).count({ n: "*" });
    expect(Number(chunks.n)).toBe(0);
    expect((await t.app.inject({ method: "GET", url: `/api/jobs/${id}/file` })).statusCode).toBe(409);
  }, 240_000);

  it("refuses a bad crs, an unknown park and ids outside the selection before queueing", async () => {
    const before = await jobCount();
    const badCrs = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "dxf", crs: "EPSG:3857" },
    });
    expect(badCrs.statusCode).toBe(400);
    expect(badCrs.json().error.code).toBe("bad-crs");
    const park = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "csv", parkId: 2_000_000_000 },
    });
    expect(park.statusCode).toBe(400);
    expect(park.json().error.details.field).toBe("parkId");
    const missing = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "csv", ids: [2_000_000_000] },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.details.ids).toEqual([2_000_000_000]);
    const badFormat = await t.app.inject({
      method: "POST",
      url: "/api/exports/blocks",
      payload: { format: "xls" },
    });
    expect(badFormat.statusCode).toBe(400);
    expect(await jobCount()).toBe(before);
  });
});
