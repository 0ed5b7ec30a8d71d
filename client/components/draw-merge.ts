import type { MultiPolygon, Polygon } from "geojson";
import type { BlockFeature } from "../api/blocks.js";
import { attributeEntries, attributesOf } from "./block-attributes.js";
import type { DrawForm } from "./draw-draft.js";

/**
 * The three-way merge after a version conflict (issue #18 item 2): for every field — name, code, park, level,
 * each attribute, the boundary — the base (the version the edit began at), mine and theirs (the server's now).
 * A field only one side changed takes that side's value; a field both changed differently is a choice the
 * user makes (mine until then). So saving never silently restores what the other user changed.
 */
export type MergeField =
  | { kind: "name" | "code" | "parkId" | "level" }
  | { kind: "attribute"; key: string }
  | { kind: "geometry" };

export type Side = "mine" | "theirs";

export interface MergeRow {
  id: string;
  field: MergeField;
  base: string;
  mine: string;
  theirs: string;
  /** Who changed it since the base. */
  changedBy: "none" | "mine" | "theirs" | "both-same" | "both";
  /** The side taken when the user has not chosen. */
  suggested: Side;
}

export interface MergeInput {
  base: { form: DrawForm; geometry: MultiPolygon };
  mine: { form: DrawForm; geometry: Polygon | MultiPolygon };
  theirs: BlockFeature;
}

const FORM_FIELDS = ["name", "code", "parkId", "level"] as const;

/** A geometry as comparable text: a multipolygon's rings, coordinates to 1e-9° (≈ 0.1 mm). */
export function geometryKey(geometry: Polygon | MultiPolygon): string {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return JSON.stringify(
    polygons.map((rings) => rings.map((ring) => ring.map(([x, y]) => [x.toFixed(9), y.toFixed(9)]))),
  );
}

function theirsForm(theirs: BlockFeature): DrawForm {
  const { name, code, parkId, level, attributes } = theirs.properties;
  return { name, code: code ?? "", parkId, level, attributes: attributeEntries(attributes) };
}

function row(id: string, field: MergeField, base: string, mine: string, theirs: string): MergeRow {
  const mineChanged = mine !== base;
  const theirsChanged = theirs !== base;
  const changedBy =
    mineChanged && theirsChanged
      ? mine === theirs
        ? "both-same"
        : "both"
      : mineChanged
        ? "mine"
        : theirsChanged
          ? "theirs"
          : "none";
  return { id, field, base, mine, theirs, changedBy, suggested: changedBy === "theirs" ? "theirs" : "mine" };
}

/** The rows of the merge: the form's fields, every attribute key any side has, and the boundary. */
export function mergeRows({ base, mine, theirs }: MergeInput): MergeRow[] {
  const other = theirsForm(theirs);
  const rows = FORM_FIELDS.map((kind) =>
    row(
      kind,
      { kind },
      String(base.form[kind] ?? ""),
      String(mine.form[kind] ?? ""),
      String(other[kind] ?? ""),
    ),
  );
  const [baseAttributes, mineAttributes, theirsAttributes] = [base.form, mine.form, other].map((form) =>
    attributesOf(form.attributes),
  );
  const keys = [
    ...new Set([
      ...Object.keys(baseAttributes),
      ...Object.keys(mineAttributes),
      ...Object.keys(theirsAttributes),
    ]),
  ];
  for (const key of keys) {
    const text = (attributes: Record<string, string | number>) =>
      attributes[key] === undefined ? "" : String(attributes[key]);
    rows.push(
      row(
        `attribute:${key}`,
        { kind: "attribute", key },
        text(baseAttributes),
        text(mineAttributes),
        text(theirsAttributes),
      ),
    );
  }
  rows.push(
    row(
      "geometry",
      { kind: "geometry" },
      geometryKey(base.geometry),
      geometryKey(mine.geometry),
      geometryKey(theirs.geometry),
    ),
  );
  return rows;
}

/** The side each row takes: the user's choice where made, else the suggestion. */
export function sideOf(row: MergeRow, choices: Readonly<Record<string, Side>>): Side {
  return choices[row.id] ?? row.suggested;
}

/** The merged form and geometry to save. */
export function mergedValues(
  input: MergeInput,
  rows: readonly MergeRow[],
  choices: Readonly<Record<string, Side>>,
): { form: DrawForm; geometry: Polygon | MultiPolygon } {
  const other = theirsForm(input.theirs);
  const pick = (side: Side) => (side === "mine" ? input.mine.form : other);
  const form: DrawForm = { ...input.mine.form, attributes: [] };
  let geometry: Polygon | MultiPolygon = input.mine.geometry;
  for (const current of rows) {
    const side = sideOf(current, choices);
    const { field } = current;
    if (field.kind === "geometry") geometry = side === "mine" ? input.mine.geometry : input.theirs.geometry;
    else if (field.kind === "attribute") {
      const value = side === "mine" ? current.mine : current.theirs;
      if (value) form.attributes.push({ key: field.key, value });
    } else if (field.kind === "parkId") form.parkId = pick(side).parkId;
    else if (field.kind === "level") form.level = pick(side).level;
    else form[field.kind] = pick(side)[field.kind];
  }
  return { form, geometry };
}
