import { zipSync } from "fflate";
import gcoord from "gcoord";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GEOMETRY_REASONS } from "../../server/domain/geometry-check.js";
import type { ExportTable } from "../../server/formats/block-records.js";
import { writeBoundaryFile } from "../../server/formats/boundary-points.js";
import { IMPORT_REASONS } from "../../server/formats/import-candidates.js";
import { PRJ_CGCS2000, writeShapefile } from "../../server/formats/shapefile-write.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { cs2cs, distanceM, maxVertexDistanceM, patchDeclaredSizes, upload } from "./helpers.js";

let t: TestApp;
let park: { id: number; name: string; code: string };

beforeAll(async () => {
  t = await startTestApp();
  park = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0];
});
afterAll(async () => t?.close());

const PRJ_GK_CM_117E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],' +
  'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const PRJ_BEIJING_1954 = PRJ_GK_CM_117E.replace("CGCS2000_3_Degree", "Beijing_1954_3_Degree")
  .replace("GCS_China_Geodetic_Coordinate_System_2000", "GCS_Beijing_1954")
  .replace("D_China_2000", "D_Beijing_1954")
  .replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Krasovsky_1940",6378245.0,298.3]');

// Lon/lat rings (closed), turned into GK zone 39 (EPSG:4548, no prefix) by cs2cs for the fixture files.
const SQUARE: Position[] = [
  [116.3, 40.05],
  [116.304, 40.05],
  [116.304, 40.053],
  [116.3, 40.053],
  [116.3, 40.05],
];
const BOW_TIE: Position[] = [
  [116.31, 40.05],
  [116.314, 40.053],
  [116.314, 40.05],
  [116.31, 40.053],
  [116.31, 40.05],
];
const DEGENERATE: Position[] = [
  [116.32, 40.05],
  [116.321, 40.05],
  [116.32, 40.05],
];

const gkRings = new Map<Position[], Position[]>();

function gkShapefileZip(options: { prj?: string | null; code?: string; omit?: string[] } = {}): Uint8Array {
  const multi = (ring: Position[]): MultiPolygon => {
    if (!gkRings.has(ring)) gkRings.set(ring, cs2cs("EPSG:4490", "EPSG:4548", ring));
    return { type: "MultiPolygon", coordinates: [[gkRings.get(ring) as Position[]]] };
  };
  const code = options.code ?? "IMP-A";
  const table: ExportTable = {
    fields: [
      { name: "DKMC", type: "string" },
      { name: "DKBH", type: "string" },
      { name: "分园", type: "string" },
      { name: "级别", type: "string" },
      { name: "备注", type: "string" },
    ],
    rows: [
      {
        geometry: multi(SQUARE),
        values: { DKMC: "导入区块A", DKBH: code, 分园: park.name, 级别: "市级", 备注: "第一块" },
      },
      {
        geometry: multi(BOW_TIE),
        values: { DKMC: "导入区块B", DKBH: `${code}-B`, 分园: park.name, 级别: "市级", 备注: "自相交" },
      },
      {
        geometry: multi(DEGENERATE),
        values: { DKMC: "退化", DKBH: `${code}-C`, 分园: park.name, 级别: "市级", 备注: null },
      },
    ],
  };
  const parts = writeShapefile(table, { prj: options.prj === undefined ? PRJ_GK_CM_117E : options.prj });
  const files: Record<string, Uint8Array> = {
    "地块.shp": parts.shp,
    "地块.shx": parts.shx,
    "地块.dbf": parts.dbf,
    "地块.cpg": new TextEncoder().encode(parts.cpg),
    ...(parts.prj ? { "地块.prj": new TextEncoder().encode(parts.prj) } : {}),
  };
  for (const extension of options.omit ?? []) delete files[`地块.${extension}`];
  return zipSync(files);
}

async function counts() {
  const [blocks] = await t.db.knex("blocks").count("* as n");
  const [previews] = await t.db.knex("import_previews").count("* as n");
  return { blocks: Number(blocks.n), previews: Number(previews.n) };
}

