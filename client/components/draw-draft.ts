import type { BlockLevel } from "../../server/domain/block.js";
import type { DrawnRing } from "../map/draw-rings.js";

/**
 * 草稿 — the unsaved drawing, kept in localStorage so it survives a reload (UX.md: nothing is lost).
 * Written on every change while a drawing is open, removed when it is saved or cancelled.
 */
export type EditTarget = { kind: "new" } | { kind: "edit"; blockId: number; version: number; name: string };

export interface DrawForm {
  name: string;
  parkId: number | null;
  level: BlockLevel;
}

export interface DrawDraft {
  target: EditTarget;
  form: DrawForm;
  rings: DrawnRing[];
}

const STORAGE_KEY = "bjhtz.drawDraft";
const DRAFT_FORMAT = 1;

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
