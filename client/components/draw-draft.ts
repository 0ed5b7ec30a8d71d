import type { MultiPolygon } from "geojson";
import type { BlockLevel } from "../../server/domain/block.js";
import type { DrawnRing } from "../map/draw-rings.js";
import type { AttributeEntry } from "./block-attributes.js";

/**
 * 草稿 — the unsaved drawing, kept in localStorage so it survives a reload (UX.md: nothing is lost).
 * Written on every change while a drawing is open, removed when it is saved or cancelled.
 */
export type EditTarget =
  | { kind: "new" }
  | {
      kind: "edit";
      blockId: number;
      version: number;
      name: string;
      /** The block as the edit began: the base of a three-way merge after a conflict. */
      base: { form: DrawForm; geometry: MultiPolygon };
    };

export interface DrawForm {
  name: string;
  code: string;
  parkId: number | null;
  level: BlockLevel;
  attributes: AttributeEntry[];
}

export interface DrawDraft {
  target: EditTarget;
  form: DrawForm;
  rings: DrawnRing[];
}

const STORAGE_KEY = "bjhtz.drawDraft";
/** 2: the form has code and attributes, an edit keeps its base (drafts of format 1 are dropped). */
const DRAFT_FORMAT = 2;

export function saveDraft(storage: Pick<Storage, "setItem"> | undefined, draft: DrawDraft): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify({ format: DRAFT_FORMAT, ...draft }));
}

export function clearDraft(storage: Pick<Storage, "removeItem"> | undefined): void {
  storage?.removeItem(STORAGE_KEY);
}

/** The stored draft, or null when there is none or it cannot be read (an old format is dropped). */
export function loadDraft(storage: Pick<Storage, "getItem"> | undefined): DrawDraft | null {
  const text = storage?.getItem(STORAGE_KEY);
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const draft = value as Partial<DrawDraft> & { format?: number };
  if (draft.format !== DRAFT_FORMAT || !draft.target || !draft.form || !Array.isArray(draft.rings))
    return null;
  return { target: draft.target, form: draft.form, rings: draft.rings };
}
