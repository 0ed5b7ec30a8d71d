import type { Stores } from "../app-context.js";
import { type AuditActor, appendAudit } from "../db/audit-store.js";
import { exitStepCheck } from "../db/exit-step-facts.js";
import type { NewProposal } from "../db/proposal-store.js";
import { ENDED_STATUSES } from "../domain/block.js";
import { adjustabilityOf } from "../domain/dynamic-adjustment.js";
import { batchPlan } from "../domain/exit-batch.js";
import type { ExitSettings } from "../domain/exit-rule.js";
import type { ReductionFailure, ReductionStrategy } from "../domain/reduction-result.js";
import { m2ToKm2 } from "../domain/units.js";
import { COMMITTED, type JobKind } from "./job-runner.js";

/** The exit batch that saves its proposals: a write, so a server that stopped midway fails it (nothing written). */
export const EXIT_BATCH_JOB = "exit-batch";
/** The same batch with `save: false`: a pure read, so a server that stopped midway has it started over. */
export const EXIT_BATCH_PREVIEW_JOB = "exit-batch-preview";
export const EXIT_BATCH_KINDS: readonly string[] = [EXIT_BATCH_JOB, EXIT_BATCH_PREVIEW_JOB];

/** What `POST /api/exit-batch` stores as the job's params. */
export interface ExitBatchParams {
  blockIds: number[];
  strategy: ReductionStrategy;
  save: boolean;
  settings: ExitSettings;
  /** Who started it: the proposals' audit rows name them (and the starting request's id). */
  audit: AuditActor;
}

export interface BatchResult {
  blockId: number;
  code: string | null;
  name: string;
  action?: string;
  rule?: number;
  areaKm2?: number;
  shareOfPark?: number;
  targetAreaKm2?: number | null;
  floorApplied?: boolean;
  proposal?: {
    id: number | null;
    action: "reduce" | "eliminate";
    strategy: ReductionStrategy | null;
    areaKm2: number | null;
    errorRatio: number | null;
    parts: number | null;
    fallbackFrom?: { strategy: ReductionStrategy; failure: ReductionFailure };
  };
  flag?: "manual-review";
  error?: { code: string; message: string };
}

/** The job's result (GET /api/jobs/:id/result): one row per block, in the order asked. */
export interface ExitBatchSummary {
  strategy: ReductionStrategy;
  save: boolean;
  settings: ExitSettings;
  saved: number;
  results: BatchResult[];
}

/**
 * The exit batch (《管理办法》第三部分 · 淘汰方式) as a job: for each block the decision and its default proposal
 * (an inset, falling back to a cut; an elimination; none for a manual decision), progress after each block
 * (stage "deciding"). Saving is ALL OR NOTHING: every proposal, each with its audit row, and the job's success
 * are written in one transaction at the end (stage "saving", `commitWith`), so kill -9 or a cancel at any moment
 * leaves either no proposal of the batch or all of them — never half a batch to clean up. A batch is the blocks
 * whose rectification failed in a year (tens), so the one transaction stays short.
 */
export function exitBatchJob(stores: Stores): JobKind {
  return {
    resumable: false,
    run: async ({ job, progress, commitWith }) => {
      const params = job.params as unknown as ExitBatchParams;
      const total = params.blockIds.length;
      const results: BatchResult[] = [];
      const toSave: { index: number; proposal: NewProposal }[] = [];
      await progress(0, total, "deciding");
      for (const id of params.blockIds) {
        const decided = await decideOne(stores, id, params);
        if (decided.proposal && params.save)
          toSave.push({ index: results.length, proposal: decided.proposal });
        results.push(decided.result);
        await progress(results.length, total, "deciding");
      }
      const summary = (): ExitBatchSummary => ({
        strategy: params.strategy,
        save: params.save,
        settings: params.settings,
        saved: toSave.length,
        results,
      });
      if (toSave.length === 0) return { summary: summary() };
      await progress(total, total, "saving");
      await stores.audit.audited(
        params.audit,
        { action: "exit-batch.save", entity: "exit-batch", entityId: job.id },
        async (trx) => {
          for (const { index, proposal } of toSave) {
            const created = await stores.proposals.create(proposal, params.audit.actorName, trx);
            await appendAudit(trx, {
              actor: params.audit,
              action: "proposal.create",
              entity: "block",
              entityId: proposal.blockId,
              before: null,
              after: { ...created.properties, exitBatch: true, jobId: job.id },
            });
            const row = results[index];
            if (row.proposal) row.proposal.id = created.properties.id;
          }
          await commitWith(trx, { summary: summary() });
          // The proposals' rows are the record; the job row says it succeeded (in this same transaction).
          return { value: undefined, skip: true };
        },
      );
      return COMMITTED;
    },
  };
}

