import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config.js";
import { upload } from "../formats/helpers.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #15 item 4 ("bound preview size"): an import preview stores at most IMPORT_PREVIEW_MAX_BYTES of GeoJSON
 * (16 MB by default; an 11 MB KMZ stored a 35 MB preview). Here the cap is set to 20,000 bytes so that a
 * 1,500-vertex polygon (about 50 KB of coordinates) is past it: 413 preview-too-large naming the limit, no
 * preview row written; a small file under the same cap is previewed.
 */
const CAP_BYTES = 20_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { importPreviewMaxBytes: CAP_BYTES } });
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

async function previewRows(): Promise<number> {
  const [{ n }] = await t.db.knex("import_previews").count({ n: "*" });
  return Number(n);
}

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
});
