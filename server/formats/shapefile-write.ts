import type { MultiPolygon, Polygon, Position } from "geojson";
import type { ExportField, ExportTable, FieldValue } from "./block-records.js";
import { encodeText, type OutputEncoding } from "./text-encode.js";

/**
 * A small Shapefile writer (.shp/.shx/.dbf/.prj/.cpg; STACK-NOTES.md: no npm writer handles Chinese text,
 * mixed Polygon/MultiPolygon and holes correctly). Polygons follow the ESRI rule: outer rings clockwise,
 * holes anticlockwise. Attribute text is UTF-8 or GBK with a .cpg saying so; field names are cut to the
 * DBF's 10 bytes in that encoding (at a character boundary: 主导产业 fits in GBK, not in UTF-8) and made
 * unique, and `shapefile-fields.ts` writes the table of full names beside the DBF.
 */
export interface ShapefileParts {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
  prj?: string;
  cpg?: string;
  /** Source field name → the DBF field name written (they differ when cut to 10 bytes). */
  fieldNames: Record<string, string>;
  /** Text values longer than the DBF's 254 bytes, cut at a character boundary: reported, never silent. */
  longTexts: LongText[];
}

export interface LongText {
  field: string;
  /** 0-based row of the table. */
  row: number;
  bytes: number;
}

export interface ShapefileOptions {
  /** UTF-8 (.cpg UTF-8) or GBK (.cpg CP936 as GDAL writes it, language byte 0x4D). */
  encoding?: OutputEncoding;
  /** Encodes attribute text; overrides `encoding` (tests pass their own encoder to build legacy files). */
  encodeText?: (text: string) => Uint8Array;
  /** The .cpg text; null writes none. */
  cpg?: string | null;
  /** The .prj WKT; null writes none. */
  prj?: string | null;
  /** The DBF language driver byte (offset 29). */
  languageDriver?: number;
}

/** ESRI WKT of EPSG:4490, as ArcGIS and GDAL write it. */
export const PRJ_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",' +
  'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

const SHAPE_POLYGON = 5;
const HEADER_BYTES = 100;
const MAX_TEXT_BYTES = 254;
const NUMBER_WIDTH = 24; // GDAL's width for Real fields
const NUMBER_DECIMALS = 15;

/** The .cpg and DBF language byte of each output encoding (GDAL's CP936; ESRI's LDID 0x4D is GBK). */
const ENCODING_MARKS: Record<OutputEncoding, { cpg: string; languageDriver: number }> = {
  "utf-8": { cpg: "UTF-8", languageDriver: 0 },
  gbk: { cpg: "CP936", languageDriver: 0x4d },
};

export function writeShapefile(table: ExportTable, options: ShapefileOptions = {}): ShapefileParts {
  const encoding = options.encoding ?? "utf-8";
  const encode = options.encodeText ?? ((text: string) => encodeText(text, encoding));
  const records = table.rows.map((row) => polygonRecord(row.geometry));
  const bbox = records.reduce<Box>(
    (box, record) => (record.bbox ? mergeBox(box, record.bbox) : box),
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  );
  const shpLength = HEADER_BYTES + records.reduce((sum, record) => sum + 8 + record.content.byteLength, 0);
  const shp = new DataView(new ArrayBuffer(shpLength));
  const shx = new DataView(new ArrayBuffer(HEADER_BYTES + 8 * records.length));
  writeHeader(shp, shpLength, bbox);
  writeHeader(shx, shx.byteLength, bbox);
  let offset = HEADER_BYTES;
  records.forEach((record, index) => {
    shp.setInt32(offset, index + 1, false);
    shp.setInt32(offset + 4, record.content.byteLength / 2, false);
    new Uint8Array(shp.buffer).set(new Uint8Array(record.content), offset + 8);
    shx.setInt32(HEADER_BYTES + 8 * index, offset / 2, false);
    shx.setInt32(HEADER_BYTES + 8 * index + 4, record.content.byteLength / 2, false);
    offset += 8 + record.content.byteLength;
  });
  const marks = ENCODING_MARKS[encoding];
  const { dbf, fieldNames, longTexts } = writeDbf(
    table,
    encode,
    options.languageDriver ?? marks.languageDriver,
  );
  const prj = options.prj === undefined ? PRJ_CGCS2000 : options.prj;
  const cpg = options.cpg === undefined ? marks.cpg : options.cpg;
  return {
    shp: new Uint8Array(shp.buffer),
    shx: new Uint8Array(shx.buffer),
    dbf,
    ...(prj === null ? {} : { prj }),
    ...(cpg === null ? {} : { cpg }),
    fieldNames,
    longTexts,
  };
}

type Box = [number, number, number, number];

function mergeBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

function writeHeader(view: DataView, byteLength: number, bbox: Box): void {
  view.setInt32(0, 9994, false);
  view.setInt32(24, byteLength / 2, false);
  view.setInt32(28, 1000, true);
  view.setInt32(32, SHAPE_POLYGON, true);
  const box = bbox.every(Number.isFinite) ? bbox : [0, 0, 0, 0];
  for (const [i, value] of box.entries()) view.setFloat64(36 + 8 * i, value, true);
}

