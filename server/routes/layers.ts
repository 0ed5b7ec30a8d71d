import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app-context.js";
import { isLayerId, LAYERS } from "../domain/layers.js";
import { notFound } from "../errors.js";

export const layerRoutes: FastifyPluginAsync<AppContext> = async (app, { stores }) => {
  app.get("/layers", async () => LAYERS);

  app.get<{ Params: { layer: string } }>("/layers/:layer", async (request) => {
    const { layer } = request.params;
    if (!isLayerId(layer)) throw notFound("Layer", layer);
    return stores.zones.layer(layer);
  });
};
