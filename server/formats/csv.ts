import { parseCrsCode } from "../domain/crs.js";
import type { ExportTable } from "./block-records.js";
import { boundaryDataset } from "./boundary-points-file.js";
import { readBoundaryFile } from "./boundary-points-read.js";
import { csvCell, parseCsvRows } from "./csv-table.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";
import { readWkt, writeWktMultiPolygon } from "./wkt-wkb.js";

/**
 * CSV: the attribute table with the geometry as a `WKT` column (lon/lat to 1e-9°), UTF-8 with a BOM so
 * Excel shows Chinese. On import, a CSV with a WKT column gives features; any other CSV is read as a
 * 界址点 table (点号, X northing, Y easting).
 */
const WKT_COLUMNS = ["wkt", "geometry", "geom", "the_geom", "shape"];

export function writeCsv(table: ExportTable): string {
  const header = [...table.fields.map((field) => field.name), "WKT"];
  const lines = [header.map(csvCell).join(",")];
  for (const row of table.rows) {
    const cells = table.fields.map((field) => csvCell(row.values[field.name]));
    cells.push(csvCell(writeWktMultiPolygon(row.geometry, 9)));
    lines.push(cells.join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export function readCsv(bytes: Uint8Array, label: string, encoding?: string): ReadResult<SourceDataset> {
  const { text, encoding: used } = decodeText(bytes, encoding);
  const parsed = parseCsvRows(text);
  if (!parsed.ok) return readFailure(parsed.reason, `${label}: ${parsed.message}`, parsed.details);
  const rows = parsed.rows;
  const header = rows[0]?.map((cell) => cell.trim()) ?? [];
  const wktIndex = header.findIndex((cell) => WKT_COLUMNS.includes(cell.toLowerCase()));
  if (wktIndex < 0) return boundaryDataset(readBoundaryFile(text), label, "csv", used);
  const features: SourceFeature[] = [];
  let srid: number | undefined;
  for (const [index, row] of rows.slice(1).entries()) {
    if (row.every((cell) => cell.trim() === "")) continue;
    const properties: Record<string, unknown> = {};
    header.forEach((name, column) => {
      if (column !== wktIndex) properties[name] = row[column] ?? "";
    });
    const wkt = readWkt(row[wktIndex] ?? "");
    if (wkt.ok && wkt.srid !== undefined) srid ??= wkt.srid;
    features.push({
      source: `${label} row ${index + 2}`,
      geometry: wkt.ok ? wkt.geometry : null,
      properties: wkt.ok ? properties : { ...properties, _wktError: wkt.message },
    });
  }
  const code = srid !== undefined ? parseCrsCode(String(srid)) : undefined;
  return readOk({
    format: "csv",
    features,
    ...(code
      ? { declaredCrs: { source: "metadata", reading: { kind: "known", code, name: `SRID=${srid}` } } }
      : {}),
    encoding: { used, source: encoding ? "user" : used === "utf-8" ? "utf-8-valid" : "gb18030-fallback" },
    warnings: [],
  });
}
