import type { Knex } from "knex";
import { type BlockStatus, ENDED_STATUSES } from "../domain/block.js";
import type { BlockAction } from "../domain/block-lifecycle.js";
import { CATEGORIES, type Category, evaluateYear, type RankingEntry } from "../domain/evaluation-year.js";
import { type FlagStep, planFlagRun } from "../domain/rectification.js";
import type { PolicySettings } from "../domain/settings.js";
import { type AuditActor, appendAudit } from "./audit-store.js";
import type { BlockStore } from "./block-store.js";
import { type ExitAttachment, exitAttachmentFor } from "./evaluation-exit.js";
import type { EvaluationStore, StoredFlag } from "./evaluation-store.js";
import { evaluationBlocks } from "./evaluation-year-input.js";
import { recordOrder, recordOutcome, rectifications } from "./rectification-store.js";
import type { settingsStore } from "./settings-store.js";

/**
 * 责令整改 — one year's flag run over the bottom 5% (《管理办法》第三部分 · 动态调整), with the year's stored weights and
 * method and the plan of server/domain/rectification.ts. Each step is one transaction: the block's lifecycle
 * action (order-rectification, pass-rectification, fail-rectification) with its history row, the rectification
 * record or outcome, and the year's flag row. A passed rectification returns the block to 已认定 at once; a failed
 * one gets its 淘汰方式 decision (the exit itself is the reduction workflow's), which no later run releases.
 */
export interface FlagStores {
  knex: Knex;
  blocks: BlockStore;
  settings: ReturnType<typeof settingsStore>;
  evaluations: EvaluationStore;
}

export interface FlagOptions {
  year: number;
  actor: string;
  /** A per-run "leave-out" over the missingDataPolicy setting "refuse". */
  ignoreIncomplete: boolean;
  /**
   * Who runs it, for the audit trail (a run through the API): each block's step writes its audit row in the
   * step's transaction, and the run its own with the record of the run. Absent for the demo loader.
   */
  audit?: AuditActor;
}

type RunSettings = Pick<PolicySettings, "missingDataPolicy" | "bottomShareBase" | "bottomShareRounding">;

export interface FlaggedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  score: number;
  outcome: "rectify" | "exit-decision" | "exit-pending" | "already-flagged" | "ended" | "conflict";
  /** For "already-flagged": what the earlier run of this year recorded. */
  recordedOutcome?: "ordered" | "passed" | "failed";
  status: BlockStatus;
  /** The years of the rectification judged (or pending) here. */
  earlierFlagYears: number[];
  exit?: ExitAttachment | unknown;
}

export interface PassedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  earlierFlagYears: number[];
  /** Always true: a passed rectification closes and the block is 已认定 again (false only on a conflict). */
  released: boolean;
  status: BlockStatus;
}

export interface NotJudgedBlock {
  blockId: number;
  name: string;
  orderedYear: number;
  reason: "not-ranked";
}

export type FlagResult =
  | { outcome: "incomplete"; incomplete: { blockId: number; name: string; missing: string[] }[] }
  | {
      outcome: "done";
      year: number;
      method: string;
      /** The settings this run used (named with every flag run). */
      settings: RunSettings;
      flagged: FlaggedBlock[];
      rectificationPassed: PassedBlock[];
      notJudged: NotJudgedBlock[];
    };

