import type { ApplicationAction, ApplicationState } from "../../server/domain/round-application.js";
import type { BlockPrechecks } from "../../server/domain/round-prechecks.js";
import { type ApiResult, getJson, request, sendJson } from "./request.js";

/** 集中认定 (issue #13): the round board's calls. */
export interface Round {
  id: number;
  year: number;
  name: string;
  applicationsUntil: string;
  reviewUntil: string;
  departments: string[];
  state: "open" | "closed";
}

export interface ApplicationBlock {
  id: number;
  code: string | null;
  name: string;
  parkName: string;
  status: string;
  areaKm2: number;
}

export interface ApplicationSummary {
  id: number;
  roundId: number;
  district: string;
  title: string;
  state: ApplicationState;
  version: number;
  blocks: ApplicationBlock[];
}

export interface Material {
  id: number;
  kind: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  removed: boolean;
}

export interface ApplicationVersion {
  version: number;
  title: string;
  blockIds: number[];
  materialIds: number[];
  submittedBy: string;
  submittedAt: string;
  prechecks: {
    computedAt: string;
    blocks: BlockPrechecks[];
    composition: {
      headroomKm2: number;
      applicationAreaKm2: number;
      headroomAfterKm2: number;
      exceeds: boolean;
    };
    judgement: string[];
  };
}

export interface ApplicationDetail extends ApplicationSummary {
  round: { id: number; year: number; name: string; departments: string[] } | null;
  materials: Material[];
  missingMaterials: string[];
  versions: ApplicationVersion[];
  opinions: {
    id: number;
    version: number;
    department: string;
    opinion: string;
    text: string;
    materialIds: number[];
    recordedBy: string;
    recordedAt: string;
  }[];
  departmentsMissing: string[];
  checklist: { version: number; condition: string; met: boolean; reason: string; recordedBy: string }[];
  checklistMissing: string[];
  events: {
    version: number;
    action: string;
    from: string | null;
    to: string;
    note: Record<string, unknown>;
    actor: string;
    at: string;
  }[];
  reply: {
    decision: "approved" | "rejected";
    reference: string;
    repliedOn: string;
    approvedBlockIds: number[];
    conditions: string;
    reasons: Record<string, string>;
  } | null;
  allowedActions: ApplicationAction[];
}

export const fetchRounds = (signal?: AbortSignal) => getJson<Round[]>("/api/rounds", signal);
export const fetchApplications = (roundId: number, signal?: AbortSignal) =>
  getJson<ApplicationSummary[]>(`/api/rounds/${roundId}/applications`, signal);
export const fetchApplication = (id: number, signal?: AbortSignal) =>
  getJson<ApplicationDetail>(`/api/applications/${id}`, signal);

export const openRound = (body: Omit<Round, "id" | "state">) => sendJson<Round>("POST", "/api/rounds", body);

export const createApplication = (roundId: number, body: { title: string; blockIds: number[] }) =>
  sendJson<ApplicationDetail>("POST", `/api/rounds/${roundId}/applications`, body);

export const takeStep = (id: number, action: ApplicationAction, body: Record<string, unknown>) =>
  sendJson<ApplicationDetail>("POST", `/api/applications/${id}/actions/${action}`, body);

export const recordOpinion = (id: number, body: { department: string; opinion: string; text: string }) =>
  sendJson<ApplicationDetail>("POST", `/api/applications/${id}/opinions`, body);

export const recordChecklist = (id: number, items: { condition: string; met: boolean; reason: string }[]) =>
  sendJson<ApplicationDetail>("PUT", `/api/applications/${id}/checklist`, { items });

export function uploadMaterial(id: number, kind: string, file: File): Promise<ApiResult<Material>> {
  const form = new FormData();
  form.append("file", file);
  return request<Material>("POST", `/api/applications/${id}/materials?kind=${encodeURIComponent(kind)}`, {
    body: form,
  });
}

export const materialUrl = (applicationId: number, materialId: number) =>
  `/api/applications/${applicationId}/materials/${materialId}`;
