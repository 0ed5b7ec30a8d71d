import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { requirePermission } from "../auth/enforce.js";
import type { Job } from "../db/job-store.js";
import { ApiError, notFound } from "../errors.js";
import { overlapReportCsv, overlapReportXlsx } from "../formats/overlap-report-file.js";
import { OVERLAP_REPORT_JOB, type OverlapReport } from "../jobs/overlap-report-job.js";
import {
  cancelJobSchema,
  getJobSchema,
  jobFileSchema,
  jobResultSchema,
  listJobsSchema,
} from "../schemas/jobs.js";
import { auditActorOf } from "./audit-request.js";
import { sendFile, sendFileChunks } from "./exports.js";
import { jobEventsRoute } from "./job-events.js";
import { jobKindRoutes } from "./job-kinds.js";
import { parseId } from "./params.js";

/**
 * Background jobs (issue #16, issue #14): routes that start a kind answer 202 with the job (job-kinds.ts,
 * startJob); any server runs it (job-runner.ts). `GET /jobs` the account's recent ones, `GET /jobs/:id` its
 * state and progress, `GET /jobs/:id/events` the same as server-sent events, `DELETE /jobs/:id` cancels,
 * `GET /jobs/:id/result` the summary (or the report as XLSX/CSV), `GET /jobs/:id/file` the result file.
 */
export const jobRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobs: runner } = context;
  const { jobs } = stores;
  app.addHook("onReady", () => runner.start());
  app.addHook("preClose", () => runner.close());
  await app.register(jobKindRoutes, context);
  await app.register(jobEventsRoute, context);

  async function jobOrThrow(raw: string): Promise<Job> {
    const id = parseId(raw);
    const job = await jobs.get(id);
    if (!job) throw notFound("Job", id);
    return job;
  }

  app.get("/jobs", { schema: listJobsSchema }, async (request) => {
    if (!request.account) return [];
    return jobs.recent(request.account.id, request.query.limit ?? 20);
  });

  app.get("/jobs/:id", { schema: getJobSchema }, async (request) => jobOrThrow(request.params.id));

  // Any signed-in account may cancel its own job; someone else's needs analysis.run (the overlap report's).
  app.delete(
    "/jobs/:id",
    { schema: cancelJobSchema, config: { permission: "account.self" } },
    async (request) => {
      const before = await jobOrThrow(request.params.id);
      if (before.ownerAccountId === null || before.ownerAccountId !== request.account?.id) {
        requirePermission(request, "analysis.run");
      }
      const id = before.id;
      await stores.audit.audited(
        auditActorOf(request),
        { action: "job.cancel", entity: "job", entityId: id },
        async (trx) => {
          if (!(await jobs.cancel(id, trx))) {
            throw new ApiError(
              409,
              "job-finished",
              `Job ${id} has finished already: there is nothing to cancel.`,
              {
                state: (await jobs.get(id, trx))?.state,
              },
            );
          }
          return {
            value: undefined,
            before: { kind: before.kind, state: before.state },
            after: { state: "cancelled" },
          };
        },
      );
      return jobs.get(id);
    },
  );

  /** A succeeded job whose result is still kept: 409 before it succeeded, 410 once cleaned up. */
  function assertResult(job: Job): void {
    if (job.state !== "succeeded") {
      throw new ApiError(409, "job-not-succeeded", `Job ${job.id} is ${job.state}: it has no result.`, {
        state: job.state,
      });
    }
    if (job.expired) {
      throw new ApiError(
        410,
        "job-result-expired",
        `Job ${job.id}'s result expired at ${job.expiresAt}: run it again.`,
        {
          expiresAt: job.expiresAt,
        },
      );
    }
  }

  app.get("/jobs/:id/result", { schema: jobResultSchema }, async (request, reply) => {
    const job = await jobOrThrow(request.params.id);
    assertResult(job);
    const result = await jobs.result(job.id);
    const format = request.query.format ?? "json";
    if (format === "json" || job.kind !== OVERLAP_REPORT_JOB) return reply.send(result);
    const report = result as OverlapReport;
    const name = `overlap-report-${job.id}.${format}`;
    if (format === "csv") {
      return sendFile(
        reply,
        name,
        "text/csv; charset=utf-8",
        new TextEncoder().encode(overlapReportCsv(report.meta, report.rows)),
      );
    }
    const xlsx = await overlapReportXlsx(report.meta, report.rows);
    return sendFile(
      reply,
      name,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      new Uint8Array(xlsx),
    );
  });

  app.get("/jobs/:id/file", { schema: jobFileSchema }, async (request, reply) => {
    const job = await jobOrThrow(request.params.id);
    assertResult(job);
    const file = await jobs.file(job.id);
    if (!file) throw new ApiError(404, "no-file", `Job ${job.id} made no file (see its result).`);
    return sendFileChunks(reply, file);
  });
};
