import type { Position } from "geojson";
import { type BlockStatus, isBlockStatus } from "../domain/block.js";
import { BLOCK_STATUS_NAMES } from "./block-labels.js";
import type { ExportTable, FieldType, FieldValue } from "./block-records.js";

/**
 * KML of the export table (issue 17) that GDAL, QGIS and Google Earth read alike: a `<Schema>` with ASCII
 * field names (GDAL turns non-ASCII `<Data name>` into underscores, so two Chinese names collided) and the
 * Chinese names as `<displayName>`; every Placemark's values as `<SchemaData>`, its name as the label,
 * and a style per block status (outline in the map legend's colour, translucent fill, labels shown).
 * Lon/lat to 1e-9°, as stored (KML is WGS84 by definition; CGCS2000 is taken as equal).
 */
export const KML_SCHEMA_ID = "bjhtz-blocks";

/** Display names of the block fields (GLOSSARY.md); attributes keep their own names. */
const DISPLAY_NAMES: Record<string, string> = {
  id: "区块ID",
  code: "区块编号",
  name: "区块名称",
  park_code: "分园代码",
  park_name: "所属分园",
  level: "区块级别",
  status: "区块状态",
  area_ha: "区块面积（公顷）",
  area_km2: "区块面积（平方公里）",
};

/** Outline colours by status, the same as the map legend (client/map/palette.ts), as #RRGGBB. */
const STATUS_LINE_COLORS: Record<BlockStatus, string> = {
  candidate: "#1D6A96",
  applied: "#00466E",
  recognized: "#005C43",
  rectifying: "#8A5F00",
  reduced: "#863C66",
  exited: "#803800",
  withdrawn: "#5E5E5E",
};

const KML_TYPES: Record<FieldType, string> = {
  string: "string",
  number: "double",
  integer: "int",
  boolean: "bool",
};

export function writeKml(table: ExportTable): string {
  const fields = table.fields.map((field, index) => ({
    ...field,
    kmlName: /^[A-Za-z_][A-Za-z0-9_]*$/.test(field.name) ? field.name : `attr_${index + 1}`,
    displayName: DISPLAY_NAMES[field.name] ?? field.name,
  }));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    "<Document>",
    "<name>区块 blocks</name>",
    `<Schema name="blocks" id="${KML_SCHEMA_ID}">`,
    ...fields.map(
      (field) =>
        `<SimpleField name="${field.kmlName}" type="${KML_TYPES[field.type]}"><displayName>${xml(field.displayName)}</displayName></SimpleField>`,
    ),
    "</Schema>",
    ...Object.entries(STATUS_LINE_COLORS).map(([status, color]) => statusStyle(status as BlockStatus, color)),
  ];
  for (const row of table.rows) {
    const status = row.values.status;
    lines.push(
      "<Placemark>",
      `<name>${xml(String(row.values.name ?? ""))}</name>`,
      ...(isBlockStatus(status) ? [`<styleUrl>#status-${status}</styleUrl>`] : []),
      `<ExtendedData><SchemaData schemaUrl="#${KML_SCHEMA_ID}">`,
      ...fields
        .filter((field) => row.values[field.name] !== null && row.values[field.name] !== undefined)
        .map(
          (field) => `<SimpleData name="${field.kmlName}">${xml(text(row.values[field.name]))}</SimpleData>`,
        ),
      "</SchemaData></ExtendedData>",
      "<MultiGeometry>",
      ...row.geometry.coordinates.map(polygonKml),
      "</MultiGeometry>",
      "</Placemark>",
    );
  }
  lines.push("</Document>", "</kml>");
  return `${lines.join("\n")}\n`;
}

function statusStyle(status: BlockStatus, color: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => color.slice(at, at + 2).toLowerCase());
  // KML colours are aabbggrr.
  return (
    `<Style id="status-${status}"><LineStyle><color>ff${b}${g}${r}</color><width>2</width></LineStyle>` +
    `<PolyStyle><color>4d${b}${g}${r}</color></PolyStyle><LabelStyle><scale>1</scale></LabelStyle>` +
    `<BalloonStyle><text>${xml(BLOCK_STATUS_NAMES[status])} $[name]</text></BalloonStyle></Style>`
  );
}

function polygonKml(rings: Position[][]): string {
  const [outer, ...holes] = rings;
  return (
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates(outer)}</coordinates></LinearRing></outerBoundaryIs>` +
    holes
      .map(
        (hole) =>
          `<innerBoundaryIs><LinearRing><coordinates>${coordinates(hole)}</coordinates></LinearRing></innerBoundaryIs>`,
      )
      .join("") +
    "</Polygon>"
  );
}

function coordinates(ring: Position[]): string {
  return ring.map(([lng, lat]) => `${round9(lng)},${round9(lat)}`).join(" ");
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function text(value: FieldValue | undefined): string {
  return typeof value === "boolean" ? (value ? "1" : "0") : String(value);
}

function xml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