function polygonRecord(geometry: Polygon | MultiPolygon | null): { content: ArrayBuffer; bbox?: Box } {
  if (!geometry) {
    const content = new ArrayBuffer(4);
    new DataView(content).setInt32(0, 0, true);
    return { content };
  }
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const rings = polygons.flatMap((rings) => rings.map((ring, i) => oriented(ring, i === 0)));
  const points = rings.flat();
  const content = new ArrayBuffer(44 + 4 * rings.length + 16 * points.length);
  const view = new DataView(content);
  const bbox = points.reduce<Box>(
    (box, [x, y]) => [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  );
  view.setInt32(0, SHAPE_POLYGON, true);
  for (const [i, value] of bbox.entries()) view.setFloat64(4 + 8 * i, value, true);
  view.setInt32(36, rings.length, true);
  view.setInt32(40, points.length, true);
  let start = 0;
  rings.forEach((ring, i) => {
    view.setInt32(44 + 4 * i, start, true);
    start += ring.length;
  });
  let offset = 44 + 4 * rings.length;
  for (const [x, y] of points) {
    view.setFloat64(offset, x, true);
    view.setFloat64(offset + 8, y, true);
    offset += 16;
  }
  return { content, bbox };
}

/** ESRI orientation: outer rings clockwise, holes anticlockwise. */
function oriented(ring: Position[], outer: boolean): Position[] {
  let twiceArea = 0;
  for (let i = 0; i < ring.length - 1; i++)
    twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  const clockwise = twiceArea < 0;
  return clockwise === outer ? ring : ring.slice().reverse();
}

interface DbfField {
  source: ExportField;
  name: Uint8Array;
  type: "C" | "N" | "L";
  length: number;
  decimals: number;
}

function writeDbf(
  table: ExportTable,
  encode: (text: string) => Uint8Array,
  languageDriver: number,
): { dbf: Uint8Array; fieldNames: Record<string, string>; longTexts: LongText[] } {
  const fieldNames: Record<string, string> = {};
  const longTexts: LongText[] = [];
  const used = new Set<string>();
  const fields = table.fields.map((field): DbfField => {
    const name = uniqueName(field.name, used, encode);
    fieldNames[field.name] = name;
    return { source: field, name: encode(name), ...dbfType(field, table, encode) };
  });
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const bytes = new Uint8Array(headerLength + recordLength * table.rows.length + 1);
  const view = new DataView(bytes.buffer);
  const today = new Date();
  view.setUint8(0, 0x03);
  view.setUint8(1, today.getFullYear() - 1900);
  view.setUint8(2, today.getMonth() + 1);
  view.setUint8(3, today.getDate());
  view.setUint32(4, table.rows.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  view.setUint8(29, languageDriver);
  fields.forEach((field, i) => {
    const at = 32 + 32 * i;
    bytes.set(field.name.subarray(0, 10), at);
    view.setUint8(at + 11, field.type.charCodeAt(0));
    view.setUint8(at + 16, field.length);
    view.setUint8(at + 17, field.decimals);
  });
  view.setUint8(headerLength - 1, 0x0d);
  let offset = headerLength;
  for (const [rowIndex, row] of table.rows.entries()) {
    bytes.fill(0x20, offset, offset + recordLength);
    offset += 1;
    for (const field of fields) {
      const value = row.values[field.source.name];
      if (field.type === "C" && typeof value === "string") {
        const length = encode(value).byteLength;
        if (length > MAX_TEXT_BYTES)
          longTexts.push({ field: field.source.name, row: rowIndex, bytes: length });
      }
      bytes.set(cellBytes(value, field, encode), offset);
      offset += field.length;
    }
  }
  bytes[offset] = 0x1a;
  return { dbf: bytes, fieldNames, longTexts };
}

function dbfType(
  field: ExportField,
  table: ExportTable,
  encode: (text: string) => Uint8Array,
): Pick<DbfField, "type" | "length" | "decimals"> {
  if (field.type === "boolean") return { type: "L", length: 1, decimals: 0 };
  if (field.type === "integer") return { type: "N", length: 18, decimals: 0 };
  if (field.type === "number") return { type: "N", length: NUMBER_WIDTH, decimals: NUMBER_DECIMALS };
  const longest = table.rows.reduce(
    (max, row) => Math.max(max, textBytes(row.values[field.name], encode).byteLength),
    1,
  );
  return { type: "C", length: Math.min(longest, MAX_TEXT_BYTES), decimals: 0 };
}

function cellBytes(
  value: FieldValue | undefined,
  field: DbfField,
  encode: (text: string) => Uint8Array,
): Uint8Array {
  if (field.type === "L") return encode(value === true ? "T" : value === false ? "F" : "?");
  if (value === null || value === undefined || value === "") return new Uint8Array(0);
  if (field.type === "N") {
    const number = Number(value);
    let text = number.toFixed(field.decimals);
    for (let decimals = field.decimals - 1; text.length > field.length && decimals >= 0; decimals--) {
      text = number.toFixed(decimals);
    }
    return encode(text.padStart(field.length, " ").slice(0, field.length));
  }
  return textBytes(value, encode).subarray(0, field.length);
}

/** Encoded text cut to 254 bytes at a character boundary. */
function textBytes(value: FieldValue | undefined, encode: (text: string) => Uint8Array): Uint8Array {
  if (value === null || value === undefined) return new Uint8Array(0);
  return cutToBytes(String(value), MAX_TEXT_BYTES, encode);
}

/** The longest leading part of `text` that encodes to at most `maxBytes` bytes. */
function cutText(text: string, maxBytes: number, encode: (text: string) => Uint8Array): string {
  let out = "";
  for (const char of text) {
    if (encode(out + char).byteLength > maxBytes) break;
    out += char;
  }
  return out;
}

function cutToBytes(text: string, maxBytes: number, encode: (text: string) => Uint8Array): Uint8Array {
  const whole = encode(text);
  return whole.byteLength <= maxBytes ? whole : encode(cutText(text, maxBytes, encode));
}

function uniqueName(name: string, used: Set<string>, encode: (text: string) => Uint8Array): string {
  let candidate = cutText(name, 10, encode);
  for (let n = 1; used.has(candidate.toLowerCase()); n++) {
    const suffix = `_${n}`;
    candidate = cutText(name, 10 - suffix.length, encode) + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
