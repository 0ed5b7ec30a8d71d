import ExcelJS from "exceljs";
import type { Feature, MultiPolygon, Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCjkFont } from "../../server/formats/block-map-pdf.js";
import { readBoundaryFile } from "../../server/formats/boundary-points-read.js";
import { readZip } from "../../server/formats/zip-read.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { cs2cs, maxVertexDistanceM, ogrinfo, upload } from "./helpers.js";

let t: TestApp;
let park: { id: number; code: string; name: string };
const created: Feature<MultiPolygon, Record<string, unknown>>[] = [];

// A block with a hole and a second part, and a plain one, with attributes of several types.
const WITH_HOLE: MultiPolygon = {
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [116.3712345678, 40.1],
        [116.3812345678, 40.1],
        [116.3812345678, 40.1087654321],
        [116.3712345678, 40.1087654321],
        [116.3712345678, 40.1],
      ],
      [
        [116.374, 40.102],
        [116.374, 40.104],
        [116.377, 40.104],
        [116.374, 40.102],
      ],
    ],
    [
      [
        [116.39, 40.1],
        [116.395, 40.1],
        [116.395, 40.104],
        [116.39, 40.1],
      ],
    ],
  ],
};
const PLAIN: MultiPolygon = {
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [116.41, 40.12],
        [116.415, 40.12],
        [116.416, 40.125],
        [116.41, 40.124],
        [116.41, 40.12],
      ],
    ],
  ],
};

beforeAll(async () => {
  t = await startTestApp();
  park = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[1];
  const specs = [
    {
      code: "EXP-1",
      name: "导出测试区块（示意）",
      level: "municipal",
      geometry: WITH_HOLE,
      attributes: {
        note: "含洞，两部分",
        floors: 12,
        ratio: 0.375,
        主导产业: "人工智能、集成电路",
        approvedOn: "2025-06-30",
      },
    },
    {
      code: "EXP-2",
      name: "第二区块",
      level: "national",
      geometry: PLAIN,
      attributes: { note: "普通", floors: 3, ratio: 1.5, 主导产业: "人工智能", approvedOn: "2024-03-01" },
    },
  ];
  for (const spec of specs) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: spec.geometry,
        properties: {
          code: spec.code,
          name: spec.name,
          parkId: park.id,
          level: spec.level,
          status: "recognized",
          attributes: spec.attributes,
        },
      },
    });
    expect(response.statusCode).toBe(201);
    created.push(response.json());
  }
});
afterAll(async () => t?.close());

const ids = () => created.map((block) => block.properties.id).join(",");

async function exportFile(format: string, extra = "") {
  const response = await t.app.inject({
    method: "GET",
    url: `/api/exports/blocks?format=${format}&ids=${ids()}${extra}`,
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="?blocks/);
  return response.rawPayload;
}

// Untyped formats (CSV) bring attribute values back as text; KML's Schema types its fields.
const TYPED = { geojson: true, shp: true, gpkg: true, dxf: true, kml: true, csv: false };
const FILE_NAMES = {
  geojson: "blocks.geojson",
  shp: "blocks-shp.zip",
  kml: "blocks.kml",
  gpkg: "blocks.gpkg",
  dxf: "blocks.dxf",
  csv: "blocks.csv",
};
// Lon/lat files carry 1e-9° (0.1 mm); DXF carries GK zone 39 metres to 1 mm.
const TOLERANCE_M = { geojson: 0.0001, shp: 0.0001, kml: 0.0001, gpkg: 0.0001, csv: 0.0001, dxf: 0.001 };

describe("round trips: export → import gives the same shapes, attributes and areas", () => {
  it.each(Object.keys(FILE_NAMES) as (keyof typeof FILE_NAMES)[])("%s", async (format) => {
    const file = await exportFile(format);
    const response = await upload(t.app, FILE_NAMES[format], file);
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report.summary).toMatchObject({ total: 2, accepted: 2, rejected: 0 });
    expect(report.crs.code).toBe(
      format === "dxf" ? "EPSG:4527" : format === "kml" ? "EPSG:4326" : "EPSG:4490",
    );
    const geometries = (
      await t.app.inject({ method: "GET", url: `/api/imports/${report.id}/features` })
    ).json().features;
    created.forEach((original, i) => {
      const imported = report.features[i];
      expect(imported.fields).toEqual({
        code: original.properties.code,
        name: original.properties.name,
        parkId: park.id,
        level: original.properties.level,
        status: "recognized",
      });
      const attributes = original.properties.attributes as Record<string, unknown>;
      const expected = TYPED[format]
        ? attributes
        : Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, String(value)]));
      // Shapefile field names are cut to 10 bytes: 主导产业 (12 bytes in UTF-8) comes back as 主导产.
      const renamed =
        format === "shp" ? { ...expected, 主导产: expected.主导产业, 主导产业: undefined } : expected;
      expect(imported.attributes).toEqual(JSON.parse(JSON.stringify(renamed)));
      // The stored area is of the full-precision shape; files carry it to 1e-9° (or 1 mm in DXF).
      const storedM2 = (original.properties.areaKm2 as number) * 1e6;
      expect(Math.abs(imported.areaM2 - storedM2) / storedM2).toBeLessThan(format === "dxf" ? 1e-6 : 1e-7);
      const errorM = maxVertexDistanceM(geometries[i].geometry.coordinates, original.geometry.coordinates);
      expect(errorM).toBeLessThan(TOLERANCE_M[format]);
    });
  });
});

