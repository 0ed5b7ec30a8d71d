import type { MultiPolygon, Polygon } from "geojson";
import type {
  BlockAnalysis,
  OverlapEntry,
  ParcelSiteCheck,
  PointSiteCheck,
  Precheck,
} from "../../server/schemas/analysis.js";
import { type ApiResult, getJson, request, sendJson } from "./request.js";

/** One row of the overlap table (GET /api/blocks/:id/analysis): shares 0..1. */
export type OverlapRow = OverlapEntry;
export type { BlockAnalysis, Precheck };
/** POST /api/site-check of a point: what contains it and which policies apply. */
export type SiteCheck = PointSiteCheck;
/** POST /api/site-check of a parcel: its shares inside each kind of area, the policies, the analysis. */
export type ParcelCheck = ParcelSiteCheck;

export function fetchBlockAnalysis(id: number, signal?: AbortSignal): Promise<ApiResult<BlockAnalysis>> {
  return getJson(`/api/blocks/${id}/analysis`, signal);
}

/** POST /api/analysis: the server's area and overlap analysis of a drawn geometry (authoritative). */
export function analyseGeometry<T>(
  geometry: Polygon | MultiPolygon,
  signal?: AbortSignal,
  excludeBlockId?: number,
): Promise<ApiResult<T>> {
  return request<T>("POST", "/api/analysis", { body: { geometry, excludeBlockId }, headers: {}, signal });
}

export function checkSite(lngLat: [number, number]): Promise<ApiResult<SiteCheck>> {
  return sendJson("POST", "/api/site-check", { geometry: { type: "Point", coordinates: lngLat } });
}

/** A parcel (one ring of clicked or typed positions, closed here) checked as a polygon. */
export function checkParcel(ring: readonly [number, number][]): Promise<ApiResult<ParcelCheck>> {
  const closed = [...ring, ring[0]].map(([lng, lat]) => [lng, lat]);
  return sendJson("POST", "/api/site-check", { geometry: { type: "Polygon", coordinates: [closed] } });
}
