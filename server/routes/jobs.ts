import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { ZONE_KINDS } from "../domain/layers.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { overlapReportCsv, overlapReportXlsx } from "../formats/overlap-report-file.js";
import { jobRunner } from "../jobs/job-runner.js";
import {
  OVERLAP_REPORT_JOB,
  type OverlapReport,
  type OverlapReportParams,
  overlapReportJob,
} from "../jobs/overlap-report-job.js";
import { cancelJobSchema, getJobSchema, jobResultSchema, overlapReportSchema } from "../schemas/jobs.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

/**
 * Background jobs (issue #16: the overlap report; issue #14 adds kinds): `POST /reports/overlaps` queues one and
 * answers 202 with it; it runs in this process after the response; `GET /jobs/:id` is its state and progress,
 * `GET /jobs/:id/result` what it made, `DELETE /jobs/:id` cancels it. State lives in the `jobs` table.
 */
export const jobRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const { jobs } = stores;
  const runner = jobRunner(jobs, (message, error) => app.log.error({ err: error }, message));
  runner.register(OVERLAP_REPORT_JOB, overlapReportJob(stores.overlapReports));
  app.addHook("onReady", () => runner.resume());
  app.addHook("onClose", () => runner.close());

  app.post(
    "/reports/overlaps",
    { schema: overlapReportSchema, config: { permission: "analysis.run" } },
    async (request, reply) => {
      const { layers, ...selection } = request.body;
      if (selection.parkId !== undefined && !(await stores.parks.get(selection.parkId))) {
        throw badRequest("bad-filter", `Park ${selection.parkId} does not exist.`, { field: "parkId" });
      }
      const params: OverlapReportParams = { selection, layers: layers ?? [...ZONE_KINDS] };
      const job = await stores.audit.audited(
        auditActorOf(request),
        { action: "job.start", entity: "job" },
        async (trx) => {
          const created = await jobs.create(OVERLAP_REPORT_JOB, actorOf(request), { ...params }, trx);
          return {
            value: created,
            entityId: created.id,
            after: { kind: created.kind, params: created.params },
          };
        },
      );
      runner.start(job.id);
      return reply.code(202).header("location", `/api/jobs/${job.id}`).send(job);
    },
  );

  app.get("/jobs/:id", { schema: getJobSchema }, async (request) => {
    const id = parseId(request.params.id);
    const job = await jobs.get(id);
    if (!job) throw notFound("Job", id);
    return job;
  });

  app.delete(
    "/jobs/:id",
    { schema: cancelJobSchema, config: { permission: "analysis.run" } },
    async (request) => {
      const id = parseId(request.params.id);
      const before = await jobs.get(id);
      if (!before) throw notFound("Job", id);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "job.cancel", entity: "job", entityId: id },
        async (trx) => {
          if (!(await jobs.cancel(id, trx))) {
            throw new ApiError(
              409,
              "job-finished",
              `Job ${id} has finished already: there is nothing to cancel.`,
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

  app.get("/jobs/:id/result", { schema: jobResultSchema }, async (request, reply) => {
    const id = parseId(request.params.id);
    const job = await jobs.get(id);
    if (!job) throw notFound("Job", id);
    if (job.state !== "succeeded") {
      throw new ApiError(409, "job-not-succeeded", `Job ${id} is ${job.state}: it has no result.`, {
        state: job.state,
      });
    }
    const result = await jobs.result(id);
    const format = request.query.format ?? "json";
    if (format === "json" || job.kind !== OVERLAP_REPORT_JOB) return reply.send(result);
    const report = result as OverlapReport;
    const name = `overlap-report-${id}.${format}`;
    reply.header("content-disposition", `attachment; filename="${name}"`);
    if (format === "csv") {
      return reply.type("text/csv; charset=utf-8").send(overlapReportCsv(report.meta, report.rows));
    }
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .send(Buffer.from(await overlapReportXlsx(report.meta, report.rows)));
  });
};