describe("GDAL's ogrinfo opens the exported Shapefile, GeoPackage and DXF", () => {
  it("Shapefile: 2 polygons, the block and attribute fields, EPSG:4490", async () => {
    const entries = readValue(await readZip(await exportFile("shp")));
    expect(entries.map((entry) => entry.name).sort()).toEqual([
      "blocks.cpg",
      "blocks.dbf",
      "blocks.prj",
      "blocks.shp",
      "blocks.shx",
      "blocks_fields.csv",
    ]);
    const info = ogrinfo(Object.fromEntries(entries.map((entry) => [entry.name, entry.data])), "blocks.shp");
    expect(info.featureCount).toBe(2);
    expect(info.fields).toEqual([
      "id",
      "code",
      "name",
      "park_code",
      "park_name",
      "level",
      "status",
      "area_ha",
      "area_km2",
      "approvedOn",
      "floors",
      "note",
      "ratio",
      "主导产",
    ]);
    expect(info.srs).toMatch(/ID\["EPSG",4490\]/);
  });

  it("GeoPackage: 2 multipolygons, fields, EPSG:4490", async () => {
    const info = ogrinfo({ "blocks.gpkg": await exportFile("gpkg") }, "blocks.gpkg");
    expect(info.featureCount).toBe(2);
    expect(info.geometry).toBe("Multi Polygon");
    expect(info.fields).toContain("主导产业");
    expect(info.srs).toMatch(/ID\["EPSG",4490\]/);
  });

  it("DXF: 4 closed polylines and 2 labels in GK zone 39 (eastings with the 39 prefix)", async () => {
    const info = ogrinfo({ "blocks.dxf": await exportFile("dxf") }, "blocks.dxf", [
      "--config",
      "DXF_ENCODING",
      "UTF-8",
    ]);
    expect(info.featureCount).toBe(6);
    expect(info.fields).toEqual(expect.arrayContaining(["Layer", "EntityHandle", "Text"]));
    const noPrefix = (await exportFile("dxf", "&crs=EPSG:4548")).toString("utf8");
    expect(noPrefix).toMatch(/\n10\n4\d{5}\.\d+\n20\n44\d{5}/);
  });
});

describe("filters and bad requests", () => {
  it("exports by level and refuses unknown formats, filters and ids", async () => {
    const national = JSON.parse(
      (await t.app.inject({ method: "GET", url: "/api/exports/blocks?format=geojson&level=national" })).body,
    );
    const listed = (await t.app.inject({ method: "GET", url: "/api/blocks?level=national" })).json();
    expect(national.features).toHaveLength(listed.features.length);
    // An unknown format is refused by the route schema (it was "bad-format" from the route's own check).
    expect(
      (await t.app.inject({ method: "GET", url: "/api/exports/blocks?format=pdf" })).json().error,
    ).toMatchObject({ code: "invalid-request", details: { path: "querystring/format", keyword: "enum" } });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/exports/blocks?format=csv&level=x" })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/exports/blocks?format=csv&ids=99999" })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/exports/blocks?format=dxf&crs=EPSG:3857" })).statusCode,
    ).toBe(400);
  });
});

describe("CSV formulas (issue #15, OWASP CSV injection)", () => {
  it("the block CSV from the API starts every text cell that could be a formula with a quote", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: PLAIN,
        properties: {
          code: "@EXP-F",
          name: '=HYPERLINK("http://example.invalid","点击")',
          parkId: park.id,
          level: "municipal",
          attributes: { note: "+cmd|' /C calc'!A0", ratio: -2 },
        },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const csv = (
      await t.app.inject({
        method: "GET",
        url: `/api/exports/blocks?format=csv&ids=${response.json().properties.id}`,
      })
    ).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""点击"")"`);
    expect(csv).toContain(`"'@EXP-F"`);
    expect(csv).toContain(`"'+cmd|' /C calc'!A0"`);
    // No cell of any row begins with a formula character unquoted.
    for (const line of csv.split("\r\n").slice(1)) expect(line).not.toMatch(/(^|,)[=+@\t\r]/);
  });
});

