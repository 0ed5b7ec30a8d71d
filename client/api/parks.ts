import type { Static } from "typebox";
import type { Park as ParkSchema, ParkShares as ParkSharesSchema } from "../../server/schemas/parks.js";
import { type ApiResult, getJson } from "./request.js";

export type Park = Static<typeof ParkSchema>;
/** Each block's share of its sub-park (DOMAIN.md §4.5); shares 0..1. */
export type ParkShares = Static<typeof ParkSharesSchema>;

export function fetchParks(signal?: AbortSignal): Promise<ApiResult<Park[]>> {
  return getJson("/api/parks", signal);
}

export function fetchParkShares(parkId: number, signal?: AbortSignal): Promise<ApiResult<ParkShares>> {
  return getJson(`/api/parks/${parkId}/shares`, signal);
}
