import { readFileSync } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { FIXTURE_DIR, fixtureBlocks, ogr2ogr, requireGdal, zipShapefile } from "./gdal.js";
import { cs2cs, upload } from "./helpers.js";

// Issue 17: files written by GDAL's own drivers (ogr2ogr from the fixture) come in right — names, codes
// and areas compared with the fixture (areas against GeographicLib), CRS and encoding as reported.

let t: TestApp;

beforeAll(async () => {
  requireGdal();
  t = await startTestApp();
});
afterAll(async () => t?.close());

interface ReportFeature {
  outcome: string;
  areaM2?: number;
  fields?: { name?: string; code?: string; level?: string };
  attributes?: Record<string, unknown>;
  problems?: string[];
  statedArea?: { statedHectares: number; computedHectares: number; difference: number };
}

const blocks = fixtureBlocks();

async function importFile(fileName: string, data: Uint8Array, fields: Record<string, string> = {}) {
  const response = await upload(t.app, fileName, data, fields);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Every fixture block came in once, with its name, code and area (relative error ≤ 1e-9). */
function expectFixtureBlocks(features: ReportFeature[]): number {
  expect(features.map((feature) => feature.fields?.name).sort()).toEqual(
    blocks.map((block) => block.name).sort(),
  );
  let worst = 0;
  for (const block of blocks) {
    const feature = features.find((candidate) => candidate.fields?.name === block.name) as ReportFeature;
    expect(feature.outcome).toBe("accepted");
    const expected = geodesicAreaM2(block.geometry);
    const error = Math.abs((feature.areaM2 as number) - expected) / expected;
    worst = Math.max(worst, error);
  }
  expect(worst).toBeLessThan(1e-9);
  return worst;
}

describe("Shapefiles written by GDAL", () => {
  const utf8 = () =>
    ogr2ogr("out", ["-f", "ESRI Shapefile", "-a_srs", "EPSG:4490", "-lco", "ENCODING=UTF-8"]);
  const gbk = () => ogr2ogr("out", ["-f", "ESRI Shapefile", "-a_srs", "EPSG:4490", "-lco", "ENCODING=CP936"]);

  it("UTF-8 with GDAL's .cpg: names cut at 10 bytes still map, values read", async () => {
    const report = await importFile("u8.zip", zipShapefile(utf8()));
    expect(report.encoding).toMatchObject({ used: "utf-8", source: "cpg" });
    expect(report.crs).toMatchObject({ code: "EPSG:4490", source: "prj" });
    expect(report.mapping.proposed).toMatchObject({ name: "区块名\uFFFD", code: "区块编\uFFFD" });
    expectFixtureBlocks(report.features);
    const first = report.features.find((feature: ReportFeature) => feature.fields?.code === "GD-01");
    expect(first.attributes).toMatchObject({ "主导产\uFFFD": "新一代信息技术" });
  });

  it.each([
    ["no .cpg", null],
    ["QGIS's .cpg System", "System"],
  ])("UTF-8 with %s: judged UTF-8 on the values (no mojibake), the reason said", async (_, cpg) => {
    const report = await importFile("u8.zip", zipShapefile(utf8(), cpg));
    expect(report.encoding.used).toBe("utf-8");
    expect(report.encoding.source).toBe("utf-8-valid");
    expect(report.encoding.reason).toMatch(/values are valid UTF-8/);
    const alternatives = Object.fromEntries(
      report.encoding.alternatives.map((alternative: { encoding: string; samples: string[] }) => [
        alternative.encoding,
        alternative.samples,
      ]),
    );
    expect(alternatives["utf-8"]).toContain("中关村软件园北区（示意）");
    expect(alternatives.gb18030).not.toContain("中关村软件园北区（示意）");
    expectFixtureBlocks(report.features);
  });

  it.each([
    ["GDAL's .cpg CP936", undefined, "cpg"],
    ["no .cpg", null, "gb18030-fallback"],
  ])("GBK with %s: read as GB18030", async (_, cpg, source) => {
    const report = await importFile("gbk.zip", zipShapefile(gbk(), cpg));
    expect(report.encoding).toMatchObject({ used: "gb18030", source });
    expect(report.mapping.proposed).toMatchObject({ name: "区块名称", code: "区块编号", level: "区块级别" });
    expectFixtureBlocks(report.features);
  });

  it("the user can switch the encoding: GBK read as UTF-8 on request shows what it would look like", async () => {
    const report = await importFile("gbk.zip", zipShapefile(gbk(), null), { encoding: "utf-8" });
    expect(report.encoding).toMatchObject({ used: "utf-8", source: "user" });
    expect(report.features.map((feature: ReportFeature) => feature.fields?.name)).not.toContain(
      blocks[0].name,
    );
  });

  it("GK zone 39 (EPSG:4527) from ogr2ogr -t_srs: the .prj GDAL writes is recognised", async () => {
    const files = ogr2ogr("out", [
      "-f",
      "ESRI Shapefile",
      "-s_srs",
      "EPSG:4490",
      "-t_srs",
      "EPSG:4527",
      "-lco",
      "ENCODING=UTF-8",
    ]);
    const report = await importFile("gk.zip", zipShapefile(files));
    expect(report.crs).toMatchObject({ code: "EPSG:4527", source: "prj" });
    // Through a projection and back: the areas agree to 1e-7 (cm-level vertices).
    for (const block of blocks) {
      const feature = report.features.find(
        (candidate: ReportFeature) => candidate.fields?.code === block.code,
      );
      const expected = geodesicAreaM2(block.geometry);
      expect(Math.abs(feature.areaM2 - expected) / expected).toBeLessThan(1e-7);
    }
  });
});

describe("Xian 1980 is recognised and refused with what it is", () => {
  it("a hand-made ESRI .prj (Xian_1980_3_Degree_GK_CM_117E)", async () => {
    const files = ogr2ogr("out", ["-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4548"]);
    const prj = readFileSync(path.join(FIXTURE_DIR, "xian-1980-gk-cm-117e.prj"));
    const parts = Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        name.replace(/^.*\//, ""),
        name.endsWith(".prj") ? prj : data,
      ]),
    );
    const response = await upload(t.app, "xian.zip", zipSync(parts));
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("legacy-crs");
    expect(error.message).toMatch(/西安1980/);
    expect(error.message).toMatch(/official/);
    expect(error.details).toMatchObject({ datum: "xian-1980" });
  });

  it.each([
    ["EPSG:4610 (GeoPackage)", "EPSG:4610", "GPKG", "x.gpkg"],
    ["EPSG:2385 (3° GK CM 117E, Shapefile)", "EPSG:2385", "ESRI Shapefile", "out"],
  ])("%s written by GDAL", async (_, srs, driver, output) => {
    const files = ogr2ogr(output, ["-f", driver, "-a_srs", srs]);
    const body = driver === "GPKG" ? files["x.gpkg"] : zipShapefile(files);
    const response = await upload(t.app, driver === "GPKG" ? "x.gpkg" : "x.zip", body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "legacy-crs", details: { datum: "xian-1980" } });
  });
});

