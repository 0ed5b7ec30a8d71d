/**
 * 指标数据导入校验 — checks every row of an indicator import (JSON rows, or a CSV/Excel table already read into
 * rows) and reports each problem with its row, field and a reason code. Nothing here decides whether to store:
 * the caller stores all rows only when none has a problem, or the valid ones when asked to.
 *
 * A row names its block by `blockId` (or, when that is empty, by `blockCode`) and carries every input field of
 * evaluation-indicators.ts. Informational columns of the template (name, park, area …) are ignored: the area
 * used for 地均产出 is always the block's stored ellipsoidal area, never a typed one.
 */
import { INPUT_FIELDS, type IndicatorInputs, type InputKey } from "./evaluation-indicators.js";

export const ROW_PROBLEMS = {
  unknownBlock: "unknown-block",
  missingValue: "missing-value",
  negativeValue: "negative-value",
  notANumber: "not-a-number",
  notAnInteger: "not-an-integer",
  duplicateBlock: "duplicate-block",
  unknownField: "unknown-field",
} as const;
export type RowProblemCode = (typeof ROW_PROBLEMS)[keyof typeof ROW_PROBLEMS];

/** Template columns that are for reading only; an import ignores them. */
export const INFO_COLUMNS = ["blockCode", "blockName", "park", "category", "status", "areaKm2"] as const;

export interface RawRow {
  /** 0-based position among the data rows. */
  index: number;
  /** Row number in the file as a spreadsheet shows it (CSV line / Excel row); absent for JSON. */
  line?: number;
  cells: Record<string, unknown>;
}

export interface RowProblem {
  field: string;
  code: RowProblemCode;
  message: string;
}

export interface RowReport {
  index: number;
  line?: number;
  blockId: number | null;
  ok: boolean;
  problems: RowProblem[];
}

export interface ValidRow {
  blockId: number;
  inputs: IndicatorInputs;
}

export interface KnownBlocks {
  ids: ReadonlySet<number>;
  idByCode: ReadonlyMap<string, number>;
}

export function checkIndicatorRows(
  rows: readonly RawRow[],
  known: KnownBlocks,
): { reports: RowReport[]; valid: ValidRow[] } {
  const checked = rows.map((row) => checkRow(row, known));
  // Repeated blocks in one pass (issue #15: listing every other occurrence on each row was O(n²) — 3,000
  // rows of one block made a 141 MB report): each repeated row says how often and where the block first is.
  const occurrences = new Map<number, { count: number; first: RawRow }>();
  checked.forEach((result, position) => {
    if (result.blockId === null) return;
    const seen = occurrences.get(result.blockId);
    if (seen) seen.count += 1;
    else occurrences.set(result.blockId, { count: 1, first: rows[position] });
  });
  for (const result of checked) {
    const seen = result.blockId === null ? undefined : occurrences.get(result.blockId);
    if (seen && seen.count > 1) {
      result.problems.push({
        field: "blockId",
        code: ROW_PROBLEMS.duplicateBlock,
        message: `Block ${result.blockId} appears ${seen.count} times (first at ${describe(seen.first)}).`,
      });
    }
  }
  const reports: RowReport[] = checked.map((result) => ({
    index: result.index,
    ...(result.line === undefined ? {} : { line: result.line }),
    blockId: result.blockId,
    ok: result.problems.length === 0,
    problems: result.problems,
  }));
  const valid = checked
    .filter((result) => result.problems.length === 0 && result.blockId !== null)
    .map((result) => ({ blockId: result.blockId as number, inputs: result.inputs as IndicatorInputs }));
  return { reports, valid };
}

function checkRow(row: RawRow, known: KnownBlocks) {
  const problems: RowProblem[] = [];
  const blockId = identifyBlock(row.cells, known, problems);
  const inputs: Partial<Record<InputKey, number>> = {};
  for (const definition of INPUT_FIELDS) {
    const parsed = parseNumber(row.cells[definition.key]);
    const label = `${definition.key} (${definition.zh})`;
    if (parsed === "missing") {
      problems.push({
        field: definition.key,
        code: ROW_PROBLEMS.missingValue,
        message: `${label} is empty.`,
      });
    } else if (parsed === "not-a-number") {
      problems.push({
        field: definition.key,
        code: ROW_PROBLEMS.notANumber,
        message: `${label} is not a number: ${clip(JSON.stringify(row.cells[definition.key]) ?? "")}.`,
      });
    } else if (parsed < 0 && !definition.allowNegative) {
      problems.push({
        field: definition.key,
        code: ROW_PROBLEMS.negativeValue,
        message: `${label} cannot be negative: ${parsed}.`,
      });
    } else if (definition.integer && !Number.isInteger(parsed)) {
      problems.push({
        field: definition.key,
        code: ROW_PROBLEMS.notAnInteger,
        message: `${label} counts ${definition.unit}: a whole number, not ${parsed}.`,
      });
    } else {
      inputs[definition.key] = parsed;
    }
  }
  const allowed = new Set<string>([
    "blockId",
    ...INFO_COLUMNS,
    ...INPUT_FIELDS.map((definition) => definition.key),
  ]);
  const unknown = Object.keys(row.cells).filter((key) => !allowed.has(key));
  for (const key of unknown.slice(0, MAX_FIELDS_NAMED)) {
    problems.push({
      field: clip(key),
      code: ROW_PROBLEMS.unknownField,
      message: `Unknown field "${clip(key)}".`,
    });
  }
  if (unknown.length > MAX_FIELDS_NAMED) {
    problems.push({
      field: "*",
      code: ROW_PROBLEMS.unknownField,
      message: `${unknown.length - MAX_FIELDS_NAMED} more unknown fields.`,
    });
  }
  return { index: row.index, line: row.line, blockId, problems, inputs };
}

