import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Knex } from "knex";
import { checkIndicatorRows, type ValidRow } from "../domain/evaluation-import.js";
import { rowsFromTable } from "../domain/evaluation-table.js";
import { checkTransitionDates } from "../domain/transition.js";
import { decodeCsvBytes, parseCsvRows } from "../formats/csv-table.js";
import { blockStore } from "./block-store.js";
import { evaluationApprovalStore } from "./evaluation-approval-store.js";
import { flagBottom } from "./evaluation-flagging.js";
import { evaluationStore, type ImportMeta } from "./evaluation-store.js";
import type { NewTransition } from "./evaluation-transition-store.js";
import { takeYearStep } from "./evaluation-year-steps.js";
import { settingsStore } from "./settings-store.js";

/** geodata/ (the demo data loader's folder; not imported from demo-data.ts, which calls this loader). */
const DEMO_GEODATA_DIR = path.resolve(import.meta.dirname, "../../geodata");
const DEMO_ACTOR = "demo-data-loader";
const INDICATOR_FILE = /^indicators-(\d{4})\.csv$/;

export interface DemoEvaluationLoadResult {
  loaded: boolean;
  /** Rows stored per year. */
  years: Record<number, number>;
  transitions: number;
  /** Years whose bottom 5% was flagged at load: every demo year, oldest first (2024 orders, 2025 judges). */
  flaggedYears: number[];
}

/**
 * Loads the illustrative indicators (geodata/indicators-YYYY.csv, rows by block code) and ecological
 * transitions (geodata/eco-transitions.json), only when no indicator value is stored yet and the demo blocks
 * exist. Every file goes through the same checks as an upload and any problem throws. Then it submits and approves
 * every year (报审, then 审定 with an illustrative reference) and runs its flag run, as the evaluation of those years would have (rectifications ordered and judged through
 * the block lifecycle, with history).
 *
 * Call it with the knex instance after the demo blocks are committed, never inside a transaction: block
 * updates open their own transactions (and PGlite has one connection).
 */
export async function loadDemoEvaluationsIfEmpty(
  knex: Knex,
  dir = DEMO_GEODATA_DIR,
): Promise<DemoEvaluationLoadResult> {
  const evaluations = evaluationStore(knex);
  const nothing = { loaded: false, years: {}, transitions: 0, flaggedYears: [] };
  if (await evaluations.hasValues()) return nothing;
  const keys = await evaluations.blockKeys();
  if (keys.ids.size === 0) return nothing;

  const files = (await readdir(dir)).filter((name) => INDICATOR_FILE.test(name)).sort();
  const batches: { year: number; valid: ValidRow[]; meta: ImportMeta }[] = [];
  for (const fileName of files) {
    const year = Number(INDICATOR_FILE.exec(fileName)?.[1]);
    const parsed = parseCsvRows(decodeCsvBytes(await readFile(path.join(dir, fileName))));
    if (!parsed.ok) throw new Error(`${fileName}: ${parsed.message}`);
    const table = rowsFromTable(parsed.rows);
    if (!table.ok) throw new Error(`geodata/${fileName}: ${table.message}`);
    const { reports, valid } = checkIndicatorRows(table.rows, keys);
    const bad = reports.filter((report) => !report.ok);
    if (bad.length > 0) {
      throw new Error(
        `geodata/${fileName}: ${bad.map((r) => `line ${r.line}: ${r.problems[0].message}`).join("; ")}`,
      );
    }
    const meta: ImportMeta = { source: "demo", fileName, rowCount: reports.length };
    batches.push({ year, valid, meta });
  }
  await knex.transaction(async (trx) => {
    for (const { year, valid, meta } of batches)
      await evaluations.saveValues(year, valid, meta, DEMO_ACTOR, trx);
  });

  const transitions = await readTransitions(dir);
  for (const { blockCode, ...transition } of transitions) {
    const blockId = keys.idByCode.get(blockCode);
    if (blockId === undefined) throw new Error(`geodata/eco-transitions.json: unknown block ${blockCode}`);
    const dates = checkTransitionDates(transition.recognizedOn, transition.endsOn);
    if (!dates.valid) throw new Error(`geodata/eco-transitions.json: ${blockCode}: ${dates.reason}`);
    await evaluations.transitions.save(blockId, transition, DEMO_ACTOR);
  }

  const years = batches.map((batch) => batch.year);
  // Every demo year is flagged as its evaluation would have been: 2024 orders rectifications, 2025 judges them
  // (one passes, one fails → its exit decision) and orders new ones (geodata/README.md).
  const flaggedYears = years;
  const approvals = evaluationApprovalStore(knex);
  const stores = { knex, blocks: blockStore(knex), settings: settingsStore(knex), evaluations, approvals };
  for (const year of flaggedYears) {
    // 报审 and 审定 first (the flag run needs an approved year); the reference is illustrative (示意).
    for (const step of [
      { action: "submit" as const },
      {
        action: "approve" as const,
        reference: `京政函〔${year + 1}〕示意号`,
        approvedOn: `${year + 1}-03-31`,
      },
    ]) {
      const done = await takeYearStep(stores, { year, actor: DEMO_ACTOR, ...step });
      if (done.outcome !== "done") throw new Error(`demo evaluation ${year}: ${step.action} ${done.outcome}`);
    }
    const result = await flagBottom(stores, { year, actor: DEMO_ACTOR });
    if (result.outcome !== "done") throw new Error(`demo evaluation ${year}: ${result.outcome}`);
  }
  return {
    loaded: batches.length > 0,
    years: Object.fromEntries(batches.map((batch) => [batch.year, batch.valid.length])),
    transitions: transitions.length,
    flaggedYears,
  };
}

async function readTransitions(dir: string): Promise<(NewTransition & { blockCode: string })[]> {
  const file = path.join(dir, "eco-transitions.json");
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "[]";
    throw error;
  });
  return JSON.parse(text);
}