describe("DXF, GeoPackage, FlatGeobuf and KML written by GDAL", () => {
  it("DXF of HATCH entities, one CAD layer per block (groupBy=layer): parts and holes make one block", async () => {
    const files = ogr2ogr("blocks.dxf", [
      "-f",
      "DXF",
      "-nln",
      "entities", // a layer named "blocks" would become DXF block definitions
      "-sql",
      'SELECT "区块名称" AS Layer FROM blocks',
    ]);
    const report = await importFile("blocks.dxf", files["blocks.dxf"], {
      groupBy: "layer",
      sourceCrs: "EPSG:4490",
    });
    expect(report.format).toBe("dxf");
    expect(report.warnings.join(" ")).toMatch(/4 HATCH entities/);
    expectFixtureBlocks(report.features);
  });

  it("a DXF with nothing closed is refused naming what it holds", async () => {
    const text = "0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\n1\n20\n1\n11\n2\n21\n2\n0\nENDSEC\n0\nEOF\n";
    const response = await upload(t.app, "lines.dxf", text);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe("no-boundaries");
    expect(response.json().error.message).toMatch(/1 LINE entity; 0 closed rings/);
  });

  it("a GeoPackage with two layers: both listed, one read (no duplicates), the other on request", async () => {
    const files = ogr2ogr(
      "multi.gpkg",
      ["-f", "GPKG", "-a_srs", "EPSG:4490", "-nln", "blocks"],
      [
        [
          "-update",
          "-f",
          "GPKG",
          "-a_srs",
          "EPSG:4490",
          "-nln",
          "blocks_east",
          "-where",
          "\"区块编号\" = 'GD-02'",
        ],
      ],
    );
    const report = await importFile("multi.gpkg", files["multi.gpkg"]);
    expect(report.layers).toEqual([
      { name: "blocks", featureCount: 3, geometryType: expect.any(String), chosen: true },
      { name: "blocks_east", featureCount: 1, geometryType: expect.any(String), chosen: false },
    ]);
    expect(report.crs).toMatchObject({ code: "EPSG:4490", source: "metadata" });
    expectFixtureBlocks(report.features);
    const other = await importFile("multi.gpkg", files["multi.gpkg"], { layer: "blocks_east" });
    expect(other.features.map((feature: ReportFeature) => feature.fields?.code)).toEqual(["GD-02"]);
  });

  it("FlatGeobuf: read with its header CRS", async () => {
    const files = ogr2ogr("blocks.fgb", ["-f", "FlatGeobuf", "-a_srs", "EPSG:4490"]);
    const report = await importFile("blocks.fgb", files["blocks.fgb"]);
    expect(report.format).toBe("flatgeobuf");
    expect(report.crs).toMatchObject({ code: "EPSG:4490", source: "metadata" });
    expectFixtureBlocks(report.features);
  });

  it("KML: names and Chinese attributes from GDAL's Schema/SimpleData", async () => {
    const files = ogr2ogr("blocks.kml", ["-f", "KML", "-dsco", "NameField=区块名称"]);
    const report = await importFile("blocks.kml", files["blocks.kml"]);
    expect(report.crs).toMatchObject({ code: "EPSG:4326" });
    expectFixtureBlocks(report.features);
    const first = report.features.find((feature: ReportFeature) => feature.fields?.code === "GD-01");
    expect(first.attributes).toMatchObject({ 主导产业: "新一代信息技术" });
  });
});

