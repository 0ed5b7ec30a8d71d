import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from "geojson";
import type { BlockFeature, BlockVersion } from "../server/db/block-store.js";
import type { Park } from "../server/db/park-store.js";
import type { OverlapEntry } from "../server/domain/analysis-report.js";
import type { LayerId, LayerInfo } from "../server/domain/layers.js";
import type { Precheck } from "../server/domain/recognition-checks.js";

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

/** One request → a result value: the JSON answer, or the server's `error` (a network failure is "network"). */
async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH",
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  const { body, headers = {}, signal } = options;
  const isForm = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: "application/json",
        ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted)
      return { ok: false, problem: { code: "aborted", message: "The request was cancelled." } };
    return { ok: false, problem: { code: "network", message: String(error) } };
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, value: answer as T };
  const error = (answer as { error?: ApiProblem } | undefined)?.error;
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

function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  return request<T>("GET", path, { signal });
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

// —— Review, reduction, evaluation, site check, import/export (issue 6 review views, issue 7 UI) ——

/** POST/PUT a JSON body (or a FormData upload). */
function sendJson<T>(
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return request<T>(method, path, { body: body ?? {}, headers });
}

/** One row of the overlap table (GET /api/blocks/:id/analysis): shares 0..1. */
export type OverlapRow = OverlapEntry;
export type { Precheck };

export interface BlockAnalysis {
  areaKm2: number;
  areaHectares: number;
  planarAreaKm2: number;
  planarCrs: string;
  gkZone: number;
  centralMeridianDeg: number;
  perimeterKm: number;
  parts: number;
  overlaps: OverlapRow[];
  zgc: { insideKm2: number; outsideKm2: number; shareInside: number };
  flags: { flag: string; id: number; name: string }[];
  prechecks: {
    checks: Precheck[];
    compactness: number;
    maxGapKm: number;
    inEcoArea: boolean;
    manualReview: string[];
  };
}

export function fetchBlockAnalysis(id: number, signal?: AbortSignal): Promise<ApiResult<BlockAnalysis>> {
  return getJson(`/api/blocks/${id}/analysis`, signal);
}

export interface CompositionTerm {
  key: string;
  operation: "+" | "-" | "=";
  areaKm2: number;
}

export interface Composition {
  baseline: { id: number; frozenAt: string; frozenBy: string; unionKm2: number } | null;
  terms: CompositionTerm[];
  cap: { key: string; operation: "+" | "-" | "="; areaKm2: number }[];
  flaggedBlocks: {
    blockId: number;
    name: string;
    status: string;
    outsideBaselineKm2: number;
    insideDeclaredKm2: number;
  }[];
  unionKm2: number;
  maxMunicipalKm2: number;
  municipalBlocksKm2: number;
  exceedsMaximum: boolean;
  headroomKm2: number;
  policyPreliminaryUnionKm2: number;
}

export function fetchComposition(signal?: AbortSignal): Promise<ApiResult<Composition>> {
  return getJson("/api/composition", signal);
}

export interface ParkShares {
  parkId: number;
  parkAreaKm2: number;
  basis: "official" | "in-force-union" | "in-force-sum";
  blocks: { id: number; name: string; level: string; status: string; areaKm2: number; shareOfPark: number }[];
}

export function fetchParkShares(parkId: number, signal?: AbortSignal): Promise<ApiResult<ParkShares>> {
  return getJson(`/api/parks/${parkId}/shares`, signal);
}

export interface SiteCheck {
  zones: { id: number; kind: string; name: string; nameEn: string }[];
  blocks: { id: number; name: string; level: string; status: string; parkId: number; parkName: string }[];
  facts: Record<string, boolean>;
  insideMunicipalOrAboveZone: boolean;
  newManufacturingAllowed: boolean;
  pendingRecognitionWouldAllow: boolean;
  policies: string[];
}

export function checkSite(lngLat: [number, number]): Promise<ApiResult<SiteCheck>> {
  return sendJson("POST", "/api/site-check", { geometry: { type: "Point", coordinates: lngLat } });
}

/** GET /api/blocks/:id/exit-decision (DOMAIN.md §4.5). */
export interface ExitDecisionView {
  blockId: number;
  blockVersion: number;
  action: "eliminate" | "reduce" | "manual-review";
  rule: 1 | 2 | 3 | 4;
  areaKm2: number;
  parkAreaKm2: number;
  shareOfPark: number;
  countedInParkArea: boolean;
  sizeClass: "small" | "large";
  shareClass: "below" | "above" | "at-threshold";
  keepRatio: number | null;
  targetAreaKm2: number | null;
  floorApplied: boolean;
  floorKm2: number | null;
  underFloor: boolean;
  settings: { shareAtThreshold: string; parkAreaBasis: string; underFloorAction: string };
  explanation: { zh: string; en: string };
}

export function fetchExitDecision(id: number, signal?: AbortSignal): Promise<ApiResult<ExitDecisionView>> {
  return getJson(`/api/blocks/${id}/exit-decision`, signal);
}

