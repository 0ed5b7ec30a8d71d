import type { FeatureCollection } from "geojson";
import type { ImportNote } from "../../server/formats/import-notes.js";
import type {
  ImportCommit,
  ImportCommitted,
  ImportFeatureReport,
  ImportPreview as ImportPreviewSchema,
} from "../../server/schemas/imports.js";
import type { Job } from "./jobs.js";
import { type ApiResult, csrfHeader, getJson, problemOf, sendJson } from "./request.js";

export type { ImportFeatureReport };

/*
 * The route schema (server/schemas/imports.ts) names only `used` and `source` of the encoding and no `layers`;
 * the import dialog reads more, so these stay narrow hand types until the schema names them.
 */
/** How the attribute text was decoded, and samples under each plausible encoding (issue 17). */
export interface ImportEncoding {
  used: string;
  source: string;
  reason?: string;
  /** `reason` as a code with params (server/formats/import-notes.ts). */
  reasonNote?: ImportNote;
  alternatives?: { encoding: string; samples: string[]; undecodable: number }[];
}

export interface ImportLayer {
  name: string;
  featureCount: number;
  geometryType: string;
  chosen: boolean;
}

export type ImportPreview = Omit<ImportPreviewSchema, "encoding"> & {
  encoding?: ImportEncoding;
  layers?: ImportLayer[];
};

/**
 * What an upload or a commit answers: the preview or the created blocks at once (201), or — for a file or
 * commit above the server's inline threshold — the job that makes them (202; server/routes/imports.ts).
 */
export type Started<T> = { done: T } | { job: Job };

/** Uploads with progress (XMLHttpRequest: fetch has no upload progress). */
export function uploadImport(
  form: FormData,
  onProgress: (share: number) => void,
): Promise<ApiResult<Started<ImportPreview>>> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/imports");
    request.setRequestHeader("accept", "application/json");
    for (const [name, value] of Object.entries(csrfHeader())) request.setRequestHeader(name, value);
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
      if (request.status === 202) return resolve({ ok: true, value: { job: body as Job } });
      if (request.status >= 200 && request.status < 300)
        return resolve({ ok: true, value: { done: body as ImportPreview } });
      resolve({ ok: false, problem: problemOf(body, request.status, request.statusText) });
    };
    request.send(form);
  });
}

export async function commitImport(
  id: string,
  body: ImportCommit,
): Promise<ApiResult<Started<ImportCommitted>>> {
  const answer = await sendJson<ImportCommitted | Job>(
    "POST",
    `/api/imports/${encodeURIComponent(id)}/commit`,
    body,
  );
  if (!answer.ok) return answer;
  const value = answer.value;
  return { ok: true, value: "kind" in value ? { job: value } : { done: value } };
}

/** A stored preview (GET /api/imports/:id): what a finished preview job made. */
export function fetchImport(id: string, signal?: AbortSignal): Promise<ApiResult<ImportPreview>> {
  return getJson(`/api/imports/${encodeURIComponent(id)}`, signal);
}

/** The accepted features of an import preview, for the map (GET /api/imports/:id/features). */
export function fetchImportFeatures(id: string, signal?: AbortSignal): Promise<ApiResult<FeatureCollection>> {
  return getJson(`/api/imports/${encodeURIComponent(id)}/features`, signal);
}
