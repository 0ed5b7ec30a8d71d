import { CSV_REASONS } from "./csv-table.js";

/**
 * Why an uploaded file could not be read (as terra-draw's validators say why: `{ ok: false, reason }`): the
 * reason is the API's error code, the message names the file and what is wrong, the details say where.
 * Readers return these and never throw HTTP errors; the import route maps a reason to its status.
 */
export const READ_FAILURE_REASONS = [
  "empty-file",
  "unsupported-format",
  "bad-file",
  "bad-zip",
  "zip-unsafe-path",
  "zip-too-many-entries",
  "zip-too-large",
  "file-too-complex",
  "too-many-rings",
  "shapefile-not-zipped",
  "missing-shp",
  "bad-shapefile",
  "mixed-crs",
  "bad-encoding",
  "unknown-layer",
  "no-boundaries",
  "crs-mismatch",
  CSV_REASONS.unclosedQuote,
] as const;
export type ReadFailureReason = (typeof READ_FAILURE_REASONS)[number];

export interface ReadFailure {
  ok: false;
  reason: ReadFailureReason;
  message: string;
  details?: Record<string, unknown>;
}

/** A reader's outcome: what it read, or why it could not. */
export type ReadResult<T> = { ok: true; value: T } | ReadFailure;

export function readFailure(
  reason: ReadFailureReason,
  message: string,
  details?: Record<string, unknown>,
): ReadFailure {
  return { ok: false, reason, message, ...(details ? { details } : {}) };
}

export function readOk<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
