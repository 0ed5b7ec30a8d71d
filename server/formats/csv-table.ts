import Papa from "papaparse";

/**
 * The one CSV reader (issue 10: papaparse instead of two hand parsers that behaved differently), used by
 * the geometry CSV import (csv.ts) and the indicator tables (evaluation-table.ts): RFC 4180 quoting, LF or
 * CRLF, the delimiter , tab or ; chosen from the header line (or given). Bytes are UTF-8 when valid (BOM
 * dropped), else GB18030, the superset of GBK that Excel on Chinese Windows writes. Problems are reasons,
 * never HTTP errors: the route maps them.
 */
export const CSV_REASONS = { unclosedQuote: "csv-unclosed-quote" } as const;

export type CsvRows =
  | { ok: true; rows: string[][]; delimiter: string }
  | {
      ok: false;
      reason: (typeof CSV_REASONS)[keyof typeof CSV_REASONS];
      message: string;
      details: { row: number };
    };

const DELIMITERS = [",", "\t", ";"];

export function parseCsvRows(text: string, options: { delimiter?: string } = {}): CsvRows {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const delimiter = options.delimiter ?? guessDelimiter(body);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  const quoteError = parsed.errors.find((error) => error.code === "MissingQuotes");
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    return {
      ok: false,
      reason: CSV_REASONS.unclosedQuote,
      message: `The CSV has a quoted cell that never closes (from row ${row}): is it complete?`,
      details: { row },
    };
  }
  const rows = parsed.data;
  // A final line end leaves one empty row behind.
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === "") rows.pop();
  return { ok: true, rows, delimiter };
}

function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return DELIMITERS.reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
}

/** CSV bytes as text: UTF-8 (BOM stripped) when valid, else GB18030. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/**
 * One CSV cell, quoted when it needs to be. Text starting with = + - @ tab or CR is a formula to Excel and
 * LibreOffice: it is prefixed with ' and quoted, as OWASP's "CSV injection" sheet recommends (issue 15);
 * numbers are written as they are (a negative number is not text a user typed).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutralisedFormula(value) : String(value);
  return /[",\r\n]/.test(text) || text !== String(value) ? `"${text.replaceAll('"', '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** `'=HYPERLINK(…)` for `=HYPERLINK(…)`: a spreadsheet shows it as text. */
export function neutralisedFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
