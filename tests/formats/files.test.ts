import { zipSync } from "fflate";
import type { MultiPolygon } from "geojson";
import { describe, expect, it } from "vitest";
import type { ExportTable } from "../../server/formats/block-records.js";
import { readCsv, writeCsv } from "../../server/formats/csv.js";
import { readDxf } from "../../server/formats/dxf-read.js";
import { writeDxf } from "../../server/formats/dxf-write.js";
import { readGeoPackage, writeGeoPackage } from "../../server/formats/geopackage.js";
import { readKml, readKmz } from "../../server/formats/kml.js";
import { writeKml } from "../../server/formats/kml-write.js";
import { readShapefiles } from "../../server/formats/shapefile-read.js";
import { writeShapefile } from "../../server/formats/shapefile-write.js";
import { readZip } from "../../server/formats/zip-read.js";
import { readValue } from "../helpers/read-result.js";
import { encodeGbk, maxVertexDistanceM, ogrinfo, patchDeclaredSizes } from "./helpers.js";

// Two blocks: one with a hole and a second part, one simple. Lon/lat to 1e-9° as stored.
const WITH_HOLE: MultiPolygon = {
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [116.3, 40.0],
        [116.32, 40.0],
        [116.32, 40.01],
        [116.3, 40.01],
        [116.3, 40.0],
      ],
      [
        [116.305, 40.002],
        [116.306, 40.003],
        [116.306, 40.002],
        [116.305, 40.002],
      ],
    ],
    [
      [
        [116.4, 40.0],
        [116.41, 40.0],
        [116.41, 40.01],
        [116.4, 40.0],
      ],
    ],
  ],
};
const SIMPLE: MultiPolygon = {
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [116.5, 39.9],
        [116.512345678, 39.9],
        [116.512345678, 39.911111111],
        [116.5, 39.9],
      ],
    ],
  ],
};

function table(): ExportTable {
  return {
    fields: [
      { name: "id", type: "integer" },
      { name: "code", type: "string" },
      { name: "name", type: "string" },
      { name: "level", type: "string" },
      { name: "area_ha", type: "number" },
      { name: "note", type: "string" },
    ],
    rows: [
      {
        geometry: WITH_HOLE,
        values: {
          id: 1,
          code: "T-1",
          name: "中关村测试区块（示意）",
          level: "municipal",
          area_ha: 123.4567890123,
          note: "含洞和两部分",
        },
      },
      {
        geometry: SIMPLE,
        values: { id: 2, code: "T-2", name: "第二区块", level: "national", area_ha: 0.5, note: null },
      },
    ],
  };
}

describe("Shapefile", () => {
  it("writes .shp/.shx/.dbf/.prj/.cpg that ogrinfo opens: 2 polygons, the fields, EPSG:4490", () => {
    const parts = writeShapefile(table());
    const info = ogrinfo(
      {
        "b.shp": parts.shp,
        "b.shx": parts.shx,
        "b.dbf": parts.dbf,
        "b.prj": parts.prj as string,
        "b.cpg": parts.cpg as string,
      },
      "b.shp",
    );
    expect(info.featureCount).toBe(2);
    expect(info.fields).toEqual(["id", "code", "name", "level", "area_ha", "note"]);
    expect(info.srs).toMatch(/China Geodetic Coordinate System 2000/);
    expect(info.srs).toMatch(/ID\["EPSG",4490\]/);
  });

  it("reads back the same shapes and attributes (UTF-8 named by the .cpg)", async () => {
    const parts = writeShapefile(table());
    const dataset = readValue(
      await readShapefiles(
        [
          { name: "b.shp", data: parts.shp },
          { name: "b.dbf", data: parts.dbf },
          { name: "b.cpg", data: new TextEncoder().encode(parts.cpg) },
          { name: "b.prj", data: new TextEncoder().encode(parts.prj) },
        ],
        {},
      ),
    );
    expect(dataset.encoding).toMatchObject({ used: "utf-8", source: "cpg" });
    expect(dataset.declaredCrs).toMatchObject({
      source: "prj",
      reading: { kind: "known", code: "EPSG:4490" },
    });
    expect(dataset.features[0].properties).toEqual({
      id: 1,
      code: "T-1",
      name: "中关村测试区块（示意）",
      level: "municipal",
      area_ha: 123.4567890123,
      note: "含洞和两部分",
    });
    expect(
      maxVertexDistanceM(
        dataset.features[0].geometry?.type === "MultiPolygon" && dataset.features[0].geometry.coordinates,
        WITH_HOLE.coordinates,
      ),
    ).toBe(0);
    expect(dataset.features[1].properties.note).toBeNull();
  });

  it("chooses the text encoding: language byte 0x4D, valid UTF-8, else GB18030; the user overrides", async () => {
    const gbk = writeShapefile(table(), {
      encodeText: encodeGbk,
      cpg: null,
      prj: null,
      languageDriver: 0x4d,
    });
    const files = (dbf: Uint8Array) => [
      { name: "b.shp", data: gbk.shp },
      { name: "b.dbf", data: dbf },
    ];
    const byLanguageByte = readValue(await readShapefiles(files(gbk.dbf), {}));
    expect(byLanguageByte.encoding).toMatchObject({ used: "gb18030", source: "dbf-language-byte" });
    expect(byLanguageByte.features[0].properties.name).toBe("中关村测试区块（示意）");
    const noByte = gbk.dbf.slice();
    noByte[29] = 0x57; // a Western byte, as some Chinese tools write over GBK text
    const fallback = readValue(await readShapefiles(files(noByte), {}));
    expect(fallback.encoding).toMatchObject({ used: "gb18030", source: "gb18030-fallback" });
    expect(fallback.features[0].properties.note).toBe("含洞和两部分");
    const utf8 = writeShapefile(table(), { cpg: null });
    const valid = readValue(
      await readShapefiles(
        [
          { name: "b.shp", data: utf8.shp },
          { name: "b.dbf", data: utf8.dbf },
        ],
        {},
      ),
    );
    expect(valid.encoding).toMatchObject({ used: "utf-8", source: "utf-8-valid" });
    const forced = readValue(await readShapefiles(files(noByte), { encoding: "gbk" }));
    expect(forced.encoding).toMatchObject({ used: "gb18030", source: "user" });
  });

  it("cuts long field names to 10 bytes at a character boundary and keeps them unique", () => {
    const parts = writeShapefile({
      fields: [
        { name: "recognizedOn", type: "string" },
        { name: "recognizedBy", type: "string" },
        { name: "主导产业名称", type: "string" },
      ],
      rows: [],
    });
    expect(parts.fieldNames).toEqual({
      recognizedOn: "recognized",
      recognizedBy: "recogniz_1",
      主导产业名称: "主导产",
    });
  });
});

