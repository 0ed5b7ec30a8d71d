import { readBoundaryFile } from "../domain/boundary-points.js";
import { parseCrsCode } from "../domain/crs.js";
import { badRequest } from "../errors.js";
import type { ExportTable } from "./block-records.js";
import { boundaryDataset } from "./boundary-points-file.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";
import { readWkt, writeWktMultiPolygon } from "./wkt.js";

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

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function readCsv(bytes: Uint8Array, label: string, encoding?: string): SourceDataset {
  const { text, encoding: used } = decodeText(bytes, encoding);
  const rows = parseCsv(text);
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
  return {
    format: "csv",
    features,
    ...(code
      ? { declaredCrs: { source: "metadata", reading: { kind: "known", code, name: `SRID=${srid}` } } }
      : {}),
    encoding: { used, source: encoding ? "user" : used === "utf-8" ? "utf-8-valid" : "gb18030-fallback" },
    warnings: [],
  };
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines); the delimiter is , or tab or ;. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [",", "\t", ";"].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (quoted) throw badRequest("bad-file", "The CSV ends inside a quoted cell: is it complete?");
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
