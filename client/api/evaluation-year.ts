import type { EvaluationWeights } from "../../server/schemas/evaluations.js";
import type { Job } from "./jobs.js";
import { type ApiResult, getJson, request, sendJson } from "./request.js";

/** One step of a year's evaluation (报审, 审定, 退回), GET /api/evaluations/:year/approval. */
export interface YearStep {
  action: "submit" | "approve" | "return";
  state: "draft" | "submitted" | "approved";
  reference: string | null;
  approvedOn: string | null;
  reason: string | null;
  actedAt: string;
  actedBy: string;
}

/** A ranking entry as frozen at 报审 (the fields the flag preview shows). */
export interface FrozenEntry {
  blockId: number;
  name: string;
  level: string;
  status: string;
  rank: number | null;
  score: number;
  bottom5: boolean;
  park: { name: string };
}

export interface YearApproval {
  year: number;
  state: YearStep["state"];
  label: { zh: string; en: string };
  allowedActions: YearStep["action"][];
  steps: YearStep[];
  submitted: YearStep | null;
  approved: YearStep | null;
  frozen: { method: string; categories: Record<string, FrozenEntry[]> } | null;
}

export function fetchApproval(year: number, signal?: AbortSignal): Promise<ApiResult<YearApproval>> {
  return getJson(`/api/evaluations/${year}/approval`, signal);
}

/** 报审 (submit; `ignoreIncomplete` leaves out blocks without data), 审定 (approve) or 退回 (return). */
export function yearStep(
  year: number,
  step:
    | { action: "submit"; ignoreIncomplete: boolean }
    | { action: "approve"; reference: string; approvedOn: string }
    | { action: "return"; reason: string },
): Promise<ApiResult<YearApproval>> {
  const base = `/api/evaluations/${year}/approval`;
  switch (step.action) {
    case "submit":
      return sendJson("POST", `${base}/submit${step.ignoreIncomplete ? "?ignoreIncomplete=true" : ""}`, {});
    case "approve":
      return sendJson("POST", `${base}/approve`, { reference: step.reference, approvedOn: step.approvedOn });
    case "return":
      return sendJson("POST", `${base}/return`, { reason: step.reason });
  }
}

/** The per-row report of an indicator upload (PUT /api/evaluations/:year/indicators; 422 carries the same). */
export interface IndicatorReport {
  year: number;
  fileName: string | null;
  stored: number;
  rejected: number;
  /** Data rows in the import; `rows` lists at most 200 of them (the first with problems). */
  rowCount: number;
  omittedRows: number;
  rows: {
    index: number;
    line?: number;
    blockId: number | null;
    ok: boolean;
    problems: { field: string; code: string; message: string }[];
  }[];
}

export function templateUrl(year: number): string {
  return `/api/evaluations/${year}/template.xlsx`;
}

export function uploadIndicators(
  year: number,
  file: File,
  validRowsOnly: boolean,
): Promise<ApiResult<IndicatorReport>> {
  const form = new FormData();
  form.append("file", file, file.name);
  return request("PUT", `/api/evaluations/${year}/indicators${validRowsOnly ? "?validRowsOnly=true" : ""}`, {
    body: form,
  });
}

export function saveWeights(
  year: number,
  change: { method?: string; weightsPercent?: Record<string, number> },
): Promise<ApiResult<EvaluationWeights>> {
  return sendJson("PUT", `/api/evaluations/${year}/weights`, change);
}

/** What a flag run did: the result of its job (POST /api/evaluations/:year/flag-bottom → 202 with the job). */
export interface FlagRunResult {
  year: number;
  method: string;
  flagged: Record<string, unknown>[];
  rectificationPassed: Record<string, unknown>[];
  notJudged: Record<string, unknown>[];
}

export function startFlagRun(year: number): Promise<ApiResult<Job>> {
  return sendJson("POST", `/api/evaluations/${year}/flag-bottom`, {});
}

/** The exit batch as a job (POST /api/exit-batch → 202 with the job; followed as every job). */
export function startExitBatch(): Promise<ApiResult<Job>> {
  return sendJson("POST", "/api/exit-batch", { save: true });
}

/** A finished batch's rows (GET /api/jobs/:id/result): one per block, in order. */
export interface ExitBatchSummary {
  saved: number;
  results: Record<string, unknown>[];
}

export function fetchExitBatchResult(
  jobId: number,
  signal?: AbortSignal,
): Promise<ApiResult<ExitBatchSummary>> {
  return getJson(`/api/jobs/${jobId}/result`, signal);
}
