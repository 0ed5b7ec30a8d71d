import type { FeatureCollection } from "geojson";
import type {
  ImportCommit,
  ImportCommitted,
  ImportFeatureReport,
  ImportPreview as ImportPreviewSchema,
} from "../../server/schemas/imports.js";
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

/** Uploads with progress (XMLHttpRequest: fetch has no upload progress). */
export function uploadImport(
  form: FormData,
  onProgress: (share: number) => void,
): Promise<ApiResult<ImportPreview>> {
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
      if (request.status >= 200 && request.status < 300)
        return resolve({ ok: true, value: body as ImportPreview });
      resolve({ ok: false, problem: problemOf(body, request.status, request.statusText) });
    };
    request.send(form);
  });
}

export function commitImport(id: string, body: ImportCommit): Promise<ApiResult<ImportCommitted>> {
  return sendJson("POST", `/api/imports/${encodeURIComponent(id)}/commit`, body);
}

/** The accepted features of an import preview, for the map (GET /api/imports/:id/features). */
export function fetchImportFeatures(id: string, signal?: AbortSignal): Promise<ApiResult<FeatureCollection>> {
  return getJson(`/api/imports/${encodeURIComponent(id)}/features`, signal);
}