describe("survey files (hand-made fixtures)", () => {
  it("a CASS .dat (点名,编码,Y,X,H): boundary points, heights ignored, zone 39 from the prefix", async () => {
    const report = await importFile("parcel.dat", readFileSync(path.join(FIXTURE_DIR, "cass-boundary.dat")));
    expect(report.format).toBe("cass-dat");
    expect(report.crs).toMatchObject({ code: "EPSG:4527" });
    const ring = cs2cs("EPSG:4527", "EPSG:4490", [
      [39445000, 4430000],
      [39445200, 4430000],
      [39445200, 4430150],
      [39445000, 4430150],
      [39445000, 4430000],
    ]);
    const expected = geodesicAreaM2({ type: "Polygon", coordinates: [ring] });
    expect(report.features).toHaveLength(1);
    // The reference ring went through cs2cs at 1e-10°: agreement to 1e-7.
    expect(Math.abs(report.features[0].areaM2 - expected) / expected).toBeLessThan(1e-7);
  });

  it("a 界址点 file whose stated 地块面积 is wrong by more than 0.1%: reported; the right one is not", async () => {
    const report = await importFile(
      "jzd.txt",
      readFileSync(path.join(FIXTURE_DIR, "boundary-wrong-area.txt")),
    );
    const [wrong, right] = report.features as ReportFeature[];
    expect(wrong.statedArea).toMatchObject({ statedHectares: 5 });
    expect(wrong.statedArea?.computedHectares).toBeCloseTo(3, 2);
    expect(wrong.statedArea?.difference).toBeCloseTo(-0.4, 2);
    expect(wrong.problems?.join(" ")).toMatch(/stated area 5 公顷/);
    expect(right.statedArea).toBeUndefined();
  });
});