export interface ReductionRequestBody {
  strategy: "inset" | "cut";
  keepRatio?: number;
  angleDegrees?: number;
  keepSide?: "left" | "right" | "north" | "south" | "east" | "west";
  largestPartOnly?: boolean;
}

export interface ReductionPreview {
  type: "Feature";
  geometry: Geometry;
  properties: {
    blockId: number;
    blockVersion: number;
    strategy: "inset" | "cut";
    rule: number;
    keepRatio: number;
    targetAreaKm2: number;
    floorApplied: boolean;
    areaKm2: number;
    originalAreaKm2: number;
    errorRatio: number;
    parts: number;
    compactness: number;
    checks: {
      valid: boolean;
      coveredByOriginal: boolean;
      withinTolerance: boolean;
      aboveFloor: boolean | null;
    };
  };
}

export function previewReduction(
  id: number,
  body: ReductionRequestBody,
): Promise<ApiResult<ReductionPreview>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-preview`, body);
}

export interface ReductionProposal {
  type: "Feature";
  geometry: Geometry | null;
  properties: {
    id: number;
    blockId: number;
    blockVersion: number;
    stale: boolean;
    action: "reduce" | "eliminate";
    strategy: "inset" | "cut" | null;
    largestPartOnly: boolean;
    rule: number;
    keepRatio: number | null;
    targetAreaKm2: number | null;
    areaKm2: number | null;
    errorRatio: number | null;
    parts: number | null;
    note: string;
    createdAt: string;
    createdBy: string;
    appliedAt: string | null;
    appliedVersion: number | null;
  };
}

export function fetchProposals(
  id: number,
  signal?: AbortSignal,
): Promise<ApiResult<{ blockVersion: number; features: ReductionProposal[] }>> {
  return getJson(`/api/blocks/${id}/reduction-proposals`, signal);
}

export function saveProposal(
  id: number,
  body: ReductionRequestBody & { note?: string; action?: "reduce" | "eliminate" },
): Promise<ApiResult<ReductionProposal>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-proposals`, body);
}

export function applyProposal(
  id: number,
  proposalId: number,
  version: number,
): Promise<ApiResult<{ block: BlockFeature; proposal: ReductionProposal }>> {
  return sendJson("POST", `/api/blocks/${id}/reduction-proposals/${proposalId}/apply`, { version });
}

export interface ScoreBreakdownItem {
  key: string;
  kind: "base" | "bonus";
  raw: number | null;
  normalised: number | null;
  weightPercent: number;
  points: number;
  missing: string | null;
}

export interface RankingRow {
  blockId: number;
  code: string | null;
  name: string;
  park: { id: number; code: string; name: string };
  level: string;
  status: string;
  areaKm2: number;
  score: number;
  baseScore: number;
  bonusScore: number;
  rank: number | null;
  bottom5: boolean;
  complete: boolean;
  missing: string[];
  exempt: "transition" | "national" | null;
  breakdown: ScoreBreakdownItem[];
}

export interface RankChange {
  blockId: number;
  name: string;
  rankBefore: number | null;
  rankAfter: number | null;
  rankChange: number | null;
}

export interface Ranking {
  year: number;
  whatIf: boolean;
  method: string;
  weightsPercent: Record<string, number>;
  categories: { A: RankingRow[]; B: RankingRow[] };
  summary: Record<"A" | "B", { blocks: number; ranked: number; bottomCount: number; bottom5: number[] }>;
  comparison?: {
    categories: Record<
      "A" | "B",
      { changes: RankChange[]; enteredBottom5: number[]; leftBottom5: number[]; bottom5Changed: boolean }
    >;
  };
}

export function fetchRanking(
  year: number,
  whatIfWeights?: Record<string, number>,
  signal?: AbortSignal,
): Promise<ApiResult<Ranking>> {
  const weights = whatIfWeights
    ? `?weights=${encodeURIComponent(
        Object.entries(whatIfWeights)
          .map(([key, value]) => `${key}:${value}`)
          .join(","),
      )}`
    : "";
  return getJson(`/api/evaluations/${year}/ranking${weights}`, signal);
}

export interface EvaluationWeights {
  year: number;
  method: string;
  weightsPercent: Record<string, number>;
  baseSumPercent: number;
  indicators: { key: string; kind: "base" | "bonus"; zh: string; en: string; weightPercent: number }[];
}

export function fetchWeights(year: number, signal?: AbortSignal): Promise<ApiResult<EvaluationWeights>> {
  return getJson(`/api/evaluations/${year}/weights`, signal);
}

export interface Transition {
  blockId: number;
  name: string | null;
  park: string | null;
  recognizedOn: string;
  endsOn: string;
  result: { state: "in-transition" | "met" | "unmet" | "missing-data" };
}

export function fetchTransitions(
  signal?: AbortSignal,
): Promise<ApiResult<{ asOf: string; transitions: Transition[] }>> {
  return getJson("/api/evaluations/transitions", signal);
}

