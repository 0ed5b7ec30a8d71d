import type { Knex } from "knex";
import type { Stores } from "../app-context.js";
import type { AuditActor } from "../db/audit-store.js";
import {
  type CheckedGeometry,
  MAX_PREVIEW_BYTES,
  type NewPreview,
  previewBytes,
} from "../db/import-store.js";
import { ApiError, badRequest } from "../errors.js";
import { proposeMapping } from "../formats/attribute-mapping.js";
import { resolveSourceCrs } from "../formats/crs-resolve.js";
import { datasetBbox, prepareCandidates } from "../formats/import-candidates.js";
import { buildReport, type ImportReport } from "../formats/import-report.js";
import type { SourceDataset } from "../formats/source-dataset.js";
import { withBlockOverlaps } from "../routes/import-overlaps.js";
import { type parseOptions, readError } from "../routes/import-upload.js";
import { readUploadInWorker } from "../workers/upload-read.js";

/**
 * The preview of an upload (issue 7), shared by POST /imports (small files, inside the request) and the
 * import-preview job (issue #14 item 1): read the file in the worker pool, resolve its coordinate system, check
 * every feature's topology like a drawn block's, add the live blocks each overlaps, and build the report.
 * Failures are ApiErrors: the route answers them, the job fails with their message.
 */
export const MAX_IMPORT_FEATURES = 5000;

export type UploadOptions = ReturnType<typeof parseOptions>;

/** Checking and overlap steps report to the job (stage words the UI shows): "checking", "overlaps". */
export type PreviewStep = (stage: "checking" | "overlaps", done: number, total: number) => Promise<void>;

export interface BuiltPreview {
  preview: NewPreview;
  report: ImportReport & { fieldNames: string[] };
}

/** Reads an upload in a pool worker; a reader's failure is its 4xx. */
export async function readDataset(
  fileName: string,
  data: Uint8Array,
  options: UploadOptions,
): Promise<SourceDataset> {
  const read = await readUploadInWorker(fileName, data, {
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.layer ? { layer: options.layer } : {}),
    ...(options.groupBy ? { dxfGrouping: options.groupBy } : {}),
  });
  if (!read.ok) throw readError(read);
  if (read.value.features.length > MAX_IMPORT_FEATURES) {
    throw new ApiError(
      413,
      "too-many-features",
      `The file has ${read.value.features.length} features; at most ${MAX_IMPORT_FEATURES} are imported at once.`,
    );
  }
  return read.value;
}

export async function buildPreview(
  stores: Stores,
  input: {
    fileName: string;
    dataset: SourceDataset;
    options: UploadOptions;
    actor: string;
    /** The stored preview's cap (the IMPORT_PREVIEW_MAX_BYTES setting); default MAX_PREVIEW_BYTES. */
    maxBytes?: number;
  },
  onStep?: PreviewStep,
): Promise<BuiltPreview> {
  const { dataset, options, fileName } = input;
  const crs = resolveSourceCrs({
    ...(options.sourceCrs ? { userCrs: options.sourceCrs } : {}),
    ...(dataset.declaredCrs ? { declared: dataset.declaredCrs } : {}),
    bbox: datasetBbox(dataset),
    gcj02: options.gcj02,
  });
  if (!crs.ok) throw badRequest(crs.code, crs.message, crs.details);
  const candidates = prepareCandidates(dataset, crs);
  const topology = new Map<number, CheckedGeometry>();
  for (const [done, candidate] of candidates.entries()) {
    // Each check is two short queries: on PGlite's one connection other requests are served between them.
    await onStep?.("checking", done, candidates.length);
    if (candidate.geometry)
      topology.set(candidate.index, await stores.imports.checkGeometry(candidate.geometry, options.repair));
  }
  const fieldNames = [...new Set(candidates.flatMap((candidate) => Object.keys(candidate.properties)))];
  const built = buildReport({
    fileName,
    format: dataset.format,
    ...(dataset.encoding ? { encoding: dataset.encoding } : {}),
    ...(dataset.layers ? { layers: dataset.layers } : {}),
    crs,
    warnings: dataset.warnings,
    candidates,
    topology,
    mapping: proposeMapping(fieldNames),
    parks: (await stores.parks.list()).map(({ id, code, name }) => ({ id, code, name })),
  });
  const report = await withBlockOverlaps(
    built,
    topology,
    stores.blockOverlaps,
    onStep ? (done, total) => onStep("overlaps", done, total) : undefined,
  );
  const kept = report.features.filter((feature) => feature.outcome !== "rejected");
  if (kept.length === 0) {
    const reasons = [...new Set(report.features.map((feature) => feature.reason).filter(Boolean))];
    throw badRequest(
      "no-importable-features",
      `No feature of the file can become a block: see the report${reasons.length ? ` (${reasons.join(", ")})` : ""}.`,
      { summary: report.summary, crs: report.crs, features: report.features.slice(0, 100) },
    );
  }
  const features = kept.map((feature) => ({
    index: feature.index,
    geoJson: topology.get(feature.index)?.geoJson as string,
    properties: candidates[feature.index].properties,
  }));
  const storedBytes = previewBytes(features);
  const maxBytes = input.maxBytes ?? MAX_PREVIEW_BYTES;
  if (storedBytes > maxBytes) {
    throw new ApiError(
      413,
      "preview-too-large",
      `The file's ${features.length} blocks would need ${storedBytes} bytes of preview; at most ${maxBytes} are kept (setting IMPORT_PREVIEW_MAX_BYTES): split the file.`,
      { bytes: storedBytes, limitBytes: maxBytes },
    );
  }
  return {
    report: { ...report, fieldNames },
    preview: {
      fileName,
      format: dataset.format,
      report: { ...report, fieldNames },
      features,
      actor: input.actor,
    },
  };
}

/**
 * Stores the preview with its audit row in one transaction; `inTransaction` adds the job's own steps to it (the
 * upload's row deleted and the job marked succeeded: kill -9 leaves the upload waiting or the preview stored).
 */
export async function savePreview(
  stores: Stores,
  audit: AuditActor,
  built: BuiltPreview,
  inTransaction?: (trx: Knex.Transaction, id: string) => Promise<void>,
): Promise<string> {
  const { preview, report } = built;
  return stores.audit.audited(audit, { action: "import.upload", entity: "import" }, async (trx) => {
    const saved = await stores.imports.save(preview, trx);
    await inTransaction?.(trx, saved);
    const after = { fileName: preview.fileName, format: preview.format, summary: report.summary };
    return { value: saved, entityId: saved, after };
  });
}
