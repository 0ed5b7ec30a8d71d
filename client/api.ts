import type { FeatureCollection, Geometry } from "geojson";
import type { BlockFeature, BlockVersion } from "../server/db/block-store.js";
import type { Park } from "../server/db/park-store.js";
import type { LayerId, LayerInfo } from "../server/domain/layers.js";

/**
 * Typed wrappers around the REST API. Every call returns a result value: the data, or the server's
 * `{ error: { code, message } }` (a network failure becomes code "network").
 */
export type { BlockFeature, BlockVersion, LayerId, LayerInfo, Park };
export type BlockCollection = FeatureCollection<BlockFeature["geometry"], BlockFeature["properties"]>;

/** Properties of a reference-layer feature (GET /api/layers/:id). */
export interface ZoneProperties {
  id: number | string;
  code: string;
  kind: string;
  name: string;
  nameEn: string;
  areaKm2: number;
  areaHectares: number;
}
export type ZoneCollection = FeatureCollection<Geometry, ZoneProperties>;

export interface ApiProblem {
  code: string;
  message: string;
  status?: number;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

async function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" }, signal });
  } catch (error) {
    if (signal?.aborted)
      return { ok: false, problem: { code: "aborted", message: "The request was cancelled." } };
    return { ok: false, problem: { code: "network", message: String(error) } };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, value: body as T };
  const error = (body as { error?: ApiProblem } | undefined)?.error;
  return {
    ok: false,
    problem: {
      code: error?.code ?? "http-error",
      message: error?.message ?? `${response.status} ${response.statusText}`,
      status: response.status,
      details: error?.details,
    },
  };
}

export function fetchParks(signal?: AbortSignal): Promise<ApiResult<Park[]>> {
  return getJson("/api/parks", signal);
}

export function fetchLayers(signal?: AbortSignal): Promise<ApiResult<LayerInfo[]>> {
  return getJson("/api/layers", signal);
}

export function fetchLayer(id: LayerId, signal?: AbortSignal): Promise<ApiResult<ZoneCollection>> {
  return getJson(`/api/layers/${encodeURIComponent(id)}`, signal);
}

export function fetchBlocks(signal?: AbortSignal): Promise<ApiResult<BlockCollection>> {
  return getJson("/api/blocks", signal);
}

export function fetchBlockHistory(id: number, signal?: AbortSignal): Promise<ApiResult<BlockVersion[]>> {
  return getJson(`/api/blocks/${id}/history`, signal);
}
