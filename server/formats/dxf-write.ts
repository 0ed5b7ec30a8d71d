import { DxfWriter, LWPolylineFlags, point3d, Units } from "@tarikjabiri/dxf";
import type { Position } from "geojson";
import { CRS_DEFINITIONS, type CrsCode, STORAGE_CRS } from "../domain/crs.js";
import { roundPositions, transformGeometry } from "../domain/crs-transform.js";
import type { ExportTable } from "./block-records.js";
import { encodeText, inGbk } from "./text-encode.js";

/**
 * DXF for CAD users, written with @tarikjabiri/dxf as AutoCAD 2000 (AC1015) with `$DWGCODEPAGE` ANSI_936 and
 * its text in GBK (`dxfBytes`): the header GDAL, QGIS and AutoCAD honour, so Chinese layer names and labels
 * open readable with default settings (issue 17; an AutoCAD 2007 file without the code page shows `åºå…`
 * in GDAL). Characters GBK lacks are written as the DXF escape \U+XXXX. Coordinates are in
 * CGCS2000 Gauss-Krüger zone 39 with the zone prefix by default (as the 界址点 tables), to 1 mm. Each ring
 * is a closed LWPOLYLINE on layer 区块; the block's fields ride along as XDATA of application BJHTZ
 * (`feature=n`, `ring=outer|hole`, `key=<JSON value>`), and its name is a TEXT on layer 区块注记.
 */
export const DXF_XDATA_APP = "BJHTZ";
export const DXF_OUTLINE_LAYER = "区块";
export const DXF_LABEL_LAYER = "区块注记";

const MAX_XDATA_STRING_BYTES = 254; // 255 with the padding space

export function writeDxf(table: ExportTable, crs: CrsCode): string {
  const definition = CRS_DEFINITIONS[crs];
  const projected = definition.kind === "projected";
  const dxf = new DxfWriter();
  dxf.setVariable("$ACADVER", { 1: "AC1015" });
  dxf.setVariable("$DWGCODEPAGE", { 3: "ANSI_936" });
  dxf.setUnits(projected ? Units.Meters : Units.Unitless);
  dxf.tables.addAppId(DXF_XDATA_APP);
  dxf.addLayer(DXF_OUTLINE_LAYER, 1, "Continuous");
  dxf.addLayer(DXF_LABEL_LAYER, 7, "Continuous");
  table.rows.forEach((row, index) => {
    const geometry = roundPositions(transformGeometry(row.geometry, STORAGE_CRS, crs), projected ? 3 : 9);
    const fieldStrings = Object.entries(row.values)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => xdataString(`${key}=${JSON.stringify(value)}`));
    let first = true;
    for (const polygon of geometry.coordinates) {
      polygon.forEach((ring, ringIndex) => {
        const polyline = dxf.addLWPolyline(
          ring.slice(0, -1).map(([x, y]) => ({ point: { x, y } })),
          { flags: LWPolylineFlags.Closed, layerName: DXF_OUTLINE_LAYER },
        );
        const xdata = polyline.addXData(DXF_XDATA_APP);
        // @tarikjabiri/dxf 2.9 drops the last character of every XDATA string: pad with a space
        // (the reader trims, so a fixed version writes the same values).
        const add = (text: string) => xdata.string(`${text} `);
        add(`feature=${index + 1}`);
        add(`ring=${ringIndex === 0 ? "outer" : "hole"}`);
        if (first) for (const text of fieldStrings) add(text);
        first = false;
      });
    }
    const label = String(row.values.name ?? "");
    const outer = geometry.coordinates[0][0];
    if (label) {
      const [x, y] = labelPoint(outer);
      dxf.addText(point3d(x, y, 0), projected ? 20 : 0.0002, label, { layerName: DXF_LABEL_LAYER });
    }
  });
  return dxf.stringify();
}

/** The DXF text as bytes for its code page ANSI_936: GBK, with \U+XXXX for characters GBK lacks. */
export function dxfBytes(text: string): Uint8Array {
  const escaped = [...text]
    .map((char) =>
      char.charCodeAt(0) < 0x80 || inGbk(char)
        ? char
        : [...char]
            .map((unit) => `\\U+${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
            .join(""),
    )
    .join("");
  return encodeText(escaped, "gbk");
}

/** Mean of the ring's corners: inside for the convex-ish shapes blocks are (only a label position). */
function labelPoint(ring: Position[]): Position {
  const corners = ring.slice(0, -1);
  return [
    corners.reduce((sum, [x]) => sum + x, 0) / corners.length,
    corners.reduce((sum, [, y]) => sum + y, 0) / corners.length,
  ];
}

/** An XDATA string is at most 255 bytes: longer values are cut at a character boundary. */
function xdataString(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= MAX_XDATA_STRING_BYTES) return text;
  let cut = "";
  for (const char of text) {
    if (encoder.encode(cut + char).byteLength > MAX_XDATA_STRING_BYTES) break;
    cut += char;
  }
  return cut;
}
