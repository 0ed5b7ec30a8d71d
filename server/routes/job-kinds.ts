import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { ZONE_KINDS } from "../domain/layers.js";
import {
  CATALOGUE_PACKAGE_JOB,
  type CatalogueSelection,
  catalogueBlockIds,
  cataloguePackageJob,
} from "../jobs/catalogue-package-job.js";
import {
  OVERLAP_REPORT_JOB,
  type OverlapReportParams,
  overlapReportJob,
} from "../jobs/overlap-report-job.js";
import { cataloguePackageJobSchema, overlapReportSchema } from "../schemas/jobs.js";
import { startJob } from "./job-start.js";
import { refuseUnknownParkFilter } from "./params.js";

/**
 * The routes that start a job (202 with it): the all-blocks overlap report and the catalogue package. Other
 * plugins register their kinds the same way: `context.jobs.register(kind, { run, resumable })` and
 * `startJob(context, request, reply, kind, params)`.
 */
export const jobKindRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobStores, jobs } = context;
  jobs.register(OVERLAP_REPORT_JOB, overlapReportJob(jobStores.overlapReports));
  jobs.register(
    CATALOGUE_PACKAGE_JOB,
    cataloguePackageJob(jobStores, context.config.geometryLimits, context.config.jobs.workerNice),
  );

  app.post(
    "/reports/overlaps",
    { schema: overlapReportSchema, config: { permission: "analysis.run" } },
    async (request, reply) => {
      const { layers, ...selection } = request.body;
      await refuseUnknownParkFilter(stores.parks, selection.parkId);
      const params: OverlapReportParams = { selection, layers: layers ?? [...ZONE_KINDS] };
      return startJob(context, request, reply, OVERLAP_REPORT_JOB, { ...params });
    },
  );

  // A read made into a file: every signed-in account may, as GET /exports/catalogue-package (issue #18.6).
  app.post(
    "/exports/catalogue-package",
    { schema: cataloguePackageJobSchema, config: { permission: "account.self" } },
    async (request, reply) => {
      const { encoding, ...filters } = request.body;
      await refuseUnknownParkFilter(stores.parks, filters.parkId);
      const selection: CatalogueSelection = { ...filters, encoding: encoding ?? "gbk" };
      const blockIds = await catalogueBlockIds(stores, selection);
      return startJob(context, request, reply, CATALOGUE_PACKAGE_JOB, { ...selection, blockIds });
    },
  );
};
