import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import {
  APPLICATION_ACTION_PERMISSIONS,
  APPLICATION_ACTIONS,
  isApplicationAction,
} from "../domain/round-application.js";
import { ApiError, notFound } from "../errors.js";
import { applicationActionSchema, checklistSchema, opinionSchema } from "../schemas/rounds.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";
import { ownApplication, roundConflict, visibleApplication } from "./round-access.js";
import { applicationDetail } from "./round-detail.js";
import { prepareStep, writeStep } from "./round-steps.js";

/**
 * The steps of an application (提交 → 联审 → 退回修改 / 报批 → 批复 / 未通过), the departments' opinions and the
 * reviewer's judgement checklist. Out of order is 409 and writes nothing; a district acting on another district's
 * application is 403 and writes nothing.
 */
export const applicationActionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.post(
    "/applications/:id/actions/:action",
    {
      schema: applicationActionSchema,
      config: { permission: APPLICATION_ACTION_PERMISSIONS, scope: "in-route" },
    },
    async (request) => {
      const id = parseId(request.params.id);
      const { action } = request.params;
      if (!isApplicationAction(action))
        throw notFound("Action", `"${action}" (one of ${APPLICATION_ACTIONS.join(", ")})`);
      const application =
        action === "submit"
          ? await ownApplication(request, stores, id)
          : await visibleApplication(request, stores, id);
      const round = await stores.rounds.rounds.get(application.roundId);
      if (!round) throw notFound("Round", application.roundId);
      const context = {
        stores,
        actor: actorOf(request),
        application,
        round,
        action,
        body: request.body ?? {},
      };
      const prepared = await prepareStep(context);
      const written = await stores.audit.audited(
        auditActorOf(request),
        { action: `application.${action}`, entity: "application", entityId: id },
        async (trx) => writeStep(context, prepared, trx),
      );
      return applicationDetail(stores, written);
    },
  );

  app.post(
    "/applications/:id/opinions",
    { schema: opinionSchema, config: { permission: "reviews.record" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const application = await visibleApplication(request, stores, id);
      const round = await stores.rounds.rounds.get(application.roundId);
      const { department, opinion, text, materialIds = [] } = request.body;
      if (!round?.departments.includes(department))
        throw new ApiError(400, "unknown-department", `"${department}" is not a department of this round.`, {
          departments: round?.departments ?? [],
        });
      const own = (await stores.roundRecords.materials(id)).filter((m) => m.kind === "opinion" && !m.removed);
      const foreign = materialIds.filter((mid) => !own.some((m) => m.id === mid));
      if (foreign.length > 0)
        throw new ApiError(
          400,
          "unknown-materials",
          `Attach opinion materials of this application: ${foreign.join(", ")}.`,
        );
      await stores.audit.audited(
        auditActorOf(request),
        { action: "application.opinion", entity: "application", entityId: id },
        async (trx) => {
          const locked = await stores.rounds.applications.locked(id, trx);
          if (locked?.state !== "reviewing")
            throw roundConflict(
              "not-in-review",
              `Opinions are recorded while the application is 联审中; it is ${locked?.state}.`,
            );
          const entry = { applicationId: id, version: locked.version, department, opinion, text };
          const opinionId = await stores.roundRecords.addOpinion(entry, materialIds, actorOf(request), trx);
          return { value: opinionId, after: { ...entry, id: opinionId, materialIds } };
        },
      );
      reply.code(201);
      return applicationDetail(stores, application);
    },
  );

  app.put(
    "/applications/:id/checklist",
    { schema: checklistSchema, config: { permission: "reviews.record" } },
    async (request) => {
      const id = parseId(request.params.id);
      const application = await visibleApplication(request, stores, id);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "application.checklist", entity: "application", entityId: id },
        async (trx) => {
          const locked = await stores.rounds.applications.locked(id, trx);
          if (locked?.state !== "reviewing")
            throw roundConflict(
              "not-in-review",
              `The checklist is filled while the application is 联审中; it is ${locked?.state}.`,
            );
          await stores.roundRecords.addChecklist(
            id,
            locked.version,
            request.body.items,
            actorOf(request),
            trx,
          );
          return { value: null, after: { version: locked.version, items: request.body.items } };
        },
      );
      return applicationDetail(stores, application);
    },
  );
};