function identifyBlock(
  cells: Record<string, unknown>,
  known: KnownBlocks,
  problems: RowProblem[],
): number | null {
  const rawId = cells.blockId;
  const rawCode = typeof cells.blockCode === "string" ? cells.blockCode.trim() : "";
  const parsedId = parseNumber(rawId);
  if (parsedId === "missing") {
    if (rawCode === "") {
      problems.push({
        field: "blockId",
        code: ROW_PROBLEMS.missingValue,
        message: "The row names no block.",
      });
      return null;
    }
    const byCode = known.idByCode.get(rawCode);
    if (byCode === undefined) {
      problems.push({
        field: "blockCode",
        code: ROW_PROBLEMS.unknownBlock,
        message: `No block has code ${clip(rawCode)}.`,
      });
      return null;
    }
    return byCode;
  }
  if (parsedId === "not-a-number" || !Number.isInteger(parsedId) || parsedId <= 0) {
    problems.push({
      field: "blockId",
      code: ROW_PROBLEMS.notANumber,
      message: `blockId must be a block's id number: ${clip(JSON.stringify(rawId) ?? "")}.`,
    });
    return null;
  }
  if (!known.ids.has(parsedId)) {
    problems.push({
      field: "blockId",
      code: ROW_PROBLEMS.unknownBlock,
      message: `Block ${parsedId} does not exist.`,
    });
    return null;
  }
  const byCode = rawCode === "" ? undefined : known.idByCode.get(rawCode);
  if (rawCode !== "" && byCode !== parsedId) {
    problems.push({
      field: "blockCode",
      code: ROW_PROBLEMS.unknownBlock,
      message: `blockId ${parsedId} and blockCode ${clip(rawCode)} do not name the same block.`,
    });
    return null;
  }
  return parsedId;
}

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number: numbers pass, strings must be plain decimal numbers ("1,234" and "12万" are not). */
export function parseNumber(value: unknown): number | "missing" | "not-a-number" {
  if (value === null || value === undefined) return "missing";
  if (typeof value === "number") return Number.isFinite(value) ? value : "not-a-number";
  if (typeof value !== "string") return "not-a-number";
  const text = value.trim();
  if (text === "") return "missing";
  return NUMBER_PATTERN.test(text) ? Number(text) : "not-a-number";
}

function describe(row: RawRow): string {
  return row.line === undefined ? `row index ${row.index}` : `line ${row.line}`;
}

/** Unknown fields a row names one by one; the rest are counted in one problem. */
const MAX_FIELDS_NAMED = 5;
/** Longest piece of a cell quoted back in a message (a 1 MB cell is not echoed). */
const MAX_QUOTED_CHARS = 80;

function clip(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

/**
 * Rows an import report lists (issue #15: the report stays bounded however many rows the file has).
 * Decision: up to 200 rows in file order — every row when there are no more; else the first 200 with a
 * problem (the ones to fix), or the first 200 when none has one. `rowCount`, `omittedRows` and
 * `problemCounts` (rows per problem code) say what the list leaves out.
 */
export const MAX_LISTED_ROWS = 200;

export interface ReportListing {
  rows: RowReport[];
  rowCount: number;
  omittedRows: number;
  problemCounts: Partial<Record<RowProblemCode, number>>;
}

export function listReports(reports: readonly RowReport[]): ReportListing {
  const problemCounts: Partial<Record<RowProblemCode, number>> = {};
  for (const report of reports) {
    for (const code of new Set(report.problems.map((problem) => problem.code))) {
      problemCounts[code] = (problemCounts[code] ?? 0) + 1;
    }
  }
  const withProblems = reports.filter((report) => !report.ok);
  const source = reports.length <= MAX_LISTED_ROWS || withProblems.length === 0 ? reports : withProblems;
  const rows = source.slice(0, MAX_LISTED_ROWS);
  return { rows, rowCount: reports.length, omittedRows: reports.length - rows.length, problemCounts };
}