describe("the catalogue submission package", () => {
  it("precondition: a CJK font for the PDF maps is installed (Debian fonts-noto-cjk; .ci/run installs it)", async () => {
    expect(await findCjkFont(), "no CJK font: apt-get install fonts-noto-cjk").toBeDefined();
  });

  it("holds the Excel table, 界址点 files in GK zone 39, GIS files, a map per block and a README", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/exports/catalogue-package?ids=${ids()}`,
    });
    expect(response.statusCode).toBe(200);
    const files = new Map(
      readValue(await readZip(response.rawPayload)).map((entry) => [entry.name, entry.data]),
    );
    expect([...files.keys()].sort()).toEqual(
      [
        "GIS/blocks.csv",
        "GIS/blocks.dxf",
        "GIS/blocks.geojson",
        "GIS/blocks.gpkg",
        "GIS/blocks.kml",
        "GIS/shp/blocks.cpg",
        "GIS/shp/blocks.dbf",
        "GIS/shp/blocks.prj",
        "GIS/shp/blocks.shp",
        "GIS/shp/blocks.shx",
        "GIS/shp/blocks_fields.csv",
        "GIS/blocks.fgb",
        "开发区目录.xlsx",
        "界址点/1-01_EXP-2.txt",
        "界址点/2-01_EXP-1.txt",
        "说明.txt",
        "地图/1-01_EXP-2.pdf",
        "地图/2-01_EXP-1.pdf",
      ].sort(),
    );
    const [municipal, national] = [created[0], created[1]];

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(files.get("开发区目录.xlsx") as Uint8Array) as never);
    const sheet = workbook.getWorksheet("开发区目录");
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      "序号",
      "开发区名称",
      "批准时间",
      "核准面积（公顷）",
      "主导产业",
      "区块序号",
      "区块名称",
      "区块编号",
      "所属分园",
      "所在行政区",
      "区块面积（公顷）",
      "区块面积（平方公里）",
      "面积类型",
      "四至范围",
      "备注",
    ]);
    const nationalRow = sheet?.getRow(3).values as unknown[];
    expect(nationalRow.slice(1, 6)).toEqual([
      1,
      "中关村示范区（国家级区块）",
      "2024.03",
      national.properties.areaHectares,
      "人工智能",
    ]);
    expect(nationalRow.slice(6, 14)).toEqual([
      "1-1",
      "第二区块",
      "EXP-2",
      park.name,
      expect.stringMatching(/区$/),
      national.properties.areaHectares,
      national.properties.areaKm2,
      "计算面积",
    ]);
    expect(String(nationalRow[14])).toMatch(
      /^东至.*；南至.*；西至.*东经116\.410000°.*；北至.*北纬40\.125000°/,
    );
    const municipalRow = sheet?.getRow(4).values as unknown[];
    expect(municipalRow.slice(1, 6)).toEqual([
      2,
      "北京市级高新区（市级区块）",
      "2025.06",
      municipal.properties.areaHectares,
      "人工智能、集成电路",
    ]);

    // GBK with CRLF by default (issue 17).
    const boundary = readBoundaryFile(new TextDecoder("gbk").decode(files.get("界址点/2-01_EXP-1.txt")));
    expect(boundary.ok).toBe(true);
    if (!boundary.ok) return;
    expect(boundary.file.header).toMatchObject({ coordinateSystem: "2000国家大地坐标系", zone: 39 });
    const [parcel] = boundary.file.parcels;
    expect(parcel).toMatchObject({ name: "导出测试区块（示意）", code: "EXP-1" });
    expect(parcel.areaHectares).toBeCloseTo(municipal.properties.areaHectares as number, 4);
    expect(parcel.rings.map((ring) => [ring.role, ring.points.length])).toEqual([
      ["outer", 5],
      ["hole", 4],
      ["outer", 4],
    ]);
    // Every stored vertex, projected by cs2cs (independent of our proj4), is a boundary point to 0.01 m.
    const stored = municipal.geometry.coordinates.flat(2) as Position[];
    const projected = cs2cs("EPSG:4490", "EPSG:4527", stored);
    const points = parcel.rings.flatMap((ring) => ring.points);
    for (const [easting, northing] of projected) {
      const nearest = Math.min(
        ...points.map((point) => Math.hypot(point.easting - easting, point.northing - northing)),
      );
      expect(nearest).toBeLessThanOrEqual(0.005 * Math.SQRT2 + 1e-6);
    }
    expect(points.every((point) => point.easting > 39_000_000 && point.easting < 40_000_000)).toBe(true);

    expect(response.headers["x-maps"]).toBe("pdf");
    const text = new TextDecoder("latin1").decode(files.get("地图/2-01_EXP-1.pdf"));
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    const readme = new TextDecoder().decode(files.get("说明.txt"));
    expect(readme).toMatch(/示意/);
    expect(readme).toMatch(/EPSG:4527/);
  });

  it("finds no block when the status asked for has none", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/exports/catalogue-package?status=withdrawn",
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("no-blocks");
  });
});

describe("areas in the exports are the stored ellipsoidal ones", () => {
  it("GeoJSON area_km2 equals the block's stored area and GeographicLib's to 1e-9", async () => {
    const exported = JSON.parse((await exportFile("geojson")).toString("utf8"));
    for (const [i, feature] of exported.features.entries()) {
      expect(feature.properties.area_km2).toBe(created[i].properties.areaKm2);
      const reference = geodesicAreaM2([WITH_HOLE, PLAIN][i]);
      expect(Math.abs(feature.properties.area_km2 * 1e6 - reference) / reference).toBeLessThan(1e-9);
    }
  });
});
