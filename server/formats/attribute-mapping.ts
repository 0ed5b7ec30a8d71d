import { type BlockLevel, type BlockStatus, isBlockLevel, isBlockStatus } from "../domain/block.js";
import { BLOCK_LEVEL_NAMES, BLOCK_STATUS_NAMES } from "./block-labels.js";
import { DERIVED_FIELDS } from "./block-records.js";
import { type ImportNote, importNote, noteTexts } from "./import-notes.js";

/**
 * Maps a file's attribute fields to block fields (name, code, sub-park, level, status), proposing a
 * mapping from the usual field names (ours, GIS and Chinese survey conventions) that the user may change
 * before committing. Fields not mapped become the block's `attributes`; derived and system fields
 * (areas, FIDs, CAD layer) are dropped, since the block's own area is always recomputed.
 */
export const MAPPING_TARGETS = ["name", "code", "park", "level", "status"] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];
export type FieldMapping = Record<MappingTarget, string | null>;

const CANDIDATES: Record<MappingTarget, string[]> = {
  name: [
    "name",
    "名称",
    "区块名称",
    "地块名称",
    "区块名",
    "地块名",
    "qkmc",
    "block_name",
    "blockname",
    "dkmc",
    "xmmc",
    "mc",
    "text",
  ],
  code: [
    "code",
    "编号",
    "区块编号",
    "区块编码",
    "区块代码",
    "地块编号",
    "地块代码",
    "block_code",
    "qkbh",
    "qkdm",
    "dkbh",
    "dkdm",
    "bh",
  ],
  park: [
    "park_code",
    "parkcode",
    "park_id",
    "parkid",
    "park",
    "park_name",
    "parkname",
    "分园",
    "所属分园",
    "分园名称",
    "所属园区",
    "园区",
    "ssfy",
    "fymc",
  ],
  level: ["level", "级别", "区块级别", "qkjb", "jb"],
  status: ["status", "状态", "区块状态", "qkzt", "zt"],
};

const SYSTEM_FIELDS = new Set(
  ["fid", "objectid", "shape_area", "shape_leng", "shape_length", "layer", "_wkterror"].map((name) =>
    name.toLowerCase(),
  ),
);

const LEVEL_WORDS: Record<string, BlockLevel> = {
  ...invert(BLOCK_LEVEL_NAMES),
  国家: "national",
  市: "municipal",
};
const STATUS_WORDS: Record<string, BlockStatus> = invert(BLOCK_STATUS_NAMES);

function invert<K extends string>(names: Record<K, string>): Record<string, K> {
  return Object.fromEntries(Object.entries(names).map(([key, name]) => [name, key])) as Record<string, K>;
}

export interface ParkRef {
  id: number;
  code: string;
  name: string;
}

export interface MappedFields {
  name?: string;
  code?: string;
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
}

export interface MappedFeature {
  fields: MappedFields;
  attributes: Record<string, unknown>;
  /** Values present but not understood, e.g. `park "西山园" matches no sub-park` (the texts of `problemNotes`). */
  problems: string[];
  problemNotes: ImportNote[];
}

export interface FieldSummary {
  source: string;
  samples: unknown[];
  target: MappingTarget | "attributes" | "ignored";
}

/**
 * The proposed mapping: each block field takes the first candidate name the file has, matched without
 * case and also in the forms Shapefile writers leave when they cut a name to the DBF's 10 bytes
 * (`区块名称` → `区块名` or `区块名�` in UTF-8, `区块名称`/`所属分园名` in GBK).
 */
export function proposeMapping(fieldNames: string[]): FieldMapping {
  const mapping = {} as FieldMapping;
  const taken = new Set<string>();
  for (const target of MAPPING_TARGETS) {
    let found: string | undefined;
    for (const candidate of CANDIDATES[target]) {
      found = fieldNames.find((name) => !taken.has(name) && namesMatch(name, candidate));
      if (found) break;
    }
    mapping[target] = found ?? null;
    if (found) taken.add(found);
  }
  return mapping;
}

const DBF_NAME_BYTES = 10;

function namesMatch(fieldName: string, candidate: string): boolean {
  const name = fieldName
    .replace(/\uFFFD+$/, "")
    .trim()
    .toLowerCase();
  const wanted = candidate.toLowerCase();
  if (name === wanted) return true;
  return (
    name.length >= 2 && (cutToBytes(wanted, utf8Bytes) === name || cutToBytes(wanted, gbkBytes) === name)
  );
}