describe("importing a zipped Shapefile in CGCS2000 GK zone 39", () => {
  it("reports every feature, the system from the .prj and the mapping, writes nothing, then commits once", async () => {
    const before = await counts();
    const response = await upload(t.app, "地块.zip", gkShapefileZip());
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report).toMatchObject({ fileName: "地块.zip", format: "shapefile", status: "pending" });
    expect(report.encoding).toMatchObject({ used: "utf-8", source: "cpg" });
    expect(report.crs).toMatchObject({
      code: "EPSG:4548",
      source: "prj",
      axesSwapped: false,
      gcj02Converted: false,
    });
    expect(report.summary).toMatchObject({ total: 3, accepted: 1, repaired: 1, rejected: 1 });
    const [square, bowTie, degenerate] = report.features;
    expect(square).toMatchObject({
      outcome: "accepted",
      fields: { name: "导入区块A", code: "IMP-A", parkId: park.id, level: "municipal" },
      attributes: { 备注: "第一块" },
      missing: [],
    });
    const expectedM2 = geodesicAreaM2({ type: "Polygon", coordinates: [SQUARE] });
    expect(Math.abs(square.areaM2 - expectedM2) / expectedM2).toBeLessThan(1e-7);
    expect(bowTie.outcome).toBe("repaired");
    expect(bowTie.changes.join(" ")).toMatch(/ST_MakeValid.*2 parts/);
    expect(bowTie.changeNotes).toEqual([
      expect.objectContaining({
        code: "repair-made-valid",
        params: expect.objectContaining({ problem: "self-intersection", parts: 2 }),
      }),
    ]);
    expect(degenerate).toMatchObject({ outcome: "rejected", reason: GEOMETRY_REASONS.ringTooShort });
    expect(report.mapping.proposed).toEqual({
      name: "DKMC",
      code: "DKBH",
      park: "分园",
      level: "级别",
      status: null,
    });
    expect(report.mapping.fields).toContainEqual({
      source: "备注",
      samples: ["第一块", "自相交"],
      target: "attributes",
    });
    expect(await counts()).toEqual({ blocks: before.blocks, previews: before.previews + 1 });

    const preview = (await t.app.inject({ method: "GET", url: `/api/imports/${report.id}/features` })).json();
    expect(preview.features).toHaveLength(2);
    expect(maxVertexDistanceM(preview.features[0].geometry.coordinates, [[SQUARE]])).toBeLessThan(0.001);

    const commit = await t.app.inject({
      method: "POST",
      url: `/api/imports/${report.id}/commit`,
      headers: await t.actorHeaders("importer"),
      payload: {},
    });
    expect(commit.statusCode).toBe(201);
    expect(commit.json()).toMatchObject({ status: "committed", committed: 2 });
    const [first] = commit.json().blocks;
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${first.id}` })).json();
    expect(block.properties).toMatchObject({
      name: "导入区块A",
      code: "IMP-A",
      status: "candidate",
      createdBy: "importer",
    });
    expect(block.properties.attributes).toEqual({ 备注: "第一块" });
    expect(Math.abs(block.properties.areaKm2 * 1e6 - expectedM2) / expectedM2).toBeLessThan(1e-7);
    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${first.id}/history` })).json();
    expect(history.map((version: { change: string }) => version.change)).toEqual(["import"]);
    expect((await counts()).blocks).toBe(before.blocks + 2);

    const again = await t.app.inject({
      method: "POST",
      url: `/api/imports/${report.id}/commit`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("import-committed");
    const duplicate = await upload(t.app, "地块.zip", gkShapefileZip());
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/imports/${duplicate.json().id}/commit`,
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: "duplicate-codes",
      details: { codes: ["IMP-A", "IMP-A-B"] },
    });
    expect((await counts()).blocks).toBe(before.blocks + 2);
  });

  it("detects the system from the numbers when there is no .prj, and says so", async () => {
    const response = await upload(t.app, "noprj.zip", gkShapefileZip({ prj: null, code: "NOPRJ" }));
    expect(response.statusCode).toBe(201);
    expect(response.json().crs).toMatchObject({ code: "EPSG:4548", source: "coordinates" });
    expect(response.json().crs.assumed.join(" ")).toMatch(/detected EPSG:4548 from the numbers/);
    // The same notes as codes with params, for the UI language (issue #18 item 10).
    expect(response.json().crs.notes).toContainEqual(
      expect.objectContaining({ code: "crs-detected", params: { crs: "EPSG:4548" } }),
    );
  });

  it("imports a 界址点 file with the zone prefix in Y", async () => {
    const ring = cs2cs("EPSG:4490", "EPSG:4527", SQUARE).map(([e, n]) => [e, n] as [number, number]);
    const text = writeBoundaryFile(
      { coordinateSystem: "2000国家大地坐标系", zone: 39, producer: "测试", date: "2026-11-29" },
      [
        {
          name: "界址点区块",
          code: "JZD-1",
          areaHectares: 1,
          use: "测试",
          rings: [{ role: "outer", positions: ring }],
        },
      ],
    );
    const response = await upload(t.app, "界址点.txt", text);
    expect(response.statusCode).toBe(201);
    const report = response.json();
    expect(report.crs).toMatchObject({ code: "EPSG:4527", source: "file-header" });
    expect(report.features[0].fields).toMatchObject({ name: "界址点区块", code: "JZD-1" });
    const preview = (await t.app.inject({ method: "GET", url: `/api/imports/${report.id}/features` })).json();
    expect(maxVertexDistanceM(preview.features[0].geometry.coordinates, [[SQUARE]])).toBeLessThan(0.01);
  });
});

describe("GCJ-02 (shapes traced on AMap/Tencent/DataV maps)", () => {
  it("converts GCJ-02 lon/lat back to WGS84 within 0.5 m when the user says so", async () => {
    const wgs84: Polygon = { type: "Polygon", coordinates: [SQUARE.map(([lng, lat]) => [lng + 0.05, lat])] };
    const gcj02 = gcoord.transform(
      structuredClone(wgs84) as never,
      gcoord.WGS84,
      gcoord.GCJ02,
    ) as unknown as Polygon;
    const offsetM = distanceM(wgs84.coordinates[0][0], gcj02.coordinates[0][0]);
    expect(offsetM).toBeGreaterThan(100);
    const file = JSON.stringify({ type: "Feature", properties: { name: "高德描绘" }, geometry: gcj02 });
    const converted = await upload(t.app, "traced.geojson", file, { gcj02: "true" });
    expect(converted.statusCode).toBe(201);
    expect(converted.json().crs).toMatchObject({ code: "EPSG:4490", gcj02Converted: true });
    const features = (
      await t.app.inject({ method: "GET", url: `/api/imports/${converted.json().id}/features` })
    ).json();
    const errorM = maxVertexDistanceM(features.features[0].geometry.coordinates, [wgs84.coordinates]);
    expect(errorM).toBeLessThan(0.5);
    const asIs = await upload(t.app, "traced.geojson", file);
    const unconverted = (
      await t.app.inject({ method: "GET", url: `/api/imports/${asIs.json().id}/features` })
    ).json();
    expect(
      maxVertexDistanceM(unconverted.features[0].geometry.coordinates, [wgs84.coordinates]),
    ).toBeGreaterThan(100);
    expect(asIs.json().crs.assumed.join(" ")).toMatch(/gcj02=true/);
  });
});

describe("bad files get a clear 4xx and nothing is written", () => {
  const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
  const good = () => gkShapefileZip({ code: "BAD" });
  // Built when the test runs (the fixture needs the park loaded in beforeAll).
  const cases: [string, string, () => Uint8Array | string, number, string][] = [
    [
      "a truncated zip",
      "blocks.zip",
      () => good().subarray(0, Math.floor(good().byteLength / 2)),
      400,
      "bad-zip",
    ],
    ["a zip without the .shp", "blocks.zip", () => gkShapefileZip({ omit: ["shp"] }), 400, "missing-shp"],
    [
      "a .prj the numbers contradict",
      "blocks.zip",
      () => gkShapefileZip({ prj: PRJ_CGCS2000 }),
      400,
      "crs-mismatch",
    ],
    ["a Beijing 1954 .prj", "blocks.zip", () => gkShapefileZip({ prj: PRJ_BEIJING_1954 }), 400, "legacy-crs"],
    ["a .prj that is not WKT", "blocks.zip", () => gkShapefileZip({ prj: "hello" }), 400, "unreadable-prj"],
    ["binary garbage", "blocks.bin", () => garbage, 400, "unsupported-format"],
    ["binary garbage named .zip", "blocks.zip", () => garbage, 400, "bad-zip"],
    ["binary garbage named .gpkg", "blocks.gpkg", () => garbage, 400, "bad-file"],
    ["a lone .shp", "blocks.shp", () => garbage, 400, "shapefile-not-zipped"],
    [
      "a zip bomb that lies about its size",
      "bomb.zip",
      () => patchDeclaredSizes(zipSync({ "bomb.geojson": new Uint8Array(4 * 1024 * 1024).fill(32) }), 1024),
      400,
      "bad-zip",
    ],
    ["a zip declaring 4 GB", "huge.zip", () => patchDeclaredSizes(good(), 0xf000_0000), 413, "zip-too-large"],
    [
      "a path-traversal entry",
      "evil.zip",
      () => zipSync({ "../../etc/blocks.shp": new Uint8Array(200) }),
      400,
      "zip-unsafe-path",
    ],
    ["an empty file", "empty.geojson", () => "", 400, "empty-file"],
    [
      "an upload over 50 MB",
      "big.geojson",
      () => new Uint8Array(51 * 1024 * 1024).fill(32),
      413,
      "file-too-large",
    ],
    [
      "invalid GeoJSON",
      "blocks.geojson",
      () => '{"type": "FeatureCollection", "features": [',
      400,
      "bad-file",
    ],
    [
      "points only",
      "points.geojson",
      () => JSON.stringify({ type: "Point", coordinates: [116.3, 40] }),
      400,
      "no-importable-features",
    ],
  ];

  it.each(cases)("%s", async (_name, fileName, data, status, code) => {
    const before = await counts();
    const response = await upload(t.app, fileName, data());
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(response.json().error.message.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });

  it("refuses a request that is not a multipart upload, and unknown options", async () => {
    const notMultipart = await t.app.inject({ method: "POST", url: "/api/imports", payload: { file: "x" } });
    expect(notMultipart.statusCode).toBe(400);
    expect(notMultipart.json().error.code).toBe("not-multipart");
    const badCrs = await upload(t.app, "a.geojson", "{}", { sourceCrs: "EPSG:2435" });
    expect(badCrs.json().error.code).toBe("bad-source-crs");
    const points = JSON.stringify({ type: "Polygon", coordinates: [SQUARE] });
    const gcjProjected = await upload(t.app, "a.zip", gkShapefileZip({ code: "GCJ" }), { gcj02: "true" });
    expect(gcjProjected.json().error.code).toBe("gcj02-needs-lonlat");
    const outside = await upload(t.app, "far.geojson", points.replaceAll("116.3", "100.3"));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details.features[0].reason).toBe(IMPORT_REASONS.outsideBeijing);
  });
});

describe("committing", () => {
  const bare = JSON.stringify({
    type: "FeatureCollection",
    features: [0, 1, 2].map((i) => ({
      type: "Feature",
      properties: i === 1 ? { name: "boom" } : {},
      geometry: { type: "Polygon", coordinates: [SQUARE.map(([lng, lat]) => [lng + 0.01 * i, lat - 0.02])] },
    })),
  });

  it("asks for the fields the file lacks, then takes defaults", async () => {
    const preview = (await upload(t.app, "bare.geojson", bare)).json();
    expect(preview.features[0].missing).toEqual(["name", "parkId", "level"]);
    const incomplete = await t.app.inject({
      method: "POST",
      url: `/api/imports/${preview.id}/commit`,
      payload: {},
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({ code: "missing-fields" });
    expect(incomplete.json().error.details.features).toHaveLength(3);
    const unknownPark = await t.app.inject({
      method: "POST",
      url: `/api/imports/${preview.id}/commit`,
      payload: { parkId: 999999, level: "municipal" },
    });
    expect(unknownPark.json().error.code).toBe("unknown-park");
    const done = await t.app.inject({
      method: "POST",
      url: `/api/imports/${preview.id}/commit`,
      payload: { parkId: park.id, level: "national", namePrefix: "导入-", indexes: [0, 2] },
    });
    expect(done.statusCode).toBe(201);
    expect(done.json().blocks.map((block: { name: string }) => block.name)).toEqual(["导入-1", "导入-3"]);
  });

  it("is all or nothing: a failure on the second block leaves no block of the import", async () => {
    const preview = (await upload(t.app, "bare.geojson", bare)).json();
    await t.db.knex.raw(
      `create function refuse_boom() returns trigger language plpgsql as $$
        begin if new.name = 'boom' then raise exception 'refused by test trigger'; end if; return new; end; $$`,
    );
    await t.db.knex.raw(
      "create trigger refuse_boom before insert on blocks for each row execute function refuse_boom()",
    );
    try {
      const before = await counts();
      const failed = await t.app.inject({
        method: "POST",
        url: `/api/imports/${preview.id}/commit`,
        payload: { parkId: park.id, level: "municipal", namePrefix: "原子-" },
      });
      expect(failed.statusCode).toBe(500);
      expect(await counts()).toEqual(before);
      expect((await t.app.inject({ method: "GET", url: `/api/imports/${preview.id}` })).json().status).toBe(
        "pending",
      );
    } finally {
      await t.db.knex.raw("drop trigger refuse_boom on blocks");
      await t.db.knex.raw("drop function refuse_boom()");
    }
  });
});
