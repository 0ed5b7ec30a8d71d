import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import type { Job } from "../db/job-store.js";
import { ApiError } from "../errors.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf } from "./params.js";

/** Seconds a client told `too-many-jobs` waits before asking again. */
const RETRY_AFTER_SECONDS = 10;

/** A kind's own audit row instead of `job.start` (e.g. `exit-batch.start`), and fields added to the 202 answer. */
export interface StartOptions {
  audit?: { action: string; entity: string; after: Record<string, unknown> };
  extra?: (job: Job) => Record<string, unknown>;
}

/**
 * Queues a job of a registered kind (`context.jobs.register(kind, { run, resumable })`) for the signed-in account
 * and answers 202 with it (`Location: /api/jobs/:id`). One transaction: the per-account limit, the job row and its
 * audit row. Past the limit of queued + running jobs (JOBS_PER_ACCOUNT): 429 `too-many-jobs` with Retry-After.
 * The API other route plugins (evaluation flag runs, 通报) start their jobs with.
 */
export async function startJob(
  context: Pick<AppContext, "stores" | "jobs" | "config">,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: string,
  params: Record<string, unknown>,
  options: StartOptions = {},
): Promise<FastifyReply> {
  const { stores, jobs, config } = context;
  const accountId = request.account?.id ?? null;
  const job = await stores.audit.audited(
    auditActorOf(request),
    { action: options.audit?.action ?? "job.start", entity: options.audit?.entity ?? "job" },
    async (trx) => {
      const limit = config.jobs.perAccount;
      if (accountId !== null && (await stores.jobs.activeCount(accountId, trx)) >= limit) {
        reply.header("retry-after", String(RETRY_AFTER_SECONDS));
        throw new ApiError(
          429,
          "too-many-jobs",
          `You have ${limit} jobs queued or running already: wait for one to finish or cancel one.`,
          { limit },
        );
      }
      const created: Job = await stores.jobs.create(
        { kind, owner: actorOf(request), ownerAccountId: accountId, params },
        trx,
      );
      const after = options.audit?.after ? { ...options.audit.after, jobId: created.id } : { kind, params };
      return { value: created, entityId: created.id, after };
    },
  );
  // After the commit: this server claims it at once if it has room (another may claim it first).
  setImmediate(() => jobs.wake());
  return reply
    .code(202)
    .header("location", `/api/jobs/${job.id}`)
    .send({ ...job, ...options.extra?.(job) });
}