function utf8Bytes(char: string): number {
  return new TextEncoder().encode(char).byteLength;
}

/** GBK: one byte for ASCII, two for a Chinese character. */
function gbkBytes(char: string): number {
  return char.charCodeAt(0) < 0x80 ? 1 : 2;
}

/** The longest prefix of whole characters within the DBF's 10 bytes; the name itself when it fits. */
function cutToBytes(name: string, bytesOf: (char: string) => number): string {
  let cut = "";
  let bytes = 0;
  for (const char of name) {
    bytes += bytesOf(char);
    if (bytes > DBF_NAME_BYTES) return cut;
    cut += char;
  }
  return name === cut ? "\u0000" : cut;
}

/** Field names in first-seen order, with up to three distinct sample values and where each goes. */
export function summariseFields(
  propertiesList: Record<string, unknown>[],
  mapping: FieldMapping,
): FieldSummary[] {
  const samples = new Map<string, unknown[]>();
  for (const properties of propertiesList) {
    for (const [key, value] of Object.entries(properties)) {
      const list = samples.get(key) ?? [];
      if (value !== null && value !== "" && list.length < 3 && !list.includes(value)) list.push(value);
      samples.set(key, list);
    }
  }
  const targetOf = (source: string): FieldSummary["target"] => {
    const target = MAPPING_TARGETS.find((candidate) => mapping[candidate] === source);
    if (target) return target;
    return ignored(source) ? "ignored" : "attributes";
  };
  return [...samples].map(([source, values]) => ({ source, samples: values, target: targetOf(source) }));
}

function ignored(field: string): boolean {
  return DERIVED_FIELDS.has(field) || SYSTEM_FIELDS.has(field.toLowerCase());
}

export function mapFeature(
  properties: Record<string, unknown>,
  mapping: FieldMapping,
  parks: ParkRef[],
): MappedFeature {
  const fields: MappedFields = {};
  const problems: ImportNote[] = [];
  const text = (target: MappingTarget) => {
    const source = mapping[target];
    const value = source === null ? undefined : properties[source];
    return value === undefined || value === null ? "" : String(value).trim();
  };
  if (text("name")) fields.name = text("name").slice(0, 200);
  if (text("code")) fields.code = text("code").slice(0, 64);
  const park = text("park");
  if (park) {
    const found = parks.find(
      (candidate) =>
        String(candidate.id) === park ||
        candidate.code.toLowerCase() === park.toLowerCase() ||
        candidate.name === park,
    );
    if (found) fields.parkId = found.id;
    else
      problems.push(
        importNote("mapping-park-unmatched", { value: park }, `park "${park}" matches no sub-park`),
      );
  }
  const level = text("level");
  if (level) {
    const value = isBlockLevel(level) ? level : LEVEL_WORDS[level];
    if (value) fields.level = value;
    else
      problems.push(
        importNote(
          "mapping-level-unknown",
          { value: level },
          `level "${level}" is not national/municipal (国家级/市级)`,
        ),
      );
  }
  const status = text("status");
  if (status) {
    const value = isBlockStatus(status) ? status : STATUS_WORDS[status];
    if (value) fields.status = value;
    else
      problems.push(
        importNote("mapping-status-unknown", { value: status }, `status "${status}" is not a block status`),
      );
  }
  const mapped = new Set(Object.values(mapping).filter((source): source is string => source !== null));
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (mapped.has(key) || ignored(key) || value === null || value === undefined || value === "") continue;
    attributes[key] = value;
  }
  return { fields, attributes, problems: noteTexts(problems), problemNotes: problems };
}

/** A user's mapping from a commit body: only known targets, each a field name or null. */
export function checkMapping(
  value: unknown,
  fieldNames: string[],
  proposed: FieldMapping,
): FieldMapping | string {
  if (value === undefined) return proposed;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "mapping must be an object";
  const mapping = { ...proposed };
  for (const [target, source] of Object.entries(value)) {
    if (!(MAPPING_TARGETS as readonly string[]).includes(target))
      return `mapping: unknown block field "${target}"`;
    if (source !== null && (typeof source !== "string" || !fieldNames.includes(source))) {
      return `mapping.${target}: "${String(source)}" is not a field of the file`;
    }
    mapping[target as MappingTarget] = source as string | null;
  }
  return mapping;
}
