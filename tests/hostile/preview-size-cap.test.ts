import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config.js";
import { INLINE_UPLOAD_BYTES } from "../../server/jobs/import-jobs.js";
import { upload } from "../formats/helpers.js";
import { rectangle } from "../helpers/geodesic.js";
import { jobInState } from "../helpers/job-wait.js";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 4 ("bound preview size"): an import preview stores at most IMPORT_PREVIEW_MAX_BYTES of GeoJSON
 * (16 MB by default; an 11 MB KMZ stored a 35 MB preview). Here the cap is set to 20,000 bytes so that a
 * 1,500-vertex polygon (about 50 KB of coordinates) is past it: 413 preview-too-large naming the limit, no
 * preview row written; a small file under the same cap is previewed. A file over INLINE_UPLOAD_BYTES (1 MB) is
 * read by the import-preview job (issue #14): the same cap holds there, the job fails naming it and neither a
 * preview nor the kept upload stays behind.
 */
const CAP_BYTES = 20_000;
let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url, { config: { importPreviewMaxBytes: CAP_BYTES } });
});
afterAll(async () => t?.close());

function collection(geometry: Polygon): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: { name: "预览上限" }, geometry }],
  });
}

function manyVertices(count: number): Polygon {
  const ring = Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / count;
    return [116.95 + 0.005 * Math.cos(angle), 40.55 + 0.004 * Math.sin(angle)];
  });
  return { type: "Polygon", coordinates: [[...ring, ring[0]]] };
}

async function rows(table: "import_previews" | "import_uploads"): Promise<number> {
  const [{ n }] = await t.db.knex(table).count({ n: "*" });
  return Number(n);
}
const previewRows = () => rows("import_previews");

describe("the stored preview's size", () => {
  it("is 16 MB unless set", () => {
    expect(readConfig({}).importPreviewMaxBytes).toBe(16 * 1024 * 1024);
    expect(readConfig({ IMPORT_PREVIEW_MAX_BYTES: "1000" }).importPreviewMaxBytes).toBe(1000);
  });

  it("refuses a preview past the cap with 413 naming it, and stores nothing", async () => {
    const before = await previewRows();
    const response = await upload(t.app, "big.geojson", collection(manyVertices(1_500)));
    expect(response.statusCode, response.body).toBe(413);
    const { error } = response.json();
    expect(error.code).toBe("preview-too-large");
    expect(error.message).toContain("IMPORT_PREVIEW_MAX_BYTES");
    expect(error.details.limitBytes).toBe(CAP_BYTES);
    expect(error.details.bytes).toBeGreaterThan(CAP_BYTES);
    expect(await previewRows()).toBe(before);
  });

  it("previews a file under the cap", async () => {
    const response = await upload(t.app, "small.geojson", collection(rectangle(116.9, 40.5, 116.91, 40.505)));
    expect(response.statusCode, response.body).toBe(201);
  });

  it("holds on the job path too: a file over 1 MB is read by the job, which fails naming the cap", async () => {
    const before = { previews: await previewRows(), uploads: await rows("import_uploads") };
    // The same 1,500-vertex polygon, padded with whitespace past the inline size: the file goes to the job.
    const text = collection(manyVertices(1_500));
    const padded = `${text.slice(0, -1)}${" ".repeat(INLINE_UPLOAD_BYTES + 1 - text.length)}}`;
    expect(padded.length).toBeGreaterThan(INLINE_UPLOAD_BYTES);
    const started = await upload(t.app, "big-job.geojson", padded);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json().kind).toBe("import-preview");
    const job = await jobInState((options) => t.app.inject(options), started.json().id, [
      "succeeded",
      "failed",
      "cancelled",
    ]);
    expect(job.state).toBe("failed");
    // A job keeps a refusal's code as its error: `code: message`.
    expect(String(job.error)).toMatch(/^preview-too-large: /u);
    expect(String(job.error)).toContain("IMPORT_PREVIEW_MAX_BYTES");
    expect(String(job.error)).toContain(`at most ${CAP_BYTES}`);
    expect(await previewRows()).toBe(before.previews);
    expect(await rows("import_uploads")).toBe(before.uploads);
  });
});
