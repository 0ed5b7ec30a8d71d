import ExcelJS from "exceljs";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readZip } from "../../server/formats/zip-read.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * What the catalogue package holds (issue #12.9): by default the blocks in force only (no 意向纳入区块, no
 * applications), no internal status or workflow word in the ministry files, 核准面积 from the block's
 * approved-area attribute else the stored area labelled 计算面积, and a block inside another listed once under
 * its own zone. Expected areas: GeographicLib on the rectangles sent; expected blocks: the block list's statuses.
 */
let t: TestApp;
type Block = Feature<MultiPolygon, { id: number; code: string; status: string; areaHectares: number }>;
const made: Record<string, Block> = {};
const geometries: Record<string, Polygon> = {
  outer: rectangle(117.4, 40.9, 117.44, 40.92),
  inner: rectangle(117.41, 40.905, 117.42, 40.91),
  draft: rectangle(117.425, 40.905, 117.43, 40.91),
  national: rectangle(117.46, 40.9, 117.48, 40.92),
  municipalInNational: rectangle(117.465, 40.905, 117.47, 40.91),
};
const APPROVED_HECTARES = 250;
const STATUS_WORDS = ["候选", "已申报", "整改", "已压减", "已退出", "已撤回", "意向"];

beforeAll(async () => {
  t = await startTestApp();
  const park = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[14];
  const specs = [
    {
      key: "outer",
      level: "municipal",
      status: "recognized",
      attributes: { approvedAreaHectares: APPROVED_HECTARES },
    },
    { key: "inner", level: "municipal", status: "recognized", attributes: {} },
    { key: "draft", level: "municipal", status: "candidate", attributes: {} },
    { key: "national", level: "national", status: "recognized", attributes: {} },
    { key: "municipalInNational", level: "municipal", status: "rectifying", attributes: {} },
  ];
  for (const spec of specs) {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: geometries[spec.key],
        properties: {
          code: `CAT-${spec.key}`,
          name: `目录测试${spec.key}`,
          parkId: park.id,
          level: spec.level,
          status: spec.status,
          attributes: spec.attributes,
        },
      },
    });
    expect(response.statusCode).toBe(201);
    made[spec.key] = response.json();
  }
});
afterAll(async () => t?.close());

async function cataloguePackage(query: string) {
  const response = await t.app.inject({ method: "GET", url: `/api/exports/catalogue-package${query}` });
  expect(response.statusCode).toBe(200);
  const files = new Map(
    readValue(await readZip(response.rawPayload)).map((entry) => [entry.name, entry.data]),
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(files.get("开发区目录.xlsx") as Uint8Array) as never);
  const sheet = workbook.getWorksheet("开发区目录");
  if (!sheet) throw new Error("no sheet 开发区目录");
  const header = (sheet.getRow(2).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  for (let i = 3; i <= sheet.rowCount; i++) {
    const values = sheet.getRow(i).values as unknown[];
    rows.push(Object.fromEntries(header.map((name, column) => [name, values[column + 1]])));
  }
  const cells = rows.flatMap((row) => Object.values(row)).filter((value) => typeof value === "string");
  return { files, header, rows, cells: cells as string[] };
}

describe("the catalogue package lists what the ministries should see", () => {
  it("by default only blocks in force, with no status column and no workflow words", async () => {
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json().features as Block[];
    const inForce = blocks.filter((block) =>
      ["recognized", "rectifying", "reduced"].includes(block.properties.status),
    );
    const notInForce = blocks.filter((block) => !inForce.includes(block));
    expect(notInForce.map((block) => block.properties.code)).toEqual(
      expect.arrayContaining(["chaoyang-dongba", "changping-xiaotangshan", "CAT-draft"]),
    );

    const { files, header, rows, cells } = await cataloguePackage("");
    expect(header).not.toContain("区块状态");
    expect(rows.map((row) => row.区块编号).sort()).toEqual(
      inForce.map((block) => block.properties.code).sort(),
    );
    for (const word of [...STATUS_WORDS, "§"]) {
      expect(
        cells.filter((cell) => cell.includes(word)),
        word,
      ).toEqual([]);
    }
    const boundaryFiles = [...files.keys()].filter((name) => name.startsWith("界址点/"));
    expect(boundaryFiles).toHaveLength(inForce.length);

    const geojson = JSON.parse(new TextDecoder().decode(files.get("GIS/blocks.geojson")));
    expect(geojson.features).toHaveLength(inForce.length);
    for (const feature of geojson.features) {
      expect(feature.properties).not.toHaveProperty("status");
      expect(feature.properties).not.toHaveProperty("note");
    }
    const csv = new TextDecoder("gbk").decode(files.get("GIS/blocks.csv"));
    expect(csv).not.toMatch(/§|整改中|rectifying|candidate/);
    const readme = new TextDecoder().decode(files.get("说明.txt"));
    expect(readme).not.toMatch(/§|整改|候选|已撤回/);
  });

  it("refuses a block that is not in force by id, naming it", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: `/api/exports/catalogue-package?ids=${made.outer.properties.id},${made.draft.properties.id}`,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.details.ids).toEqual([made.draft.properties.id]);
  });

  it("takes 核准面积 from the approved-area attribute, else 计算面积, and lists a nested block once", async () => {
    const ids = ["outer", "inner", "national", "municipalInNational"].map((key) => made[key].properties.id);
    const { rows, files } = await cataloguePackage(`?ids=${ids.join(",")}`);
    const hectares = (key: string) => geodesicAreaM2(geometries[key]) / 10_000;

    expect(rows.map((row) => row.区块编号)).toEqual([
      "CAT-national",
      "CAT-outer",
      "CAT-inner",
      "CAT-municipalInNational",
    ]);
    const [national, outer, inner, municipalInNational] = rows;
    expect(national).toMatchObject({ 开发区名称: "中关村示范区（国家级区块）", 面积类型: "计算面积" });
    expect(national["核准面积（公顷）"] as number).toBeCloseTo(hectares("national"), 6);
    expect(national["区块面积（公顷）"] as number).toBeCloseTo(hectares("national"), 6);

    expect(outer).toMatchObject({
      开发区名称: "北京市级高新区（市级区块）",
      面积类型: "核准面积",
      "区块面积（公顷）": APPROVED_HECTARES,
      "区块面积（平方公里）": APPROVED_HECTARES / 100,
    });
    expect(outer.备注).toBeUndefined();
    expect(inner).toMatchObject({
      面积类型: "计算面积",
      备注: expect.stringMatching(/^位于目录测试outer内，面积不重复计入/),
    });
    expect(inner["区块面积（公顷）"] as number).toBeCloseTo(hectares("inner"), 6);
    // Inside a national block it is still listed once, under its own (municipal) zone, and counted there.
    expect(municipalInNational).toMatchObject({ 面积类型: "计算面积", 备注: "位于目录测试national内" });
    expect(outer["核准面积（公顷）"] as number).toBeCloseTo(
      APPROVED_HECTARES + hectares("municipalInNational"),
      6,
    );

    const boundaryFiles = [...files.keys()].filter((name) => name.startsWith("界址点/"));
    expect(boundaryFiles.sort()).toEqual([
      "界址点/1-01_CAT-national.txt",
      "界址点/2-01_CAT-outer.txt",
      "界址点/2-02_CAT-inner.txt",
      "界址点/2-03_CAT-municipalInNational.txt",
    ]);
  });
});
