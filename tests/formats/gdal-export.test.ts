import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "../../server/formats/zip-read.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { fixtureBlocks, ogrinfoText, requireGdal } from "./gdal.js";

// Issue 17, Out: every export opened by GDAL (ogrinfo / ogr2ogr, default settings) with its Chinese names,
// counts, SRS and areas (GDAL's coordinates, areas by GeographicLib against the stored ones).

let t: TestApp;
const created: Feature<MultiPolygon, Record<string, unknown>>[] = [];
const LONG_TEXT = "很长的说明文字".repeat(20); // 140 characters: 420 bytes in UTF-8, 280 in GBK

beforeAll(async () => {
  requireGdal();
  t = await startTestApp();
  const park = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0];
  for (const [index, block] of fixtureBlocks().entries()) {
    const geometry: MultiPolygon =
      block.geometry.type === "Polygon"
        ? { type: "MultiPolygon", coordinates: [block.geometry.coordinates] }
        : block.geometry;
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry,
        properties: {
          code: block.code,
          name: block.name,
          parkId: park.id,
          level: index === 1 ? "national" : "municipal",
          status: index === 2 ? "candidate" : "recognized",
          attributes: { 主导产业: block.properties.主导产业, ...(index === 0 ? { 说明: LONG_TEXT } : {}) },
        },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    created.push(response.json());
  }
});
afterAll(async () => t?.close());

const ids = () => created.map((block) => block.properties.id).join(",");

async function exported(query: string): Promise<Uint8Array> {
  const response = await t.app.inject({ method: "GET", url: `/api/exports/${query}&ids=${ids()}` });
  expect(response.statusCode, response.body).toBe(200);
  return new Uint8Array(response.rawPayload);
}

/** The catalogue package of the blocks in force (it lists no other, issue #12.9): all but the candidate. */
async function cataloguePackage(query: string): Promise<Uint8Array> {
  const inForce = created.filter((block) => block.properties.status !== "candidate");
  const url = `/api/exports/catalogue-package?ids=${inForce.map((block) => block.properties.id).join(",")}${query}`;
  const response = await t.app.inject({ method: "GET", url });
  expect(response.statusCode, response.body).toBe(200);
  return new Uint8Array(response.rawPayload);
}