export async function flagBottom(stores: FlagStores, options: FlagOptions): Promise<FlagResult> {
  const { year } = options;
  const [settings, stored, blocks] = await Promise.all([
    stores.settings.get(),
    stores.evaluations.config(year),
    evaluationBlocks(stores.evaluations, year),
  ]);
  if (!stored) throw new Error("No evaluation config is stored (the evaluations migration seeds one).");
  const missingDataPolicy =
    options.ignoreIncomplete && settings.missingDataPolicy === "refuse"
      ? "leave-out"
      : settings.missingDataPolicy;
  const used: RunSettings = {
    missingDataPolicy,
    bottomShareBase: settings.bottomShareBase,
    bottomShareRounding: settings.bottomShareRounding,
  };
  const evaluation = evaluateYear(year, blocks, stored.config, used);
  const entries = CATEGORIES.flatMap((category) =>
    evaluation.categories[category].map((entry) => ({ entry, category })),
  );
  const incomplete = entries.filter(({ entry }) => !entry.complete);
  if (incomplete.length > 0 && missingDataPolicy === "refuse") {
    return {
      outcome: "incomplete",
      incomplete: incomplete.map(({ entry }) => ({
        blockId: entry.blockId,
        name: entry.name,
        missing: entry.missing,
      })),
    };
  }
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
  const result = {
    flagged: [] as FlaggedBlock[],
    rectificationPassed: [] as PassedBlock[],
    notJudged: [] as NotJudgedBlock[],
  };
  for (const step of steps) {
    const item = byId.get(step.blockId);
    if (item) await carryOut(run, step, item.entry, item.category, result);
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

interface Run {
  stores: FlagStores;
  settings: PolicySettings;
  used: RunSettings;
  year: number;
  method: string;
  actor: string;
  audit: AuditActor | undefined;
  /** The blocks whose steps wrote (for the run's audit row). */
  changedBlockIds: number[];
}

type Results = { flagged: FlaggedBlock[]; rectificationPassed: PassedBlock[]; notJudged: NotJudgedBlock[] };

/** Carries out one step of the plan (server/domain/rectification.ts), each write in one transaction. */
async function carryOut(run: Run, step: FlagStep, entry: RankingEntry, category: Category, out: Results) {
  const block = await run.stores.blocks.get(entry.blockId);
  if (!block) return;
  const status = block.properties.status;
  const base = { blockId: entry.blockId, name: entry.name, category, rank: entry.rank };
  const flagged = (outcome: FlaggedBlock["outcome"], extra: Partial<FlaggedBlock> = {}) =>
    out.flagged.push({ ...base, score: entry.score, outcome, status, earlierFlagYears: [], ...extra });
  switch (step.kind) {
    case "already":
      if (step.recorded === "passed") {
        out.rectificationPassed.push({ ...base, earlierFlagYears: [], released: true, status });
      } else flagged("already-flagged", { recordedOutcome: step.recorded });
      return;
    case "not-judged":
      out.notJudged.push({
        blockId: step.blockId,
        name: entry.name,
        orderedYear: step.orderedYear,
        reason: "not-ranked",
      });
      return;
    case "exit-pending": {
      const [record] = await rectifications(run.stores.knex, { blockIds: [step.blockId], outcome: "failed" });
      flagged("exit-pending", {
        earlierFlagYears: [step.orderedYear],
        exit: record?.exitDecision ?? undefined,
      });
      return;
    }
    case "order": {
      if (ENDED_STATUSES.includes(status)) return flagged("ended");
      const done = await inOneTransaction(
        run,
        entry.blockId,
        block.properties.version,
        status === "rectifying" ? null : "order-rectification",
        `${run.year} evaluation: bottom 5% of category ${category} (rank ${entry.rank}).`,
        async (trx) => {
          await recordOrder(
            trx,
            {
              blockId: entry.blockId,
              orderedYear: run.year,
              category,
              rank: entry.rank,
              score: entry.score,
              method: run.method,
              settings: run.used,
            },
            run.actor,
          );
          await flagRow(run, trx, entry, category, "rectify", null);
        },
      );
      return done ? flagged("rectify", { status: "rectifying" }) : flagged("conflict");
    }
    case "pass": {
      const done = await inOneTransaction(
        run,
        entry.blockId,
        block.properties.version,
        status === "rectifying" ? "pass-rectification" : null,
        `Rectification ordered in ${step.orderedYear} passed: not in the bottom 5% of ${run.year} (rank ${entry.rank}).`,
        async (trx) => {
          await recordOutcome(
            trx,
            {
              rectificationId: step.rectificationId,
              judgedYear: run.year,
              outcome: "passed",
              rank: entry.rank,
              score: entry.score,
              exitDecision: null,
            },
            run.actor,
          );
          await flagRow(run, trx, entry, category, "rectification-passed", null);
        },
      );
      const now = (await run.stores.blocks.get(entry.blockId))?.properties.status ?? status;
      out.rectificationPassed.push({
        ...base,
        earlierFlagYears: [step.orderedYear],
        released: done,
        status: now,
      });
      return;
    }
    case "fail": {
      const exit = await exitAttachmentFor(run.stores.knex, entry.blockId, run.settings);
      const done = await inOneTransaction(
        run,
        entry.blockId,
        block.properties.version,
        status === "rectifying" ? "fail-rectification" : null,
        `Rectification ordered in ${step.orderedYear} failed: in the bottom 5% of ${run.year} again (rank ${entry.rank}).`,
        async (trx) => {
          await recordOutcome(
            trx,
            {
              rectificationId: step.rectificationId,
              judgedYear: run.year,
              outcome: "failed",
              rank: entry.rank,
              score: entry.score,
              exitDecision: exit ?? null,
            },
            run.actor,
          );
          await flagRow(run, trx, entry, category, "exit-decision", exit ?? null);
        },
      );
      return done
        ? flagged("exit-decision", { earlierFlagYears: [step.orderedYear], exit })
        : flagged("conflict");
    }
  }
}

/** The lifecycle action (if any) and the records, in one transaction; false when the block changed meanwhile. */
async function inOneTransaction(
  run: Run,
  blockId: number,
  version: number,
  action: BlockAction | null,
  reason: string,
  records: (trx: Knex.Transaction) => Promise<void>,
): Promise<boolean> {
  return run.stores.knex.transaction(async (trx) => {
    if (action) {
      const result = await run.stores.blocks.act(
        blockId,
        version,
        action,
        { actor: run.actor, change: "evaluation", reason },
        trx,
      );
      if (result.outcome !== "updated") return false;
    }
    await records(trx);
    if (run.audit) {
      await appendAudit(trx, {
        actor: run.audit,
        action: "evaluation.flag-step",
        entity: "block",
        entityId: blockId,
        before: { version },
        after: { year: run.year, lifecycleAction: action, reason },
      });
    }
    run.changedBlockIds.push(blockId);
    return true;
  });
}

async function flagRow(
  run: Run,
  trx: Knex.Transaction,
  entry: RankingEntry,
  category: Category,
  outcome: StoredFlag["outcome"],
  exit: ExitAttachment | null,
) {
  await run.stores.evaluations.recordFlag(
    {
      year: run.year,
      blockId: entry.blockId,
      category,
      rank: entry.rank,
      score: entry.score,
      method: run.method,
      outcome,
      exitDecision: exit,
      flaggedBy: run.actor,
    },
    trx,
  );
}
