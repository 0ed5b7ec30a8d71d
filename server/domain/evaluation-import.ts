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
  const linesByBlock = new Map<number, RawRow[]>();
  rows.forEach((row, position) => {
    const blockId = checked[position].blockId;
    if (blockId !== null) linesByBlock.set(blockId, [...(linesByBlock.get(blockId) ?? []), row]);
  });
  for (const [position, result] of checked.entries()) {
    const same = result.blockId === null ? [] : (linesByBlock.get(result.blockId) ?? []);
    if (same.length > 1) {
      const others = same.filter((row) => row !== rows[position]).map(describe);
      result.problems.push({
        field: "blockId",
        code: ROW_PROBLEMS.duplicateBlock,
        message: `Block ${result.blockId} appears more than once (also ${others.join(", ")}).`,
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
        message: `${label} is not a number: ${JSON.stringify(row.cells[definition.key])}.`,
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
  for (const key of Object.keys(row.cells)) {
    if (!allowed.has(key)) {
      problems.push({ field: key, code: ROW_PROBLEMS.unknownField, message: `Unknown field "${key}".` });
    }
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
        message: `No block has code ${rawCode}.`,
      });
      return null;
    }
    return byCode;
  }
  if (parsedId === "not-a-number" || !Number.isInteger(parsedId) || parsedId <= 0) {
    problems.push({
      field: "blockId",
      code: ROW_PROBLEMS.notANumber,
      message: `blockId must be a block's id number: ${JSON.stringify(rawId)}.`,
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
      message: `blockId ${parsedId} and blockCode ${rawCode} do not name the same block.`,
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
