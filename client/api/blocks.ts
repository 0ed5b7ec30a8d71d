import type { MultiPolygon, Polygon } from "geojson";
import type { BlockCollection, BlockFeature, BlockVersion } from "../../server/schemas/blocks.js";
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
