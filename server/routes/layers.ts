import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { isLayerId, isZoneKind, LAYERS } from "../domain/layers.js";
import { notFound } from "../errors.js";
import {
  getLayerLabelsSchema,
  getLayerSchema,
  listLayersSchema,
  type ZoneCollection,
  type ZoneLabelCollection,
} from "../schemas/layers.js";

export const layerRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/layers", { schema: listLayersSchema }, async () => [...LAYERS]);

  app.get("/layers/:layer", { schema: getLayerSchema }, async (request, reply) => {
    const { layer } = request.params;
    if (!isLayerId(layer)) throw notFound("Layer", layer);
    // The kept union's text as stored (zone-store.ts): a string is sent as is, not serialised again.
    if (layer === "zgc") {
      const text = await stores.zones.zgcLayerJson();
      // The schema types the object the text spells; Fastify sends a string with a JSON type unchanged.
      return reply.type("application/json; charset=utf-8").send(text as unknown as ZoneCollection);
    }
    // The store types its features as any GeoJSON; zone features carry ZoneProperties (zone-store.ts).
    return (await stores.zones.layer(layer)) as ZoneCollection;
  });

  // The zones' label points alone: what the map's first view needs of a labelled layer (issue #16).
  app.get("/layers/:layer/labels", { schema: getLayerLabelsSchema }, async (request) => {
    const { layer } = request.params;
    if (!isZoneKind(layer)) throw notFound("Layer labels", layer);
    return (await stores.zones.labels(layer)) as ZoneLabelCollection;
  });
};
