import type { MultiPolygon, Polygon } from "geojson";
import type { Static } from "typebox";
import type {
  BlockCollection,
  BlockFeature,
  BlockListPage,
  BlockVersion,
  blockCountsSchema,
} from "../../server/schemas/blocks.js";
import { type ApiResult, getJson, request } from "./request.js";

export type { BlockCollection, BlockFeature, BlockVersion };

/** The body of a block write: a GeoJSON Feature with the block's attributes. */
export interface BlockWrite {
  type: "Feature";
  geometry: Polygon | MultiPolygon;
  properties: {
    name: string;
    code?: string | null;
    parkId: number;
    level: BlockFeature["properties"]["level"];
    attributes?: Record<string, string | number>;
  };
}

/**
 * Blocks with their geometry, only those asked for: in a lon/lat box (what drawing snaps to in the view) or by
 * id (on-demand detail). The map itself draws every block from tiles and never downloads them all.
 */
export async function fetchBlockGeometries(
  filter:
    | { bbox: readonly [number, number, number, number] }
    | { ids: readonly number[] }
    | { status: string },
  signal?: AbortSignal,
): Promise<ApiResult<BlockFeature[]>> {
  const query = new URLSearchParams({ fields: "name,parkId,level,status,areaKm2,geometry", limit: "2000" });
  if ("bbox" in filter) query.set("bbox", filter.bbox.map((value) => value.toFixed(6)).join(","));
  else if ("ids" in filter) query.set("ids", filter.ids.join(","));
  else query.set("status", filter.status);
  const page = await getJson<BlockListPage>(`/api/blocks?${query}`, signal);
  return page.ok ? { ok: true, value: page.value.features as unknown as BlockFeature[] } : page;
}

/** The lon/lat box around a sub-park's blocks or some blocks (GET /api/blocks/extent), null when none. */
export async function fetchBlocksExtent(
  filter: { park: number } | { ids: readonly number[] },
  signal?: AbortSignal,
): Promise<ApiResult<[number, number, number, number] | null>> {
  const query = "park" in filter ? `park=${filter.park}` : `ids=${filter.ids.join(",")}`;
  const extent = await getJson<{ count: number; bbox: [number, number, number, number] | null }>(
    `/api/blocks/extent?${query}`,
    signal,
  );
  return extent.ok ? { ok: true, value: extent.value.bbox } : extent;
}

/** A found block as the search lists it: properties only (GET /api/blocks?q=&fields=). */
export interface BlockSearchHit {
  id: number;
  name: string;
  parkName: string;
  status: BlockFeature["properties"]["status"];
}

/**
 * The server's search (name, code or sub-park name), by id, at most `limit` blocks; `more` is true when there
 * are others.
 */
export async function searchBlocks(
  text: string,
  limit: number,
  signal?: AbortSignal,
): Promise<ApiResult<{ hits: BlockSearchHit[]; more: boolean }>> {
  const query = new URLSearchParams({ q: text, limit: String(limit), fields: "name,parkName,status" });
  const page = await getJson<BlockListPage>(`/api/blocks?${query}`, signal);
  if (!page.ok) return page;
  return {
    ok: true,
    value: {
      hits: page.value.features.map((feature) => feature.properties as unknown as BlockSearchHit),
      more: page.value.nextCursor !== null,
    },
  };
}

/** How many blocks of each level and status (GET /api/blocks/counts: one group by on the server). */
export type BlockCounts = Static<(typeof blockCountsSchema.response)[200]>;

export function fetchBlockCounts(signal?: AbortSignal): Promise<ApiResult<BlockCounts>> {
  return getJson("/api/blocks/counts", signal);
}

export function fetchBlock(id: number, signal?: AbortSignal): Promise<ApiResult<BlockFeature>> {
  return getJson(`/api/blocks/${id}`, signal);
}

export function fetchBlockHistory(id: number, signal?: AbortSignal): Promise<ApiResult<BlockVersion[]>> {
  return getJson(`/api/blocks/${id}/history`, signal);
}

/** POST /api/blocks → 201 with the stored block (version 1). */
export function createBlock(block: BlockWrite): Promise<ApiResult<BlockFeature>> {
  return request("POST", "/api/blocks", { body: block, headers: {} });
}

/** PATCH /api/blocks/:id with `If-Match: "<version>"`; a 409 `version-conflict` names `currentVersion`. */
export function updateBlock(
  id: number,
  version: number,
  block: BlockWrite,
): Promise<ApiResult<BlockFeature>> {
  return request("PATCH", `/api/blocks/${id}`, { body: block, headers: { "if-match": `"${version}"` } });
}

/** POST /api/blocks/:id/actions/:action with the version last seen and the reason (kept in the history). */
export function actOnBlock(
  id: number,
  action: string,
  version: number,
  reason: string,
): Promise<ApiResult<BlockFeature>> {
  return request("POST", `/api/blocks/${id}/actions/${action}`, { body: { version, reason } });
}
