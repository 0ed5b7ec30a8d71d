import type { Knex } from "knex";
import { ENDED_STATUSES } from "../domain/block.js";
import type { BlockAction } from "../domain/block-lifecycle.js";
import type { Category, RankingEntry } from "../domain/evaluation-year.js";
import type { FlagStep } from "../domain/rectification.js";
import type { PolicySettings } from "../domain/settings.js";
import { type AuditActor, appendAudit } from "./audit-store.js";
import { type ExitAttachment, exitAttachmentFor } from "./evaluation-exit.js";
import type {
  FlaggedBlock,
  FlagStores,
  NotJudgedBlock,
  PassedBlock,
  RunSettings,
} from "./evaluation-flag-result.js";
import type { StoredFlag } from "./evaluation-store.js";
import { recordOrder, recordOutcome, rectifications } from "./rectification-store.js";

/**
 * The steps of a flag run (db/evaluation-flagging.ts): each block's step of the plan of
 * server/domain/rectification.ts, its lifecycle action, records and audit row in one transaction.
 */
export interface Run {
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

export type Results = {
  flagged: FlaggedBlock[];
  rectificationPassed: PassedBlock[];
  notJudged: NotJudgedBlock[];
};

/** Carries out one step of the plan (server/domain/rectification.ts), each write in one transaction. */
export async function carryOut(
  run: Run,
  step: FlagStep,
  entry: RankingEntry,
  category: Category,
  out: Results,
) {
  const block = await run.stores.blocks.get(entry.blockId);
  if (!block) return;
  const status = block.properties.status;
  const base = { blockId: entry.blockId, name: entry.name, category, rank: entry.rank };
  const flagged = (outcome: FlaggedBlock["outcome"], extra: Partial<FlaggedBlock> = {}) =>
    out.flagged.push({ ...base, score: entry.score, outcome, status, earlierFlagYears: [], ...extra });
  const context: StepContext = { entry, category, block, status, base, out, flagged };
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
    case "order":
      return order(run, context);
    case "pass":
      return pass(run, step, context);
    case "fail":
      return fail(run, step, context);
  }
}

/** What every step works on: the block as read at the start of its step and the run's results. */
interface StepContext {
  entry: RankingEntry;
  category: Category;
  block: NonNullable<Awaited<ReturnType<FlagStores["blocks"]["get"]>>>;
  status: FlaggedBlock["status"];
  base: Pick<PassedBlock, "blockId" | "name" | "category" | "rank">;
  out: Results;
  flagged: (outcome: FlaggedBlock["outcome"], extra?: Partial<FlaggedBlock>) => void;
}

/** 责令整改: a block in the bottom 5% is ordered to rectify (kept 整改中 when it already is). */
async function order(run: Run, context: StepContext) {
  const { entry, category, block, status, flagged } = context;
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

/** 整改后达标: the rectification closes as passed and the block is 已认定 again. */
async function pass(run: Run, step: Extract<FlagStep, { kind: "pass" }>, context: StepContext) {
  const { entry, category, block, status, base, out } = context;
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

/** 整改后仍不达标: the rectification fails and the block gets its 淘汰方式 decision. */
async function fail(run: Run, step: Extract<FlagStep, { kind: "fail" }>, context: StepContext) {
  const { entry, category, block, status, flagged } = context;
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
