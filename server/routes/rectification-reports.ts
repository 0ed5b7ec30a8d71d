import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { requireBlockParks } from "../auth/enforce.js";
import { checkRectificationReport } from "../domain/rectification-report.js";
import { beijingDate } from "../domain/round-application.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { recordReportSchema } from "../schemas/rectification-reports.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

/**
 * 整改报告 (issue #18 item 1): a district's report on its rectification, recorded by the district in its own parks
 * or by staff holding blocks.edit; one transaction with its audit row. The outcome stays the flag run's.
 */
export const rectificationReportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.post(
    "/evaluations/rectifications/:id/reports",
    { schema: recordReportSchema, config: { permission: "blocks.edit", scope: "in-route" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const record = await stores.rectifications.get(id);
      if (!record) throw notFound("Rectification", id);
      await requireBlockParks(request, stores, [record.blockId]);
      // The report's date is a day in Beijing; the record is read again in the write's transaction, locked,
      // so a flag run judging it meanwhile makes this a 409, not a report on a closed record.
      const today = beijingDate();
      const checked = (current: typeof record) => {
        const check = checkRectificationReport(request.body, current, today);
        if (check.ok) return check.value;
        if (check.code === "rectification-closed") throw new ApiError(409, check.code, check.message);
        throw badRequest(check.code, check.message, { field: check.field });
      };
      checked(record);
      const report = await stores.audit.audited(
        auditActorOf(request),
        { action: "rectification.report", entity: "rectification", entityId: id },
        async (trx) => {
          const value = checked((await stores.rectifications.get(id, trx, "lock")) ?? record);
          const written = await stores.rectifications.recordReport(
            trx,
            { rectificationId: id, ...value },
            actorOf(request),
          );
          return { value: written, after: { ...written, blockIds: [record.blockId] } };
        },
      );
      reply.code(201);
      return report;
    },
  );
};
