import type { ImportNote } from "../../server/formats/import-notes.js";
import type { Messages } from "../i18n/zh-CN.js";

/**
 * Why the server refused an imported feature, in the UI language: its reason code mapped to a UI string
 * (the import's own codes, then the geometry codes the drawing shares); the server's sentence for a code the
 * UI does not know.
 */
export function importFeatureMessage(
  messages: Messages,
  feature: { reason?: string; message?: string },
): string | undefined {
  if (!feature.reason) return feature.message;
  return (
    messages.review.importer.reasons[feature.reason] ??
    messages.draw.errors.reasons[feature.reason] ??
    feature.message
  );
}

type Note = Pick<ImportNote, "params" | "text"> & { code: string };

/** A note of the import report (CRS, repair, mapping, reader) in the UI language; the server's text for a code the UI does not know. */
export function importNoteText(messages: Messages, note: Note): string {
  const say = (
    messages.review.importer.notes as Record<string, ((params: Note["params"]) => string) | undefined>
  )[note.code];
  return say ? say(note.params ?? {}) : note.text;
}

/** The lines of a list the server gives as texts and notes: each note in the UI language, else the texts as they are. */
export function importNoteLines(
  messages: Messages,
  notes: Note[] | undefined,
  texts: string[] | undefined,
): string[] {
  return notes ? notes.map((note) => importNoteText(messages, note)) : (texts ?? []);
}