describe("GeoPackage", () => {
  it("writes a file ogrinfo opens (2 multipolygons, fields, EPSG:4490) and reads it back", async () => {
    const bytes = await writeGeoPackage(table(), "blocks");
    const info = ogrinfo({ "b.gpkg": bytes }, "b.gpkg");
    expect(info.featureCount).toBe(2);
    expect(info.geometry).toBe("Multi Polygon");
    expect(info.fields).toEqual(["id", "code", "name", "level", "area_ha", "note"]);
    expect(info.srs).toMatch(/ID\["EPSG",4490\]/);
    const dataset = readValue(await readGeoPackage(bytes, "b.gpkg"));
    expect(dataset.declaredCrs).toMatchObject({ reading: { kind: "known", code: "EPSG:4490" } });
    expect(dataset.features[0].geometry).toEqual(WITH_HOLE);
    expect(dataset.features[0].properties).toMatchObject({
      name: "中关村测试区块（示意）",
      area_ha: 123.4567890123,
    });
  });
});

describe("DXF", () => {
  it("writes GK zone 39 closed polylines ogrinfo opens, and reads blocks back from our XDATA", () => {
    const text = writeDxf(table(), "EPSG:4527");
    const info = ogrinfo({ "b.dxf": text }, "b.dxf", ["--config", "DXF_ENCODING", "UTF-8"]);
    // 4 rings as closed polylines + 2 name labels.
    expect(info.featureCount).toBe(6);
    expect(info.fields).toEqual(expect.arrayContaining(["Layer", "EntityHandle", "Text"]));
    const dataset = readValue(readDxf(new TextEncoder().encode(text), "b.dxf"));
    expect(dataset.features).toHaveLength(2);
    expect(dataset.features[0].properties).toMatchObject({
      name: "中关村测试区块（示意）",
      code: "T-1",
      area_ha: 123.4567890123,
    });
    const geometry = dataset.features[0].geometry as MultiPolygon;
    expect(geometry.coordinates.map((polygon) => polygon.length)).toEqual([2, 1]);
    expect(geometry.coordinates[0][0][0][0]).toBeGreaterThan(39_000_000);
  });

  it("reads plain CAD rings: nesting makes holes, a text inside names the block, open lines are reported", () => {
    const cad = [
      "0\nSECTION\n2\nENTITIES",
      lwpolyline("A1", [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
      ]),
      lwpolyline("A2", [
        [40, 40],
        [60, 40],
        [60, 60],
        [40, 60],
      ]),
      lwpolyline(
        "A3",
        [
          [200, 0],
          [300, 0],
          [300, 100],
        ],
        false,
      ),
      "0\nTEXT\n5\nA4\n8\n0\n10\n10\n20\n10\n30\n0\n40\n2\n1\n地块一",
      "0\nENDSEC\n0\nEOF\n",
    ].join("\n");
    const dataset = readValue(readDxf(new TextEncoder().encode(cad), "cad.dxf"));
    const polygon = dataset.features.find((feature) => feature.geometry?.type === "Polygon");
    expect(polygon?.geometry?.type === "Polygon" && polygon.geometry.coordinates.length).toBe(2);
    expect(polygon?.properties.text).toBe("地块一");
    expect(dataset.features.find((feature) => feature.geometry?.type === "LineString")).toBeDefined();
  });
});

