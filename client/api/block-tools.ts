import type { LineString } from "geojson";
import type { BlockListPage } from "../../server/schemas/blocks.js";
import type { BlockFeature } from "./blocks.js";
import { type ApiResult, getJson, request } from "./request.js";

/** POST /api/blocks/:id/split: the block keeps its largest piece, the others are new blocks. */
export function splitBlock(
  id: number,
  version: number,
  line: LineString,
): Promise<ApiResult<{ block: BlockFeature; newBlocks: BlockFeature[] }>> {
  return request("POST", `/api/blocks/${id}/split`, { body: { version, line } });
}

/** POST /api/blocks/:id/merge: `otherId` is merged into `id` (and withdrawn). */
export function mergeBlocks(
  kept: { id: number; version: number },
  other: { id: number; version: number },
): Promise<ApiResult<{ block: BlockFeature; merged: BlockFeature }>> {
  return request("POST", `/api/blocks/${kept.id}/merge`, {
    body: { version: kept.version, otherId: other.id, otherVersion: other.version },
  });
}

/** POST /api/blocks/:id/restore: an earlier version's content as a new version. */
export function restoreBlockVersion(
  id: number,
  version: number,
  fromVersion: number,
): Promise<ApiResult<BlockFeature>> {
  return request("POST", `/api/blocks/${id}/restore`, { body: { version, fromVersion } });
}

/** One row of the attribute table: properties only, never a geometry. */
export interface BlockRow {
  id: number;
  code: string | null;
  name: string;
  parkName: string;
  level: BlockFeature["properties"]["level"];
  status: BlockFeature["properties"]["status"];
  areaKm2: number;
  updatedAt: string;
  version: number;
}

export const BLOCK_ROW_FIELDS = "code,name,parkName,level,status,areaKm2,updatedAt,version";

export interface BlockRowQuery {
  text: string;
  level: string;
  status: string;
  cursor: number | null;
  limit: number;
}

/** A page of the attribute table from GET /api/blocks (fields, filters, limit, cursor). */
export async function fetchBlockRows(
  query: BlockRowQuery,
  signal?: AbortSignal,
): Promise<ApiResult<{ rows: BlockRow[]; nextCursor: number | null }>> {
  const params = new URLSearchParams({ fields: BLOCK_ROW_FIELDS, limit: String(query.limit) });
  if (query.text.trim()) params.set("q", query.text.trim());
  if (query.level) params.set("level", query.level);
  if (query.status) params.set("status", query.status);
  if (query.cursor !== null) params.set("cursor", String(query.cursor));
  const page = await getJson<BlockListPage>(`/api/blocks?${params}`, signal);
  if (!page.ok) return page;
  return {
    ok: true,
    value: {
      rows: page.value.features.map((feature) => feature.properties as unknown as BlockRow),
      nextCursor: page.value.nextCursor,
    },
  };
}

/** The box of some blocks, from the server (GET /api/blocks/:id: one at a time, a handful at most). */
export async function fetchBlockGeometries(ids: readonly number[]): Promise<BlockFeature[]> {
  const found: BlockFeature[] = [];
  for (const id of ids) {
    const result = await getJson<BlockFeature>(`/api/blocks/${id}`);
    if (result.ok) found.push(result.value);
  }
  return found;
}
