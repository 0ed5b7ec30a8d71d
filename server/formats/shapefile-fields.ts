import type { ExportTable } from "./block-records.js";
import { csvCell } from "./csv-table.js";
import type { ShapefileParts } from "./shapefile-write.js";
import { encodeText, type OutputEncoding, withCrlf } from "./text-encode.js";

/**
 * 字段对照表 — the table written beside a Shapefile's DBF (issue 17): every DBF field name (at most 10
 * bytes), the full field name it stands for, its type, and what was cut — names shortened and text values
 * longer than 254 bytes — so nothing is truncated silently. CSV in the DBF's own encoding, CRLF, so Excel
 * on Chinese Windows and the recipients' tools open it; with a BOM in UTF-8.
 */
export const FIELD_TABLE_SUFFIX = "_fields.csv";

export function fieldTable(table: ExportTable, parts: ShapefileParts, encoding: OutputEncoding): Uint8Array {
  const lines = ["DBF字段,原字段名,类型,说明"];
  for (const field of table.fields) {
    const dbfName = parts.fieldNames[field.name] ?? field.name;
    const notes: string[] = [];
    if (dbfName !== field.name) notes.push("字段名超过10字节，已缩短");
    const long = parts.longTexts.filter((text) => text.field === field.name);
    if (long.length > 0) {
      notes.push(
        `${long.length}个值超过254字节，已截断（第${long.map((text) => text.row + 1).join("、")}行）`,
      );
    }
    lines.push([dbfName, field.name, field.type, notes.join("；")].map(csvCell).join(","));
  }
  const text = withCrlf(`${lines.join("\n")}\n`);
  return encodeText(encoding === "utf-8" ? `\uFEFF${text}` : text, encoding);
}
