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
  properties: { name: string; parkId: number; level: BlockFeature["properties"]["level"] };
}

export function fetchBlocks(signal?: AbortSignal): Promise<ApiResult<BlockCollection>> {
  return getJson("/api/blocks", signal);
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
