import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app-context.js";
import { composition } from "../domain/composition.js";
import { badRequest } from "../errors.js";
import { compositionBaselineSchema, compositionSchema } from "../schemas/analysis.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf } from "./params.js";

type ZonesQuery = { Querystring: { districtZones?: string } };

/**
 * 空间构成 (《管理办法》需要说明的是 四): the terms, the maximum and the cap (GET), and freezing the integration union
 * as the dated baseline in force (POST /composition/baseline).
 */
export const compositionRoutes: FastifyPluginAsync<AppContext> = async (app, { stores }) => {
  app.get<ZonesQuery>("/composition", { schema: compositionSchema }, async (request) => {
    const facts = await stores.composition.facts(districtZonesOf(request.query.districtZones));
    return {
      ...composition(facts, facts.baseline),
      districtZoneIds: facts.districtZoneIds,
      flaggedBlocks: facts.flaggedBlocks,
    };
  });

  app.post<ZonesQuery & { Body: unknown }>(
    "/composition/baseline",
    { schema: compositionBaselineSchema, config: { permission: "settings.edit" } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body !== "object" || Array.isArray(body))
        throw badRequest("bad-baseline", "The body is { note? }.");
      const note = typeof body.note === "string" ? body.note.slice(0, 2000) : "";
      const districtZones = districtZonesOf(request.query.districtZones);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "composition.baseline", entity: "composition-baseline" },
        async (trx) => {
          const frozen = await stores.composition.freeze(districtZones, actorOf(request), note, trx);
          return { value: frozen, entityId: frozen.id, after: frozen };
        },
      );
      const facts = await stores.composition.facts();
      reply.code(201);
      return { ...composition(facts, facts.baseline), districtZoneIds: facts.districtZoneIds };
    },
  );
};

function districtZonesOf(raw: string | undefined): number[] | undefined {
  const ids = raw === undefined ? undefined : raw === "" ? [] : raw.split(",").map(Number);
  if (ids?.some((id) => !Number.isInteger(id))) {
    throw badRequest("bad-filter", `districtZones must be a comma-separated list of zone ids: ${raw}`);
  }
  return ids;
}