export interface ImportFeatureReport {
  index: number;
  source: string;
  outcome: "accepted" | "repaired" | "rejected";
  reason?: string;
  message?: string;
  changes: string[];
  areaKm2?: number;
  areaHectares?: number;
  fields?: { name?: string; code?: string; parkId?: number; level?: string; status?: string };
  missing?: string[];
  problems?: string[];
}

/** How the attribute text was decoded, and samples under each plausible encoding (issue 17). */
export interface ImportEncoding {
  used: string;
  source: string;
  reason?: string;
  alternatives?: { encoding: string; samples: string[]; undecodable: number }[];
}

export interface ImportLayer {
  name: string;
  featureCount: number;
  geometryType: string;
  chosen: boolean;
}

export interface ImportPreview {
  id: string;
  status: string;
  fileName: string;
  format: string;
  encoding?: ImportEncoding;
  layers?: ImportLayer[];
  crs: {
    code: string;
    name: string;
    source: string;
    axesSwapped: boolean;
    gcj02Converted: boolean;
    assumed: string[];
  };
  summary: {
    total: number;
    accepted: number;
    repaired: number;
    rejected: number;
    areaKm2: number;
    areaHectares: number;
  };
  mapping: {
    proposed: Record<string, string | null>;
    fields: { source: string; samples: unknown[]; target: string }[];
  };
  warnings: string[];
  features: ImportFeatureReport[];
}

/** Uploads with progress (XMLHttpRequest: fetch has no upload progress). */
export function uploadImport(
  form: FormData,
  onProgress: (share: number) => void,
): Promise<ApiResult<ImportPreview>> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/imports");
    request.setRequestHeader("accept", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => resolve({ ok: false, problem: { code: "network", message: "Upload failed." } });
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300)
        return resolve({ ok: true, value: body as ImportPreview });
      const error = (body as { error?: ApiProblem } | undefined)?.error;
      resolve({
        ok: false,
        problem: {
          code: error?.code ?? "http-error",
          message: error?.message ?? `${request.status} ${request.statusText}`,
          status: request.status,
          details: error?.details,
        },
      });
    };
    request.send(form);
  });
}

export function commitImport(
  id: string,
  body: { parkId?: number; level?: string; namePrefix?: string; mapping?: Record<string, string | null> },
): Promise<ApiResult<{ committed: number; blocks: { index: number; id: number; name: string }[] }>> {
  return sendJson("POST", `/api/imports/${encodeURIComponent(id)}/commit`, body);
}

// —— Drawing and editing blocks (issue 6, engineer A) ——

/** The body of a block write: a GeoJSON Feature with the block's attributes. */
export interface BlockWrite {
  type: "Feature";
  geometry: Polygon | MultiPolygon;
  properties: { name: string; parkId: number; level: BlockFeature["properties"]["level"] };
}

function requestBlockJson<T>(
  method: "POST" | "PATCH",
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  return request<T>(method, path, { body, headers, signal });
}

/** POST /api/analysis: the server's area and overlap analysis of a drawn geometry (authoritative). */
export function analyseGeometry<T>(
  geometry: Polygon | MultiPolygon,
  signal?: AbortSignal,
  excludeBlockId?: number,
): Promise<ApiResult<T>> {
  return requestBlockJson("POST", "/api/analysis", { geometry, excludeBlockId }, {}, signal);
}

export function fetchBlock(id: number, signal?: AbortSignal): Promise<ApiResult<BlockFeature>> {
  return getJson(`/api/blocks/${id}`, signal);
}

/** POST /api/blocks → 201 with the stored block (version 1). */
export function createBlock(block: BlockWrite): Promise<ApiResult<BlockFeature>> {
  return requestBlockJson("POST", "/api/blocks", block);
}

/** PATCH /api/blocks/:id with `If-Match: "<version>"`; a 409 `version-conflict` names `currentVersion`. */
export function updateBlock(
  id: number,
  version: number,
  block: BlockWrite,
): Promise<ApiResult<BlockFeature>> {
  return requestBlockJson("PATCH", `/api/blocks/${id}`, block, { "if-match": `"${version}"` });
}

/** The accepted features of an import preview, for the map (GET /api/imports/:id/features). */
export function fetchImportFeatures(id: string, signal?: AbortSignal): Promise<ApiResult<FeatureCollection>> {
  return getJson(`/api/imports/${encodeURIComponent(id)}/features`, signal);
}

export interface Recommendations {
  year: number;
  topPercent: number;
  rule: { zh: string; en: string };
  categories: Record<
    "A" | "B",
    { topPositions: number; recommended: { blockId: number; name: string; rank: number | null }[] }
  >;
}

/** Municipal blocks recommended first for the national zone (§4.3), GET /api/evaluations/:year/recommendations. */
export function fetchRecommendations(
  year: number,
  signal?: AbortSignal,
): Promise<ApiResult<Recommendations>> {
  return getJson(`/api/evaluations/${year}/recommendations`, signal);
}

/** GET /api/tiles/version: the data version the vector tiles are made from (changes with every edit). */
export function fetchTileVersion(signal?: AbortSignal): Promise<ApiResult<{ version: string }>> {
  return getJson("/api/tiles/version", signal);
}
