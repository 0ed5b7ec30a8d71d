import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "../../server/formats/zip-read.js";
import { expectGoldenText, goldenInputs, readGeoJson } from "../helpers/golden.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * 界址点 files (tests/fixtures/boundary-files/in: one block per feature, its park by code) → the text file the
 * catalogue package writes for each block (out/*.txt, CRLF as written). The generation date is the only line
 * that changes from day to day: it is replaced by a placeholder before comparing.
 */
let t: TestApp;
let parkIdOf: Map<string, number>;
beforeAll(async () => {
  t = await startTestApp();
  const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
  parkIdOf = new Map(parks.map((park: { code: string; id: number }) => [park.code, park.id]));
});
afterAll(async () => t?.close());

async function boundaryFileOf(feature: GeoJSON.Feature): Promise<string> {
  const { parkCode, ...properties } = feature.properties as Record<string, unknown>;
  const created = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    // Recognized: the catalogue package lists blocks in force (issue #12.9).
    payload: {
      ...feature,
      properties: { status: "recognized", ...properties, parkId: parkIdOf.get(String(parkCode)) },
    },
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().properties.id;
  const response = await t.app.inject({ method: "GET", url: `/api/exports/catalogue-package?ids=${id}` });
  expect(response.statusCode).toBe(200);
  const files = readValue(await readZip(response.rawPayload)).filter((entry) =>
    entry.name.startsWith("界址点/"),
  );
  expect(files).toHaveLength(1);
  // The package writes 界址点 files in GBK by default (issue 17).
  const text = new TextDecoder("gbk").decode(files[0].data);
  expect(text).toMatch(/^数据产生日期=\d{4}-\d{2}-\d{2}\r$/m);
  return text.replace(/^数据产生日期=\d{4}-\d{2}-\d{2}\r$/m, "数据产生日期=(date)\r");
}

describe("golden 界址点 files", () => {
  for (const { name, file } of goldenInputs("boundary-files")) {
    it(name, async () => {
      const texts = [];
      for (const feature of readGeoJson(file).features) texts.push(await boundaryFileOf(feature));
      expectGoldenText("boundary-files", name, texts.join("\n"));
    });
  }
});