function lwpolyline(handle: string, points: number[][], closed = true): string {
  const vertices = points.map(([x, y]) => `10\n${x}\n20\n${y}`).join("\n");
  return `0\nLWPOLYLINE\n5\n${handle}\n8\n0\n90\n${points.length}\n70\n${closed ? 1 : 0}\n${vertices}`;
}

describe("KML, KMZ and CSV", () => {
  it("KML keeps names and multi-part shapes; a KMZ's every .kml is read", () => {
    const kml = writeKml(table());
    const dataset = readValue(readKml(kml));
    expect(dataset.declaredCrs).toMatchObject({ reading: { code: "EPSG:4326" } });
    expect(dataset.features[0].properties).toMatchObject({
      name: "中关村测试区块（示意）",
      code: "T-1",
      area_ha: 123.4567890123,
    });
    expect(dataset.features[0].geometry?.type).toBe("GeometryCollection");
    const kmz = readValue(
      readKmz([
        { name: "doc.kml", data: new TextEncoder().encode(kml) },
        { name: "layers/more.kml", data: new TextEncoder().encode(kml) },
      ]),
    );
    expect(kmz.features).toHaveLength(4);
    expect(ogrinfo({ "b.kml": kml }, "b.kml").featureCount).toBe(2);
  });

  it("CSV carries a WKT column GDAL reads and we read back", () => {
    const csv = writeCsv(table());
    const dataset = readValue(readCsv(new TextEncoder().encode(csv), "b.csv"));
    expect(dataset.features[0].properties).toMatchObject({
      name: "中关村测试区块（示意）",
      note: "含洞和两部分",
    });
    expect(dataset.features[1].geometry).toEqual(SIMPLE);
    const info = ogrinfo({ "b.csv": csv }, "b.csv", ["-oo", "GEOM_POSSIBLE_NAMES=WKT"]);
    expect(info.featureCount).toBe(2);
  });
});

describe("zip from untrusted uploads", () => {
  const small = zipSync({ "a.txt": new Uint8Array(10) });

  it("refuses an entry that inflates to more than it declares (a zip bomb that lies)", async () => {
    const bomb = patchDeclaredSizes(zipSync({ "bomb.shp": new Uint8Array(20 * 1024 * 1024) }), 1000);
    expect(bomb.byteLength).toBeLessThan(100_000);
    expect(await readZip(bomb)).toMatchObject({ ok: false, reason: "bad-zip" });
  });

  it("refuses by declared size before inflating", async () => {
    expect(await readZip(patchDeclaredSizes(small, 0xf000_0000))).toMatchObject({
      ok: false,
      reason: "zip-too-large",
    });
  });

  it("refuses paths outside the folder, too many entries and truncated archives", async () => {
    expect(await readZip(zipSync({ "../evil.shp": new Uint8Array(1) }))).toMatchObject({
      ok: false,
      reason: "zip-unsafe-path",
      details: { entry: "../evil.shp" },
    });
    expect(await readZip(zipSync({ "/etc/passwd": new Uint8Array(1) }))).toMatchObject({
      ok: false,
      reason: "zip-unsafe-path",
    });
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}.txt`, new Uint8Array(1)]));
    expect(await readZip(zipSync(many))).toMatchObject({ ok: false, reason: "zip-too-many-entries" });
    expect(await readZip(small.subarray(0, small.byteLength - 10))).toMatchObject({
      ok: false,
      reason: "bad-zip",
    });
  });

  it("decodes GBK entry names without the UTF-8 flag", async () => {
    // fflate flags non-ASCII names as UTF-8; Windows tools write GBK without the flag. Swap an ASCII
    // name for GBK bytes of the same length (11): 4 Chinese characters × 2 bytes + ".tx".
    const zip = zipSync({ placeholder: new Uint8Array(1) });
    const gbkName = encodeGbk("区块名称.tx");
    expect(gbkName.byteLength).toBe("placeholder".length);
    const patched = replaceBytes(zip, new TextEncoder().encode("placeholder"), gbkName);
    const [entry] = readValue(await readZip(patched));
    expect(entry.name).toBe("区块名称.tx");
  });
});

function replaceBytes(data: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const copy = data.slice();
  for (let at = 0; at + from.byteLength <= copy.byteLength; at++) {
    if (from.every((byte, i) => copy[at + i] === byte)) copy.set(to, at);
  }
  return copy;
}
