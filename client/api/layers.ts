import type { Static } from "typebox";
import type { LayerId, LayerInfo } from "../../server/domain/layers.js";
import type {
  ZoneCollection,
  ZoneLabelCollection,
  ZoneProperties as ZonePropertiesSchema,
} from "../../server/schemas/layers.js";
import { type ApiResult, getJson } from "./request.js";

export type { LayerId, LayerInfo, ZoneCollection, ZoneLabelCollection };
/** Properties of a reference-layer feature (GET /api/layers/:id). */
export type ZoneProperties = Static<typeof ZonePropertiesSchema>;

export function fetchLayers(signal?: AbortSignal): Promise<ApiResult<LayerInfo[]>> {
  return getJson("/api/layers", signal);
}

export function fetchLayer(id: LayerId, signal?: AbortSignal): Promise<ApiResult<ZoneCollection>> {
  return getJson(`/api/layers/${encodeURIComponent(id)}`, signal);
}

/** One label point per zone of a labelled layer (what the first view draws of it). */
export function fetchLayerLabels(id: LayerId, signal?: AbortSignal): Promise<ApiResult<ZoneLabelCollection>> {
  return getJson(`/api/layers/${encodeURIComponent(id)}/labels`, signal);
}
