import type { Static } from "typebox";
import type { LayerId, LayerInfo } from "../../server/domain/layers.js";
import type { ZoneCollection, ZoneProperties as ZonePropertiesSchema } from "../../server/schemas/layers.js";
import { type ApiResult, getJson } from "./request.js";

export type { LayerId, LayerInfo, ZoneCollection };
/** Properties of a reference-layer feature (GET /api/layers/:id). */
export type ZoneProperties = Static<typeof ZonePropertiesSchema>;

export function fetchLayers(signal?: AbortSignal): Promise<ApiResult<LayerInfo[]>> {
  return getJson("/api/layers", signal);
}

export function fetchLayer(id: LayerId, signal?: AbortSignal): Promise<ApiResult<ZoneCollection>> {
  return getJson(`/api/layers/${encodeURIComponent(id)}`, signal);
}
