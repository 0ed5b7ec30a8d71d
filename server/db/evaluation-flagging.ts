import type { Knex } from "knex";
import { CATEGORIES } from "../domain/evaluation-year.js";
import { planFlagRun } from "../domain/rectification.js";
import { appendAudit } from "./audit-store.js";
import { blockStore } from "./block-store.js";
import { evaluationApprovalStore } from "./evaluation-approval-store.js";
import type { FlagOptions, FlagResult, FlagStores, RunSettings } from "./evaluation-flag-result.js";
import { carryOut, type Results, type Run } from "./evaluation-flag-steps.js";
import { evaluationStore } from "./evaluation-store.js";
import { rectifications } from "./rectification-store.js";
import { settingsStore } from "./settings-store.js";

export type {
  FlaggedBlock,
  FlagOptions,
  FlagResult,
  FlagStores,
  NotJudgedBlock,
  PassedBlock,
} from "./evaluation-flag-result.js";

/**
 * 责令整改 — one year's flag run over the bottom 5% (《管理办法》第三部分 · 动态调整), over the ranking frozen at 报审 of an
 * approved (审定) year — never a recomputation — and the plan of server/domain/rectification.ts. Each step is one transaction: the block's lifecycle
 * action (order-rectification, pass-rectification, fail-rectification) with its history row, the rectification
 * record or outcome, and the year's flag row. A passed rectification returns the block to 已认定 at once; a failed
 * one gets its 淘汰方式 decision (the exit itself is the reduction workflow's), which no later run releases.
 */

export async function flagBottom(stores: FlagStores, options: FlagOptions): Promise<FlagResult> {
  const { year } = options;
  const [settings, status, snapshot] = await Promise.all([
    stores.settings.get(),
    stores.approvals.status(year),
    stores.approvals.snapshot(year),
  ]);
  // 评价结果报市人民政府审定后 (第三部分 · 管理考核): only an approved year is acted on, with the ranking as frozen at 报审.
  if (status.state !== "approved" || !snapshot) return { outcome: "not-approved", state: status.state };
  const used: RunSettings = snapshot.settings;
  const stored = { config: snapshot.config };
  const { evaluation } = snapshot;
  const entries = CATEGORIES.flatMap((category) =>
    evaluation.categories[category].map((entry) => ({ entry, category })),
  );
  const records = await rectifications(stores.knex, { blockIds: entries.map(({ entry }) => entry.blockId) });
  const steps = planFlagRun(
    year,
    entries.map(({ entry }) => entry),
    records,
  );
  const byId = new Map(entries.map((item) => [item.entry.blockId, item]));
  const run: Run = {
    stores,
    settings,
    used,
    year,
    method: stored.config.method,
    actor: options.actor,
    audit: options.audit,
    changedBlockIds: [],
  };
  const result: Results = { flagged: [], rectificationPassed: [], notJudged: [] };
  for (const [index, step] of steps.entries()) {
    const item = byId.get(step.blockId);
    if (item) await carryOut(run, step, item.entry, item.category, result);
    await options.onStep?.(index + 1, steps.length);
  }
  const summary = {
    flagged: result.flagged.length,
    rectificationPassed: result.rectificationPassed.length,
    notJudged: result.notJudged.length,
  };
  await stores.knex.transaction(async (trx) => {
    const record = { year, method: stored.config.method, settings: used, summary, runBy: options.actor };
    await stores.evaluations.recordRun(record, trx);
    if (options.audit) {
      await appendAudit(trx, {
        actor: options.audit,
        action: "evaluation.flag-bottom",
        entity: "evaluation-year",
        entityId: year,
        after: { ...record, changedBlockIds: run.changedBlockIds },
      });
    }
  });
  return { outcome: "done", year, method: stored.config.method, settings: used, ...result };
}

/**
 * The whole run as one transaction (the flag-run job, issue #14): every step's transaction becomes a savepoint
 * of it, every read sees its writes; `inTransaction` runs right before the commit (the job marks itself
 * succeeded there), and whatever it or a step throws rolls the whole run back.
 */
export async function flagBottomAtOnce(
  knex: Knex,
  options: FlagOptions,
  inTransaction: (trx: Knex.Transaction, result: FlagResult) => Promise<void>,
): Promise<FlagResult> {
  return knex.transaction(async (trx) => {
    const result = await flagBottom(flagStoresOn(trx), options);
    await inTransaction(trx, result);
    return result;
  });
}

/** The stores a flag run works through, all over one connection or transaction. */
function flagStoresOn(db: Knex): FlagStores {
  return {
    knex: db,
    blocks: blockStore(db),
    settings: settingsStore(db),
    evaluations: evaluationStore(db),
    approvals: evaluationApprovalStore(db),
  };
}
