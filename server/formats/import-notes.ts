/**
 * The import report's notes (CRS choices, repairs, field-mapping problems, what a reader passed over) as
 * stable codes with their figures and names (issue #18 item 10): the UI says each in its own language
 * (client/i18n/import-notes.*.ts); `text` is the English sentence for API users and logs. A code the
 * client does not know falls back to `text`.
 */
export const IMPORT_NOTE_CODES = [
  "crs-user",
  "crs-no-coordinates",
  "crs-wgs84-stored-as-cgcs2000",
  "crs-projected-taken-as-cgcs2000",
  "crs-declared",
  "crs-detected",
  "crs-axes-swapped",
  "crs-lonlat-gcj02-hint",
  "crs-gcj02-converted",
  "repair-repeated-points",
  "repair-closed-rings",
  "repair-made-valid",
  "mapping-park-unmatched",
  "mapping-level-unknown",
  "mapping-status-unknown",
  "stated-area-differs",
  "shapefile-no-dbf",
  "dxf-found",
  "dxf-hatch-edge-skipped",
  "geopackage-layers",
  "geopackage-skipped-tables",
  "encoding-user",
  "encoding-cpg",
  "encoding-language-byte",
  "encoding-values-utf8",
  "encoding-gb18030-fallback",
] as const;
export type ImportNoteCode = (typeof IMPORT_NOTE_CODES)[number];

export type ImportNoteParams = Record<string, string | number>;

export interface ImportNote {
  code: ImportNoteCode;
  params: ImportNoteParams;
  /** The English sentence. */
  text: string;
}

export function importNote(code: ImportNoteCode, params: ImportNoteParams, text: string): ImportNote {
  return { code, params, text };
}

export function noteTexts(notes: ImportNote[]): string[] {
  return notes.map((note) => note.text);
}
