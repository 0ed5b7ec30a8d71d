import type { MultiPolygon } from "geojson";
import type { BlockFeature } from "../db/block-store.js";

/**
 * The attribute table every export writes (GeoJSON, Shapefile, KML, GeoPackage, DXF, CSV): block fields
 * first, then the block's own attributes. Areas are the stored ellipsoidal figures the API shows
 * (DOMAIN.md §7). On import the block fields map back (attribute-mapping.ts), the derived ones are ignored.
 */
export type FieldType = "string" | "number" | "integer" | "boolean";
export type FieldValue = string | number | boolean | null;

export interface ExportField {
  name: string;
  type: FieldType;
}

export interface ExportRow {
  geometry: MultiPolygon;
  values: Record<string, FieldValue>;
}

export interface ExportTable {
  fields: ExportField[];
  rows: ExportRow[];
}

export const BLOCK_FIELDS: readonly ExportField[] = [
  { name: "id", type: "integer" },
  { name: "code", type: "string" },
  { name: "name", type: "string" },
  { name: "park_code", type: "string" },
  { name: "park_name", type: "string" },
  { name: "level", type: "string" },
  { name: "status", type: "string" },
  { name: "area_ha", type: "number" },
  { name: "area_km2", type: "number" },
];

/** Fields an export writes that are derived or system values: never mapped back into attributes. */
export const DERIVED_FIELDS = new Set(["id", "park_name", "area_ha", "area_km2"]);

export function blockTable(blocks: BlockFeature[]): ExportTable {
  const attributeTypes = new Map<string, FieldType>();
  for (const block of blocks) {
    for (const [key, value] of Object.entries(block.properties.attributes ?? {})) {
      if (value === null || value === undefined) continue;
      const type = valueType(value);
      const known = attributeTypes.get(fieldName(key));
      attributeTypes.set(fieldName(key), mergedType(known, type));
    }
  }
  // Attribute fields in code-point order: the same file whatever order the database returns keys in.
  const attributeFields = [...attributeTypes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, type]) => ({ name, type }));
  const fields = [...BLOCK_FIELDS, ...attributeFields];
  const rows = blocks.map((block) => {
    const p = block.properties;
    const values: Record<string, FieldValue> = {
      id: p.id,
      code: p.code,
      name: p.name,
      park_code: p.parkCode,
      park_name: p.parkName,
      level: p.level,
      status: p.status,
      area_ha: p.areaHectares,
      area_km2: p.areaKm2,
    };
    for (const [key, value] of Object.entries(p.attributes ?? {})) {
      const name = fieldName(key);
      values[name] =
        value === null || value === undefined ? null : asFieldValue(value, attributeTypes.get(name));
    }
    return { geometry: block.geometry, values };
  });
  return { fields, rows };
}

/** An attribute key that collides with a block field gets the prefix `attr_`. */
function fieldName(key: string): string {
  return BLOCK_FIELDS.some((field) => field.name === key) ? `attr_${key}` : key;
}

function valueType(value: unknown): FieldType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number" && Number.isFinite(value))
    return Number.isInteger(value) ? "integer" : "number";
  return "string";
}

function mergedType(known: FieldType | undefined, next: FieldType): FieldType {
  if (known === undefined || known === next) return next;
  const numeric = (type: FieldType) => type === "integer" || type === "number";
  return numeric(known) && numeric(next) ? "number" : "string";
}

function asFieldValue(value: unknown, type: FieldType | undefined): FieldValue {
  if (type === "string") return typeof value === "string" ? value : JSON.stringify(value);
  return value as FieldValue;
}
