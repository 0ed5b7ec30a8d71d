import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { checkRecommendations } from "../domain/recommendation-revision.js";
import { isIsoDate } from "../domain/transition.js";
import { ApiError, badRequest } from "../errors.js";
import { recommendationWorkbook } from "../formats/recommendation-workbook.js";
import {
  createRevisionSchema,
  exportRevisionsSchema,
  listRevisionsSchema,
} from "../schemas/recommendation-revisions.js";
import { auditActorOf } from "./audit-request.js";
import { parseYear } from "./evaluation-queries.js";
import { actorOf } from "./params.js";

/**
 * 优先推荐纳入国家高新区 (domain/recommendation-revision.ts): staff record revisions of an approved year's list over its
 * frozen ranking; every revision is kept (who, when, why), the latest is in force, listed and exported as XLSX.
 */
export const recommendationRevisionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (
  app,
  { stores },
) => {
  app.get("/evaluations/:year/recommendation-revisions", { schema: listRevisionsSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const revisions = await stores.recommendations.list(year);
    return { year, current: revisions[0] ?? null, revisions };
  });

  app.post(
    "/evaluations/:year/recommendation-revisions",
    { schema: createRevisionSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const year = parseYear(request.params.year);
      const { name, revisedOn, reason, blocks } = request.body;
      if (!isIsoDate(revisedOn)) {
        throw badRequest("bad-date", `revisedOn is not a calendar date: ${revisedOn}`, {
          field: "revisedOn",
        });
      }
      if (name.trim() === "" || reason.trim() === "") {
        throw badRequest("bad-revision", "A revision needs its name and its reason.", {
          field: name.trim() === "" ? "name" : "reason",
        });
      }
      const [status, snapshot] = await Promise.all([
        stores.approvals.status(year),
        stores.approvals.snapshot(year),
      ]);
      if (status.state !== "approved" || !snapshot) {
        throw new ApiError(
          409,
          "year-not-approved",
          `The evaluation of ${year} is ${status.state}: blocks are recommended for the national zone only from an approved year (审定).`,
          { state: status.state },
        );
      }
      const checked = checkRecommendations(
        snapshot.evaluation,
        blocks,
        snapshot.config.recommendationTopPercent,
      );
      if (!checked.ok) {
        throw new ApiError(
          409,
          "not-recommendable",
          `Not recommendable from ${year}: ${checked.problems.map((p) => `block ${p.blockId} ${p.problem}`).join("; ")}.`,
          { problems: checked.problems },
        );
      }
      const revision = await stores.audit.audited(
        auditActorOf(request),
        { action: "evaluation.recommend", entity: "evaluation-year", entityId: year },
        async (trx) => {
          const before = (await stores.recommendations.list(year, trx))[0] ?? null;
          const stored = await stores.recommendations.record(
            { year, name: name.trim(), revisedOn, reason: reason.trim(), recommended: checked.blocks },
            actorOf(request),
            trx,
          );
          return {
            value: stored,
            entityId: year,
            before: before
              ? { revisionId: before.id, blockIds: before.recommended.map((b) => b.blockId) }
              : null,
            after: {
              revisionId: stored.id,
              blockIds: stored.recommended.map((b) => b.blockId),
              reason: stored.reason,
            },
          };
        },
      );
      return reply.code(201).send(revision);
    },
  );

  app.get(
    "/evaluations/:year/recommendation-revisions/export",
    { schema: exportRevisionsSchema },
    async (request, reply) => {
      const year = parseYear(request.params.year);
      const body = await recommendationWorkbook(year, await stores.recommendations.list(year));
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="recommendations-${year}.xlsx"`)
        .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );
};