/** One block's decision and default proposal (not yet saved). */
async function decideOne(
  stores: Stores,
  id: number,
  params: ExitBatchParams,
): Promise<{ result: BatchResult; proposal?: NewProposal }> {
  const exit = await stores.exits.decision(id, params.settings);
  if (!exit)
    return {
      result: { blockId: id, code: null, name: "", error: { code: "not-found", message: "No such block." } },
    };
  const head = { blockId: id, code: exit.block.code, name: exit.block.name };
  if (ENDED_STATUSES.includes(exit.block.status)) {
    return {
      result: {
        ...head,
        error: { code: "block-ended", message: `The block has ended (${exit.block.status}).` },
      },
    };
  }
  const adjustability = adjustabilityOf(exit.block.level);
  if (!adjustability.adjustable) {
    return { result: { ...head, error: { code: "not-applicable", message: adjustability.explanation.en } } };
  }
  const step = await exitStepCheck(stores, id, exit.block.status);
  if (!step.allowed) return { result: { ...head, error: { code: step.code, message: step.message.en } } };
  const { decision } = exit;
  const summary = {
    ...head,
    action: decision.action,
    rule: decision.rule,
    areaKm2: decision.areaKm2,
    shareOfPark: decision.shareOfPark,
    targetAreaKm2: decision.targetAreaKm2,
    floorApplied: decision.floorApplied,
  };
  const base: NewProposal = {
    blockId: id,
    blockVersion: exit.block.version,
    decision,
    source: "batch",
    note: "",
  };
  const plan = batchPlan(decision.action, params.strategy);
  switch (plan.kind) {
    case "manual-review":
      return { result: { ...summary, flag: "manual-review" } };
    case "eliminate":
      return {
        result: {
          ...summary,
          proposal: {
            id: null,
            action: "eliminate",
            strategy: null,
            areaKm2: null,
            errorRatio: null,
            parts: null,
          },
        },
        proposal: base,
      };
    case "reduce": {
      const request = { largestPartOnly: false, angleDegrees: 0, keepSide: "left" as const };
      const [first, fallback] = plan.strategies;
      let reduced = await stores.exits.reduce(exit, { ...request, strategy: first });
      let fallbackFrom: { strategy: ReductionStrategy; failure: ReductionFailure } | undefined;
      if ("outcome" in reduced && !reduced.outcome.ok) {
        fallbackFrom = { strategy: first, failure: reduced.outcome.failure };
        reduced = await stores.exits.reduce(exit, { ...request, strategy: fallback });
      }
      if (!("outcome" in reduced))
        return {
          result: { ...summary, error: { code: reduced.target.reason, message: reduced.target.message } },
        };
      if (!reduced.outcome.ok) {
        const { failure } = reduced.outcome;
        return { result: { ...summary, error: { code: failure.reason, message: failure.message } } };
      }
      const result = reduced.outcome.result;
      return {
        result: {
          ...summary,
          proposal: {
            id: null,
            action: "reduce",
            strategy: result.strategy,
            areaKm2: m2ToKm2(result.areaM2),
            errorRatio: result.errorRatio,
            parts: result.parts,
            ...(fallbackFrom ? { fallbackFrom } : {}),
          },
        },
        proposal: { ...base, reduction: { keepRatio: reduced.target.keepRatio, result } },
      };
    }
  }
}
