import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { beijingDate, districtDeadline, EDITABLE_STATES } from "../domain/round-application.js";
import { isIsoDate } from "../domain/transition.js";
import { badRequest, notFound } from "../errors.js";
import {
  closeRoundSchema,
  createApplicationSchema,
  editApplicationSchema,
  getApplicationSchema,
  listApplicationsSchema,
  listRoundsSchema,
  openRoundSchema,
} from "../schemas/rounds.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";
import { ownApplication, ownParksOnly, roundConflict, visibleApplication } from "./round-access.js";
import { checkApplicationBlocks } from "./round-blocks.js";
import { applicationDetail, applicationSummary } from "./round-detail.js";

/**
 * 一年一次集中认定 (issue #13): rounds (a lead opens one a year, one open at a time) and the districts' applications.
 * The steps of an application are in application-actions.ts, its materials in application-materials.ts.
 */
export const roundRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const { rounds, applications } = stores.rounds;

  app.get("/rounds", { schema: listRoundsSchema }, async () => rounds.list());

  app.post(
    "/rounds",
    { schema: openRoundSchema, config: { permission: "rounds.manage" } },
    async (request, reply) => {
      const body = request.body;
      for (const field of ["applicationsUntil", "reviewUntil"] as const) {
        if (!isIsoDate(body[field]))
          throw badRequest("bad-date", `${field} is not a calendar date.`, { field });
      }
      if (body.reviewUntil < body.applicationsUntil)
        throw badRequest("bad-date", "reviewUntil is before applicationsUntil.", { field: "reviewUntil" });
      const round = await stores.audit.audited(
        auditActorOf(request),
        { action: "round.open", entity: "round" },
        async (trx) => {
          const open = await rounds.openOne(trx);
          if (open)
            throw roundConflict("round-already-open", `Round ${open.year} (${open.name}) is still open.`, {
              roundId: open.id,
            });
          if (await rounds.yearTaken(body.year, trx))
            throw roundConflict("round-year-taken", `There is already a round for ${body.year}.`, {
              year: body.year,
            });
          const created = await rounds.create(body, actorOf(request), trx);
          return { value: created, entityId: created.id, after: created };
        },
      );
      reply.code(201);
      return round;
    },
  );

  app.post(
    "/rounds/:id/close",
    { schema: closeRoundSchema, config: { permission: "rounds.manage" } },
    async (request) => {
      const id = parseId(request.params.id);
      return stores.audit.audited(
        auditActorOf(request),
        { action: "round.close", entity: "round", entityId: id },
        async (trx) => {
          const round = await rounds.get(id, trx);
          if (!round) throw notFound("Round", id);
          if (round.state === "closed")
            throw roundConflict("round-closed", `Round ${round.year} is already closed.`);
          const live = (await applications.list(id, null, trx)).filter(
            (a) => !["draft", "approved", "rejected"].includes(a.state),
          );
          if (live.length > 0)
            throw roundConflict(
              "round-has-live-applications",
              `Applications ${live.map((a) => a.id).join(", ")} are still under way.`,
              {
                applicationIds: live.map((a) => a.id),
              },
            );
          const closed = await rounds.close(id, actorOf(request), trx);
          return { value: closed, before: round, after: closed };
        },
      );
    },
  );

  app.get("/rounds/:id/applications", { schema: listApplicationsSchema }, async (request) => {
    const id = parseId(request.params.id);
    if (!(await rounds.get(id))) throw notFound("Round", id);
    const list = await applications.list(id, ownParksOnly(request));
    return Promise.all(list.map((application) => applicationSummary(stores, application)));
  });

  app.post(
    "/rounds/:id/applications",
    { schema: createApplicationSchema, config: { permission: "applications.edit", scope: "in-route" } },
    async (request, reply) => {
      const roundId = parseId(request.params.id);
      const round = await rounds.get(roundId);
      if (!round) throw notFound("Round", roundId);
      const deadline = districtDeadline(round, "new");
      if (round.state !== "open" || beijingDate() > deadline)
        throw roundConflict(
          "round-not-taking-applications",
          `Round ${round.year} takes applications until ${deadline} while open.`,
          {
            state: round.state,
            applicationsUntil: deadline,
          },
        );
      const district = await checkApplicationBlocks(request, stores, request.body.blockIds, null);
      const created = await stores.audit.audited(
        auditActorOf(request),
        { action: "application.create", entity: "application" },
        async (trx) => {
          const value = await applications.create(
            { roundId, district, ...request.body },
            actorOf(request),
            trx,
          );
          await stores.roundRecords.addEvent(
            { applicationId: value.id, version: 0, action: "create", from: null, to: "draft" },
            {},
            actorOf(request),
            trx,
          );
          return { value, entityId: value.id, after: value };
        },
      );
      reply.code(201);
      return applicationDetail(stores, created);
    },
  );

  app.get("/applications/:id", { schema: getApplicationSchema }, async (request) =>
    applicationDetail(stores, await visibleApplication(request, stores, parseId(request.params.id))),
  );

  app.patch(
    "/applications/:id",
    { schema: editApplicationSchema, config: { permission: "applications.edit", scope: "in-route" } },
    async (request) => {
      const id = parseId(request.params.id);
      const before = await ownApplication(request, stores, id);
      if (!EDITABLE_STATES.includes(before.state))
        throw roundConflict(
          "application-not-editable",
          `Application ${id} is ${before.state}: only a draft or a returned one is edited.`,
          {
            state: before.state,
          },
        );
      const district = request.body.blockIds
        ? await checkApplicationBlocks(request, stores, request.body.blockIds, id)
        : undefined;
      const edited = await stores.audit.audited(
        auditActorOf(request),
        { action: "application.update", entity: "application", entityId: id },
        async (trx) => {
          const locked = await applications.locked(id, trx);
          if (!locked || locked.state !== before.state)
            throw roundConflict("application-changed", `Application ${id} changed meanwhile: reload it.`);
          const value = await applications.update(id, { ...request.body, district }, trx);
          return { value, before, after: value };
        },
      );
      return applicationDetail(stores, edited);
    },
  );
};
