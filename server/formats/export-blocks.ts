import { zipSync } from "fflate";
import type { Feature } from "geojson";
import type { CrsCode } from "../domain/crs.js";
import type { ExportTable } from "./block-records.js";
import { writeCsv } from "./csv.js";
import { dxfBytes, writeDxf } from "./dxf-write.js";
import { writeFlatGeobuf } from "./flatgeobuf.js";
import { writeGeoJson } from "./geojson.js";
import { writeGeoPackage } from "./geopackage.js";
import { writeKml } from "./kml-write.js";
import { FIELD_TABLE_SUFFIX, fieldTable } from "./shapefile-fields.js";
import { writeShapefile } from "./shapefile-write.js";
import { encodeText, type OutputEncoding } from "./text-encode.js";

/** The block export formats and the file each one produces (GET /api/exports/blocks). */
export const EXPORT_FORMATS = ["geojson", "shp", "kml", "gpkg", "dxf", "csv", "fgb"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
}

export const EXPORT_BASENAME = "blocks";

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * One file per format; the Shapefile's parts come zipped with their field-name table. `dxfCrs` is the DXF's
 * coordinate system; `encoding` that of the Shapefile's DBF and the CSV (UTF-8 unless asked).
 */
export async function exportBlocks(
  format: ExportFormat,
  table: ExportTable,
  dxfCrs: CrsCode,
  encoding: OutputEncoding = "utf-8",
): Promise<ExportFile> {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  switch (format) {
    case "geojson":
      return {
        fileName: `${EXPORT_BASENAME}.geojson`,
        contentType: "application/geo+json; charset=utf-8",
        body: utf8(writeGeoJson(geoJsonFeatures(table))),
      };
    case "shp":
      return {
        fileName: `${EXPORT_BASENAME}-shp.zip`,
        contentType: "application/zip",
        body: zipSync(shapefileFiles(table, EXPORT_BASENAME, encoding)),
      };
    case "kml":
      return {
        fileName: `${EXPORT_BASENAME}.kml`,
        contentType: "application/vnd.google-earth.kml+xml; charset=utf-8",
        body: utf8(writeKml(table)),
      };
    case "gpkg":
      return {
        fileName: `${EXPORT_BASENAME}.gpkg`,
        contentType: "application/geopackage+sqlite3",
        body: await writeGeoPackage(table, EXPORT_BASENAME),
      };
    case "dxf":
      return {
        fileName: `${EXPORT_BASENAME}.dxf`,
        contentType: "image/vnd.dxf; charset=gbk",
        body: dxfBytes(writeDxf(table, dxfCrs)),
      };
    case "csv":
      return {
        fileName: `${EXPORT_BASENAME}.csv`,
        contentType: `text/csv; charset=${encoding}`,
        // writeCsv writes CRLF and a BOM; GBK has no BOM.
        body: encodeText(
          encoding === "gbk" ? writeCsv(table).replace(/^\uFEFF/, "") : writeCsv(table),
          encoding,
        ),
      };
    case "fgb":
      return {
        fileName: `${EXPORT_BASENAME}.fgb`,
        contentType: "application/flatgeobuf",
        body: writeFlatGeobuf(table),
      };
  }
}

export function geoJsonFeatures(table: ExportTable): Feature[] {
  return table.rows.map((row) => ({ type: "Feature", geometry: row.geometry, properties: row.values }));
}

/** The Shapefile's parts named `<basename>.shp` … and its field-name table, for a zip. */
export function shapefileFiles(
  table: ExportTable,
  basename: string,
  encoding: OutputEncoding = "utf-8",
): Record<string, Uint8Array> {
  const parts = writeShapefile(table, { encoding });
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return {
    [`${basename}${FIELD_TABLE_SUFFIX}`]: fieldTable(table, parts, encoding),
    [`${basename}.shp`]: parts.shp,
    [`${basename}.shx`]: parts.shx,
    [`${basename}.dbf`]: parts.dbf,
    ...(parts.prj ? { [`${basename}.prj`]: utf8(parts.prj) } : {}),
    ...(parts.cpg ? { [`${basename}.cpg`]: utf8(parts.cpg) } : {}),
  };
}
