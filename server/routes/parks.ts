import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { checkOfficialArea } from "../domain/park-area.js";
import { checkSettings } from "../domain/settings.js";
import { badRequest, notFound } from "../errors.js";
import {
  getOfficialAreaSchema,
  getParkSchema,
  listParksSchema,
  parkSharesSchema,
  putOfficialAreaSchema,
} from "../schemas/parks.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

export const parkRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/parks", { schema: listParksSchema }, async () => stores.parks.list());

  app.get("/parks/:id", { schema: getParkSchema }, async (request) => {
    const id = parseId(request.params.id);
    const park = await stores.parks.get(id);
    if (!park) throw notFound("Sub-park", id);
    return park;
  });

  /** Each block's share of the park (淘汰方式 · 占分园面积比例); `?parkAreaBasis=` overrides the setting here. */
  app.get("/parks/:id/shares", { schema: parkSharesSchema }, async (request) => {
    const id = parseId(request.params.id);
    const override = checkSettings(
      request.query.parkAreaBasis ? { parkAreaBasis: request.query.parkAreaBasis } : {},
    );
    if (!override.valid) throw badRequest("bad-setting", override.message, { key: override.key });
    const settings = { ...(await stores.settings.get()), ...override.settings };
    const shares = await stores.parks.shares(id, settings);
    if (!shares) throw notFound("Sub-park", id);
    return shares;
  });

  /** The official park area (批复面积) entered for the park, with its history; `official: null` when none. */
  app.get("/parks/:id/official-area", { schema: getOfficialAreaSchema }, async (request) => {
    const id = parseId(request.params.id);
    if (!(await stores.parks.get(id))) throw notFound("Sub-park", id);
    const history = await stores.parks.officialAreaHistory(id);
    return { parkId: id, official: history.at(-1) ?? null, history };
  });

  /** Enters an official park area with its 批复文号 and date: from then on it is the divisor of every share. */
  app.put(
    "/parks/:id/official-area",
    { schema: putOfficialAreaSchema, config: { permission: "approvals.record" } },
    async (request) => {
      const id = parseId(request.params.id);
      if (!(await stores.parks.get(id))) throw notFound("Sub-park", id);
      const check = checkOfficialArea(request.body);
      if (!check.valid) throw badRequest("bad-official-area", check.message, { field: check.field });
      const official = await stores.audit.audited(
        auditActorOf(request),
        { action: "park.official-area", entity: "park", entityId: id },
        async (trx) => {
          const before = (await stores.parks.officialAreaHistory(id, trx)).at(-1) ?? null;
          const saved = await stores.parks.saveOfficialArea(id, check.value, actorOf(request), trx);
          return { value: saved, before, after: saved };
        },
      );
      return { parkId: id, official };
    },
  );
};
