import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app-context.js";
import { notFound } from "../errors.js";
import { parseId } from "./params.js";

export const parkRoutes: FastifyPluginAsync<AppContext> = async (app, { stores }) => {
  app.get("/parks", async () => stores.parks.list());

  app.get<{ Params: { id: string } }>("/parks/:id", async (request) => {
    const id = parseId(request.params.id);
    const park = await stores.parks.get(id);
    if (!park) throw notFound("Sub-park", id);
    return park;
  });
};
