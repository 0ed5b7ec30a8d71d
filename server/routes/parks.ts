import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { parkShares } from "../db/park-share.js";
import { checkSettings } from "../domain/settings.js";
import { badRequest, notFound } from "../errors.js";
import { getParkSchema, listParksSchema, parkSharesSchema } from "../schemas/parks.js";
import { parseId } from "./params.js";

export const parkRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { db, stores }) => {
  app.get("/parks", { schema: listParksSchema }, async () => stores.parks.list());

  app.get("/parks/:id", { schema: getParkSchema }, async (request) => {
    const id = parseId(request.params.id);
    const park = await stores.parks.get(id);
    if (!park) throw notFound("Sub-park", id);
    return park;
  });

  /** Each block's share of the park (DOMAIN.md §4.5); `?parkAreaBasis=` overrides the setting for this answer. */
  app.get("/parks/:id/shares", { schema: parkSharesSchema }, async (request) => {
    const id = parseId(request.params.id);
    const override = checkSettings(
      request.query.parkAreaBasis ? { parkAreaBasis: request.query.parkAreaBasis } : {},
    );
    if (!override.valid) throw badRequest("bad-setting", override.message, { key: override.key });
    const settings = { ...(await stores.settings.get()), ...override.settings };
    const shares = await parkShares(db.knex, id, settings);
    if (!shares) throw notFound("Sub-park", id);
    return shares;
  });
};
