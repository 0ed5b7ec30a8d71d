import { randomUUID } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { AuditActor } from "../db/audit-store.js";
import type { NewProposal } from "../db/proposal-store.js";
import { ENDED_STATUSES } from "../domain/block.js";
import { adjustabilityOf } from "../domain/dynamic-adjustment.js";
import { batchPlan } from "../domain/exit-batch.js";
import type { ExitSettings } from "../domain/exit-rule.js";
import type { ReductionFailure, ReductionStrategy } from "../domain/reduction-result.js";
import { m2ToKm2 } from "../domain/units.js";
import { badRequest, notFound } from "../errors.js";
import { exitBatchJobSchema, startExitBatchSchema } from "../schemas/exit.js";
import { auditActorOf } from "./audit-request.js";
import { exitSettings, exitStepCheck } from "./exit-request.js";

/**
 * The exit batch (《管理办法》第三部分 · 淘汰方式): decisions and default proposals for every block whose
 * rectification FAILED (a recorded rectification judged "failed", the block still rectifying) — never a block
 * ordered to rectify this year or seeded as 整改中 — or a given list. `POST /exit-batch` starts a job and answers 202 with its id at once;
 * `GET /exit-batch/:jobId` reports progress (done of total) and the results so far. Default proposals: an
 * inset (falling back to a cut when an inset cannot hit the target), an elimination for rows that eliminate,
 * none for a manual decision. Jobs live in memory (the last MAX_JOBS); proposals are saved in the database.
 */
const MAX_JOBS = 50;

interface BatchResult {
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

interface BatchJob {
  id: string;
  state: "running" | "done" | "failed";
  total: number;
  done: number;
  strategy: ReductionStrategy;
  save: boolean;
  settings: ExitSettings;
  startedAt: string;
  finishedAt: string | null;
  results: BatchResult[];
  error?: string;
}

export const exitBatchRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores } = context;
  const proposals = stores.proposals;
  const jobs = new Map<string, BatchJob>();
  const running = new Set<Promise<void>>();
  app.addHook("onClose", async () => {
    await Promise.allSettled([...running]);
  });

  app.post(
    "/exit-batch",
    { schema: startExitBatchSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const body = request.body ?? {};
      const strategy = body.strategy ?? "inset";
      const save = body.save ?? true;
      const settings = await exitSettings(context, body.settings);
      const ids = await blockIdsOf(body.blockIds);
      const job: BatchJob = {
        id: randomUUID(),
        state: "running",
        total: ids.length,
        done: 0,
        strategy,
        save,
        settings,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        results: [],
      };
      const audit = auditActorOf(request);
      // The batch's own writes are the proposals it saves (each with its row, in the background); this row
      // says who started it, on which blocks and how.
      await stores.audit.audited(audit, { action: "exit-batch.start", entity: "exit-batch" }, async () => ({
        value: undefined,
        entityId: job.id,
        after: { blockIds: ids, strategy, save, settings },
      }));
      remember(job);
      const work = runJob(job, ids, audit).finally(() => running.delete(work));
      running.add(work);
      return reply
        .code(202)
        .send({ jobId: job.id, total: job.total, statusUrl: `/api/exit-batch/${job.id}` });
    },
  );

  app.get("/exit-batch/:jobId", { schema: exitBatchJobSchema }, async (request) => {
    const job = jobs.get(request.params.jobId);
    if (!job) throw notFound("Exit batch job", request.params.jobId);
    return { ...job, progress: job.total === 0 ? 1 : job.done / job.total };
  });

  async function blockIdsOf(value: number[] | undefined): Promise<number[]> {
    if (value === undefined) return stores.rectifications.failedBlockIds();
    // The schema has checked the list: at most MAX_BATCH_BLOCKS ids (schemas/exit.ts).
    const ids = [...new Set(value)];
    const found = await stores.blocks.existingIds(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw badRequest("unknown-block", `No such blocks: ${missing.join(", ")}.`, { missing });
    return ids;
  }

  function remember(job: BatchJob) {
    jobs.set(job.id, job);
    for (const [id, old] of jobs) {
      if (jobs.size <= MAX_JOBS) break;
      if (old.state !== "running") jobs.delete(id);
    }
  }

  async function runJob(job: BatchJob, ids: number[], audit: AuditActor): Promise<void> {
    try {
      for (const id of ids) {
        job.results.push(await batchOne(id, job, audit));
        job.done++;
      }
      job.state = "done";
    } catch (error) {
      job.state = "failed";
      job.error = (error as Error).message;
      app.log.error(error);
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  }

  /** Saves a batch proposal with its audit row (on the block), one transaction. */
  function saveProposal(proposal: NewProposal, audit: AuditActor) {
    const what = { action: "proposal.create", entity: "block", entityId: proposal.blockId };
    return stores.audit.audited(audit, what, async (trx) => {
      const created = await proposals.create(proposal, audit.actorName, trx);
      return { value: created, after: { ...created.properties, exitBatch: true } };
    });
  }

  async function batchOne(id: number, job: BatchJob, audit: AuditActor): Promise<BatchResult> {
    const exit = await stores.exits.decision(id, job.settings);
    if (!exit)
      return { blockId: id, code: null, name: "", error: { code: "not-found", message: "No such block." } };
    const head = { blockId: id, code: exit.block.code, name: exit.block.name };
    if (ENDED_STATUSES.includes(exit.block.status)) {
      return {
        ...head,
        error: { code: "block-ended", message: `The block has ended (${exit.block.status}).` },
      };
    }
    const adjustability = adjustabilityOf(exit.block.level);
    if (!adjustability.adjustable) {
      return { ...head, error: { code: "not-applicable", message: adjustability.explanation.en } };
    }
    const step = await exitStepCheck(context, id, exit.block.status);
    if (!step.allowed) return { ...head, error: { code: step.code, message: step.message.en } };
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
    const base = {
      blockId: id,
      blockVersion: exit.block.version,
      decision,
      source: "batch" as const,
      note: "",
    };
    const plan = batchPlan(decision.action, job.strategy);
    switch (plan.kind) {
      case "manual-review":
        return { ...summary, flag: "manual-review" };
      case "eliminate": {
        const saved = job.save ? await saveProposal(base, audit) : undefined;
        return {
          ...summary,
          proposal: {
            id: saved?.properties.id ?? null,
            action: "eliminate",
            strategy: null,
            areaKm2: null,
            errorRatio: null,
            parts: null,
          },
        };
      }
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
          return { ...summary, error: { code: reduced.target.reason, message: reduced.target.message } };
        if (!reduced.outcome.ok) {
          return {
            ...summary,
            error: { code: reduced.outcome.failure.reason, message: reduced.outcome.failure.message },
          };
        }
        const result = reduced.outcome.result;
        const saved = job.save
          ? await saveProposal({ ...base, reduction: { keepRatio: reduced.target.keepRatio, result } }, audit)
          : undefined;
        return {
          ...summary,
          proposal: {
            id: saved?.properties.id ?? null,
            action: "reduce",
            strategy: result.strategy,
            areaKm2: m2ToKm2(result.areaM2),
            errorRatio: result.errorRatio,
            parts: result.parts,
            ...(fallbackFrom ? { fallbackFrom } : {}),
          },
        };
      }
    }
  }
};