/** The file as GDAL reads it, converted by ogr2ogr to GeoJSON in EPSG:4490. */
function gdalFeatures(files: Record<string, Uint8Array>, open: string, args: string[] = []): Feature[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gdal-read-"));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    const output = execFileSync(
      "ogr2ogr",
      [...args, "-f", "GeoJSON", "-t_srs", "EPSG:4490", "/vsistdout/", path.join(dir, open)],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(output).features;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each stored block's area equals GeographicLib's area of what GDAL read, to `tolerance`. */
function expectStoredAreas(features: Feature[], nameOf: (feature: Feature) => unknown, tolerance: number) {
  for (const block of created) {
    const read = features.filter((feature) => nameOf(feature) === block.properties.name);
    expect(read.length, String(block.properties.name)).toBeGreaterThan(0);
    const areaM2 = read.reduce((sum, feature) => sum + geodesicAreaM2(feature.geometry as Polygon), 0);
    const storedM2 = (block.properties.areaKm2 as number) * 1e6;
    expect(Math.abs(areaM2 - storedM2) / storedM2).toBeLessThan(tolerance);
  }
}

const zipFiles = async (bytes: Uint8Array) =>
  Object.fromEntries(
    readValue(await readZip(bytes)).map((entry) => [entry.name.replace(/^.*\//, ""), entry.data]),
  );

describe("exports opened by GDAL with default settings", () => {
  it("DXF: Chinese layer names and labels readable (AC1015, $DWGCODEPAGE ANSI_936, GBK)", async () => {
    const dxf = await exported("blocks?format=dxf");
    const text = ogrinfoText({ "blocks.dxf": dxf }, "blocks.dxf");
    expect(text).toMatch(/Layer \(String\) = 区块\n/);
    expect(text).toMatch(/Layer \(String\) = 区块注记\n/);
    for (const block of created) expect(text).toContain(`Text (String) = ${block.properties.name}`);
    expect(text).toMatch(/Feature Count: 8/); // 5 rings + 3 labels
    const read = gdalFeatures({ "blocks.dxf": dxf }, "blocks.dxf", [
      "-s_srs",
      "EPSG:4527",
      "-where",
      "Layer = '区块'",
    ]);
    expect(read).toHaveLength(5);
  });

  it("KML: ASCII field names, Chinese values and display names, a style per status", async () => {
    const kml = await exported("blocks?format=kml");
    const text = ogrinfoText({ "blocks.kml": kml }, "blocks.kml", ["-so"]);
    expect(text).toMatch(/Feature Count: 3/);
    expect(text).toMatch(/^code: String/m);
    expect(text).not.toMatch(/^_+: /m); // GDAL's underscores for non-ASCII <Data name>
    const source = new TextDecoder().decode(kml);
    expect(source).toContain("<displayName>主导产业</displayName>");
    expect(source).toContain("<displayName>区块名称</displayName>");
    expect(source).toMatch(/<Style id="status-recognized"><LineStyle><color>ff435c00<\/color>/);
    const features = gdalFeatures({ "blocks.kml": kml }, "blocks.kml");
    expect(features.map((feature) => feature.properties?.Name).sort()).toEqual(
      created.map((block) => block.properties.name).sort(),
    );
    expect(Object.values(features[0].properties ?? {})).toContain("新一代信息技术");
    expectStoredAreas(features, (feature) => feature.properties?.Name, 1e-7);
  });

  it.each([
    ["utf-8", "UTF-8", "主导产"],
    ["gbk", "CP936", "主导产业"],
  ])(
    "Shapefile in %s: names within 10 bytes, the field table beside, long text reported",
    async (encoding, cpg, field) => {
      const files = await zipFiles(await exported(`blocks?format=shp&encoding=${encoding}`));
      expect(new TextDecoder().decode(files["blocks.cpg"])).toBe(cpg);
      const text = ogrinfoText(files, "blocks.shp");
      expect(text).toMatch(/Feature Count: 3/);
      expect(text).toContain(`${field} (String) = 新一代信息技术`);
      expect(text).toMatch(/ID\["EPSG",4490\]/);
      const table = new TextDecoder(encoding).decode(files["blocks_fields.csv"]).replace(/^\uFEFF/, "");
      expect(table.split("\r\n")[0]).toBe("DBF字段,原字段名,类型,说明");
      expect(table).toContain(
        `${field},主导产业,string,${encoding === "utf-8" ? "字段名超过10字节，已缩短" : ""}`,
      );
      expect(table).toContain("说明,说明,string,1个值超过254字节，已截断（第1行）");
      expectStoredAreas(gdalFeatures(files, "blocks.shp"), (feature) => feature.properties?.name, 1e-7);
    },
  );

  it("FlatGeobuf: 3 features, EPSG:4490, Chinese field names", async () => {
    const fgb = await exported("blocks?format=fgb");
    const text = ogrinfoText({ "blocks.fgb": fgb }, "blocks.fgb", ["-so"]);
    expect(text).toMatch(/Feature Count: 3/);
    expect(text).toMatch(/ID\["EPSG",4490\]/);
    expect(text).toMatch(/^主导产业: String/m);
    expectStoredAreas(
      gdalFeatures({ "blocks.fgb": fgb }, "blocks.fgb"),
      (feature) => feature.properties?.name,
      1e-9,
    );
  });

  it("GeoPackage and CSV (GBK on request): Chinese names read", async () => {
    const gpkg = await exported("blocks?format=gpkg");
    expect(ogrinfoText({ "b.gpkg": gpkg }, "b.gpkg", ["-so"])).toMatch(/^主导产业: String/m);
    expectStoredAreas(
      gdalFeatures({ "b.gpkg": gpkg }, "b.gpkg"),
      (feature) => feature.properties?.name,
      1e-9,
    );
    const csv = await exported("blocks?format=csv&encoding=gbk");
    expect(new TextDecoder("gbk").decode(csv)).toContain("中关村软件园北区（示意）");
    expect(new TextDecoder("gbk").decode(csv)).toMatch(/\r\n/);
  });
});

describe("the catalogue package for the recipients' tools", () => {
  it("界址点 files and the CSV in GBK with CRLF by default, UTF-8 on request; zip names flagged UTF-8", async () => {
    const zip = await cataloguePackage("");
    const entries = readValue(await readZip(zip));
    const boundary = entries.find((entry) => entry.name.startsWith("界址点/")) as { data: Uint8Array };
    const gbkText = new TextDecoder("gbk").decode(boundary.data);
    expect(gbkText).toMatch(/^\[属性描述\]\r\n/);
    expect(gbkText.split("\n").every((line, i, all) => i === all.length - 1 || line.endsWith("\r"))).toBe(
      true,
    );
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(boundary.data)).toThrow();
    const utf8Zip = readValue(await readZip(await cataloguePackage("&encoding=utf-8")));
    const utf8Boundary = utf8Zip.find((entry) => entry.name.startsWith("界址点/")) as { data: Uint8Array };
    expect(new TextDecoder("utf-8", { fatal: true }).decode(utf8Boundary.data)).toMatch(/^\[属性描述\]/);

    // Python's zipfile decodes names as CP437 unless the entry carries the UTF-8 flag (bit 11).
    const dir = mkdtempSync(path.join(os.tmpdir(), "zip-names-"));
    try {
      writeFileSync(path.join(dir, "p.zip"), zip);
      const listing = execFileSync(
        "python3",
        [
          "-c",
          "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print('\\n'.join(f'{i.flag_bits & 0x800} {i.filename}' for i in z.infolist()))",
          path.join(dir, "p.zip"),
        ],
        { encoding: "utf8" },
      );
      const chinese = listing.split("\n").filter((line) => /[\u4e00-\u9fff]/.test(line));
      expect(chinese.length).toBeGreaterThan(3);
      expect(chinese.every((line) => line.startsWith("2048 "))).toBe(true);
      expect(listing).toContain("2048 开发区目录.xlsx");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
