import { type BoundaryFileReading, readBoundaryFile } from "./boundary-points-read.js";

/**
 * 南方CASS coordinate files (.dat): one point a line, `点名,编码,Y,X,H` — Y the easting, X the northing
 * (surveying axes), H the height, which a boundary does not use and is ignored. The points in order are
 * the ring; a blank line starts the next ring, and a ring inside another is its hole (as in 界址点 files).
 */
export function readCassDat(text: string): BoundaryFileReading {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const table: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") {
      table.push("");
      continue;
    }
    const fields = line.split(/[,，]/).map((field) => field.trim());
    const [name, , easting, northing] = fields;
    if (fields.length < 4 || !isNumber(easting) || !isNumber(northing)) {
      return {
        ok: false,
        message: `Line ${index + 1} is not a CASS point "点名,编码,Y,X,H": ${line}`,
      };
    }
    // The plain 界址点 table reads `点号, X, Y` with X the northing.
    table.push(`${name || `P${index + 1}`},${northing},${easting}`);
  }
  return readBoundaryFile(table.join("\n"));
}

function isNumber(value: string | undefined): value is string {
  return value !== undefined && /^[-+]?\d+(\.\d+)?$/.test(value);
}
