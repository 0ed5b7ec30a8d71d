import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { Job } from "../db/job-store.js";
import { badRequest, notFound } from "../errors.js";
import {
  EXIT_BATCH_JOB,
  EXIT_BATCH_KINDS,
  EXIT_BATCH_PREVIEW_JOB,
  type ExitBatchParams,
  type ExitBatchSummary,
  exitBatchJob,
} from "../jobs/exit-batch-job.js";
import { exitBatchJobSchema, startExitBatchSchema } from "../schemas/exit.js";
import { auditActorOf } from "./audit-request.js";
import { exitSettings } from "./exit-request.js";
import { startJob } from "./job-start.js";

/**
 * The exit batch (《管理办法》第三部分 · 淘汰方式): decisions and default proposals for every block whose
 * rectification FAILED (a recorded rectification judged "failed", the block still rectifying) — never a block
 * ordered to rectify this year or seeded as 整改中 — or a given list. A job in the jobs table (issue #14;
 * server/jobs/exit-batch-job.ts): `POST /exit-batch` answers 202 with the job (as every job start, plus the
 * `jobId`, `total` and `statusUrl` older clients read); any server runs it and any server reports it —
 * `GET /api/jobs/:id` (+ `/events`, `/result`, `DELETE` cancels) or `GET /exit-batch/:jobId`, the batch's own
 * view (state running/done/failed, done of total, the results once it has ended). The per-account limit of
 * queued + running jobs (JOBS_PER_ACCOUNT, 429 too-many-jobs) is startJob's. A batch that saves is a write: a
 * server stopping midway fails it with the reason (it wrote nothing); one with `save: false` is started over.
 */
export const exitBatchRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobStores, jobs } = context;
  jobs.register(EXIT_BATCH_JOB, exitBatchJob(jobStores));
  jobs.register(EXIT_BATCH_PREVIEW_JOB, { ...exitBatchJob(jobStores), resumable: true });

  app.post(
    "/exit-batch",
    { schema: startExitBatchSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const body = request.body ?? {};
      const strategy = body.strategy ?? "inset";
      const save = body.save ?? true;
      const settings = await exitSettings(context, body.settings);
      const blockIds = await blockIdsOf(body.blockIds);
      const params: ExitBatchParams = { blockIds, strategy, save, settings, audit: auditActorOf(request) };
      // The start's row says who started it, on which blocks and how; the proposals' rows come with them.
      return startJob(
        context,
        request,
        reply,
        save ? EXIT_BATCH_JOB : EXIT_BATCH_PREVIEW_JOB,
        { ...params },
        {
          audit: {
            action: "exit-batch.start",
            entity: "exit-batch",
            after: { blockIds, strategy, save, settings },
          },
          extra: (job) => ({ jobId: job.id, total: blockIds.length, statusUrl: `/api/exit-batch/${job.id}` }),
        },
      );
    },
  );

  app.get("/exit-batch/:jobId", { schema: exitBatchJobSchema }, async (request) => {
    const id = Number(request.params.jobId);
    const job = Number.isSafeInteger(id) && id > 0 ? await stores.jobs.get(id) : undefined;
    if (!job || !EXIT_BATCH_KINDS.includes(job.kind)) throw notFound("Exit batch job", request.params.jobId);
    const summary =
      job.state === "succeeded" ? ((await stores.jobs.result(id)) as ExitBatchSummary | null) : null;
    return batchView(job, summary);
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
};

/** The batch's view of its job row: queued and running are "running"; failed and cancelled "failed" with why. */
function batchView(job: Job, summary: ExitBatchSummary | null) {
  const params = job.params as unknown as ExitBatchParams;
  const total = params.blockIds.length;
  const done = job.state === "succeeded" ? total : Math.min(total, job.progress.done);
  const state: "running" | "done" | "failed" =
    job.state === "succeeded"
      ? "done"
      : job.state === "queued" || job.state === "running"
        ? "running"
        : "failed";
  return {
    id: job.id,
    jobState: job.state,
    state,
    stage: job.progress.stage,
    total,
    done,
    progress: total === 0 ? (state === "done" ? 1 : 0) : done / total,
    strategy: params.strategy,
    save: params.save,
    settings: params.settings,
    startedAt: job.startedAt ?? job.createdAt,
    finishedAt: job.finishedAt,
    results: summary?.results ?? [],
    ...(state === "failed"
      ? { error: job.state === "cancelled" ? "cancelled" : (job.error ?? "failed") }
      : {}),
    interrupted: job.interrupted,
    jobUrl: `/api/jobs/${job.id}`,
  };
}
