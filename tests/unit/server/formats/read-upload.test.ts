import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { READ_FAILURE_REASONS } from "../../../../server/formats/read-failure.js";
import { readUpload } from "../../../../server/formats/read-upload.js";

const text = (value: string) => new TextEncoder().encode(value);

describe("readUpload returns why a file cannot be read, never an HTTP error", () => {
  it.each([
    ["empty.geojson", new Uint8Array(0), "empty-file"],
    ["blocks.zip", text("not a zip"), "bad-zip"],
    ["blocks.shp", new Uint8Array([0, 0, 0x27, 0x0a, 1, 2, 3]), "shapefile-not-zipped"],
    ["blocks.bin", new Uint8Array([1, 0, 2, 0, 3, 0]), "unsupported-format"],
    ["blocks.geojson", text("{ not json"), "bad-file"],
    ["blocks.geojson", text('{"type":"Topology"}'), "bad-file"],
    ["blocks.kml", text("<gpx></gpx>"), "bad-file"],
    ["blocks.zip", zipSync({ "readme.md": text("# no data") }), "unsupported-format"],
    ["blocks.zip", zipSync({ "b.dbf": new Uint8Array(40) }), "missing-shp"],
    ["blocks.xyz", text("hello"), "unsupported-format"],
  ])("%s → %s", async (fileName, bytes, reason) => {
    const read = await readUpload(fileName, bytes, {});
    expect(read).toMatchObject({ ok: false, reason });
    expect(READ_FAILURE_REASONS).toContain(reason);
    if (!read.ok) expect(read.message.length).toBeGreaterThan(10);
  });

  it("says where a 界址点 header and the coordinates disagree", async () => {
    const file = [
      "[属性描述]",
      "坐标系=2000国家大地坐标系",
      "带号=38",
      "[地块坐标]",
      "4,0.5,1,地块,面,,,,@",
      "J1,1,4429000.000,39440000.000",
      "J2,1,4429000.000,39440100.000",
      "J3,1,4429100.000,39440100.000",
      "J1,1,4429000.000,39440000.000",
    ].join("\n");
    const read = await readUpload("parcel.txt", text(file), {});
    expect(read).toMatchObject({ ok: false, reason: "crs-mismatch" });
    if (!read.ok) expect(read.message).toContain("带号=38");
  });

  it("reads a GeoJSON feature collection", async () => {
    const geojson = {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { name: "甲" }, geometry: null }],
    };
    const read = await readUpload("blocks.geojson", text(JSON.stringify(geojson)), {});
    expect(read).toMatchObject({
      ok: true,
      value: { format: "geojson", features: [{ properties: { name: "甲" } }] },
    });
  });
});
