import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { isLayerId, LAYERS } from "../domain/layers.js";
import { notFound } from "../errors.js";
import { getLayerSchema, listLayersSchema, type ZoneCollection } from "../schemas/layers.js";

export const layerRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/layers", { schema: listLayersSchema }, async () => [...LAYERS]);

  app.get("/layers/:layer", { schema: getLayerSchema }, async (request) => {
    const { layer } = request.params;
    if (!isLayerId(layer)) throw notFound("Layer", layer);
    // The store types its features as any GeoJSON; zone features carry ZoneProperties (zone-store.ts).
    return (await stores.zones.layer(layer)) as ZoneCollection;
  });
};
