import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { requireParks } from "../auth/enforce.js";
import {
  type CheckedGeometry,
  type CommitResult,
  MAX_PREVIEW_BYTES,
  type PreviewFeature,
  previewBytes,
} from "../db/import-store.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import {
  checkMapping,
  type FieldMapping,
  type ParkRef,
  proposeMapping,
} from "../formats/attribute-mapping.js";
import { resolveSourceCrs } from "../formats/crs-resolve.js";
import { datasetBbox, prepareCandidates } from "../formats/import-candidates.js";
import { type CommitDefaults, planCommit } from "../formats/import-commit.js";
import { buildReport, type ImportReport } from "../formats/import-report.js";
import {
  commitImportSchema,
  getImportSchema,
  type ImportCommit,
  importFeaturesSchema,
  uploadImportSchema,
} from "../schemas/imports.js";
import { readUploadInWorker } from "../workers/upload-read.js";
import { auditActorOf } from "./audit-request.js";
import { withBlockOverlaps } from "./import-overlaps.js";
import { MAX_UPLOAD_BYTES, parseOptions, readError, readMultipart } from "./import-upload.js";
import { actorOf } from "./params.js";

/**
 * Imports (issue 7): POST /imports reads an uploaded file, detects its coordinate system, checks every
 * feature like a drawn block and keeps a preview; POST /imports/:id/commit creates the blocks in one
 * transaction. Uploads are multipart (field `file`) with a size limit; options come as form fields or
 * query parameters (import-upload.ts): sourceCrs, gcj02, encoding, repair, layer, groupBy.
 */
export const MAX_IMPORT_FEATURES = 5000;

const PREVIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const importRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });
  const previews = stores.imports;

  async function parkRefs(): Promise<ParkRef[]> {
    return (await stores.parks.list()).map(({ id, code, name }) => ({ id, code, name }));
  }

  app.post(
    "/imports",
    { schema: uploadImportSchema, config: { permission: "imports.create", scope: "in-route" } },
    async (request, reply) => {
      const upload = await readMultipart(request);
      const options = parseOptions({ ...request.query, ...upload.fields });
      const read = await readUploadInWorker(upload.fileName, upload.data, {
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.layer ? { layer: options.layer } : {}),
        ...(options.groupBy ? { dxfGrouping: options.groupBy } : {}),
      });
      if (!read.ok) throw readError(read);
      const dataset = read.value;
      if (dataset.features.length > MAX_IMPORT_FEATURES) {
        throw new ApiError(
          413,
          "too-many-features",
          `The file has ${dataset.features.length} features; at most ${MAX_IMPORT_FEATURES} are imported at once.`,
        );
      }
      const crs = resolveSourceCrs({
        ...(options.sourceCrs ? { userCrs: options.sourceCrs } : {}),
        ...(dataset.declaredCrs ? { declared: dataset.declaredCrs } : {}),
        bbox: datasetBbox(dataset),
        gcj02: options.gcj02,
      });
      if (!crs.ok) throw badRequest(crs.code, crs.message, crs.details);
      const candidates = prepareCandidates(dataset, crs);
      const topology = new Map<number, CheckedGeometry>();
      for (const candidate of candidates) {
        if (candidate.geometry)
          topology.set(candidate.index, await previews.checkGeometry(candidate.geometry, options.repair));
      }
      const fieldNames = [...new Set(candidates.flatMap((candidate) => Object.keys(candidate.properties)))];
      const built = buildReport({
        fileName: upload.fileName,
        format: dataset.format,
        ...(dataset.encoding ? { encoding: dataset.encoding } : {}),
        ...(dataset.layers ? { layers: dataset.layers } : {}),
        crs,
        warnings: dataset.warnings,
        candidates,
        topology,
        mapping: proposeMapping(fieldNames),
        parks: await parkRefs(),
      });
      const report = await withBlockOverlaps(built, topology, stores.blockOverlaps);
      const kept = report.features.filter((feature) => feature.outcome !== "rejected");
      if (kept.length === 0) {
        throw badRequest(
          "no-importable-features",
          "No feature of the file can become a block: see the report.",
          {
            summary: report.summary,
            crs: report.crs,
            features: report.features.slice(0, 100),
          },
        );
      }
      const features: PreviewFeature[] = kept.map((feature) => ({
        index: feature.index,
        geoJson: topology.get(feature.index)?.geoJson as string,
        properties: candidates[feature.index].properties,
      }));
      const storedBytes = previewBytes(features);
      if (storedBytes > MAX_PREVIEW_BYTES) {
        throw new ApiError(
          413,
          "preview-too-large",
          `The file's ${features.length} blocks would need ${storedBytes} bytes of preview; at most ${MAX_PREVIEW_BYTES} are kept: split the file.`,
          { bytes: storedBytes, limitBytes: MAX_PREVIEW_BYTES },
        );
      }
      const preview = {
        fileName: upload.fileName,
        format: dataset.format,
        report: { ...report, fieldNames },
        features,
        actor: actorOf(request),
      };
      const id = await stores.audit.audited(
        auditActorOf(request),
        { action: "import.upload", entity: "import" },
        async (trx) => {
          const saved = await previews.save(preview, trx);
          const after = { fileName: upload.fileName, format: dataset.format, summary: report.summary };
          return { value: saved, entityId: saved, after };
        },
      );
      reply.code(201);
      return { id, status: "pending" as const, ...report };
    },
  );

  app.get("/imports/:id", { schema: getImportSchema }, async (request) => {
    const preview = await previewOrThrow(request.params.id);
    const { fieldNames: _fieldNames, ...report } = preview.report;
    return { id: preview.id, status: preview.status, blockIds: preview.blockIds, ...report };
  });

  app.get("/imports/:id/features", { schema: importFeaturesSchema }, async (request) => {
    const preview = await previewOrThrow(request.params.id);
    const reports = new Map(
      (preview.report.features as ImportReport["features"]).map((feature) => [feature.index, feature]),
    );
    return {
      type: "FeatureCollection" as const,
      features: preview.features.map((feature) => {
        const report = reports.get(feature.index);
        return {
          type: "Feature" as const,
          id: feature.index,
          geometry: JSON.parse(feature.geoJson),
          properties: {
            index: feature.index,
            outcome: report?.outcome,
            name: report?.fields?.name ?? null,
            areaKm2: report?.areaKm2,
            areaHectares: report?.areaHectares,
          },
        };
      }),
    };
  });

  app.post(
    "/imports/:id/commit",
    { schema: commitImportSchema, config: { permission: "imports.create", scope: "in-route" } },
    async (request, reply) => {
      const preview = await previewOrThrow(request.params.id);
      if (preview.status === "committed") {
        throw new ApiError(409, "import-committed", "This import was committed already.", {
          blockIds: preview.blockIds,
        });
      }
      const body = request.body ?? {};
      const defaults = await commitDefaults(body);
      const fieldNames = (preview.report.fieldNames as string[] | undefined) ?? [];
      const proposed = (preview.report.mapping as { proposed: FieldMapping }).proposed;
      const mapping = checkMapping(body.mapping, fieldNames, proposed);
      if (typeof mapping === "string") throw badRequest("bad-mapping", mapping);
      const chosen = chooseFeatures(preview.features, body.indexes);
      const plan = planCommit(chosen, mapping, defaults, await parkRefs());
      if (!plan.ok && plan.code === "missing-fields") {
        throw badRequest(
          "missing-fields",
          `${plan.incomplete.length} feature(s) lack block fields: map a field or give defaults (parkId, level, namePrefix).`,
          { features: plan.incomplete.slice(0, 100) },
        );
      }
      if (!plan.ok) {
        throw new ApiError(
          409,
          "duplicate-codes",
          `Codes repeat within the file: ${plan.codes.join(", ")}.`,
          {
            codes: plan.codes,
          },
        );
      }
      const blocks = plan.blocks;
      await requireParks(
        request,
        stores,
        blocks.map((block) => block.parkId),
      );
      const result = await stores.audit.audited<CommitResult>(
        auditActorOf(request),
        { action: "import.commit", entity: "import", entityId: preview.id },
        async (trx) => {
          const done = await previews.commit(preview.id, blocks, actorOf(request), stores.blocks, trx);
          if (done.outcome !== "committed") return { value: done, skip: true };
          return { value: done, after: { fileName: preview.fileName, blockIds: done.blockIds } };
        },
      );
      switch (result.outcome) {
        case "not-found":
          throw notFound("Import", preview.id);
        case "already-committed":
          throw new ApiError(409, "import-committed", "This import was committed already.", {
            blockIds: result.blockIds,
          });
        case "duplicate-codes":
          throw new ApiError(
            409,
            "duplicate-codes",
            `Blocks with these codes exist already: ${result.codes.join(", ")}. Map code to no field, or change the file.`,
            { codes: result.codes },
          );
        case "committed":
          reply.code(201);
          return {
            id: preview.id,
            status: "committed" as const,
            committed: result.blockIds.length,
            blocks: result.blockIds.map((id, i) => ({
              index: chosen[i].index,
              id,
              code: blocks[i].code,
              name: blocks[i].name,
            })),
          };
      }
    },
  );

  async function previewOrThrow(id: string) {
    const preview = PREVIEW_ID.test(id) ? await previews.get(id) : undefined;
    if (!preview) throw notFound("Import", id);
    return preview;
  }

  /** The commit's defaults; the schema has checked their types, the park must exist. */
  async function commitDefaults(body: ImportCommit) {
    const defaults: CommitDefaults = {};
    if (body.parkId !== undefined) {
      if (!(await stores.parks.get(body.parkId))) {
        throw badRequest("unknown-park", `Sub-park ${body.parkId} does not exist.`, { field: "parkId" });
      }
      defaults.parkId = body.parkId;
    }
    if (body.level !== undefined) defaults.level = body.level;
    if (body.status !== undefined) defaults.status = body.status;
    if (body.namePrefix !== undefined) defaults.namePrefix = body.namePrefix;
    return defaults;
  }
};

function chooseFeatures(features: PreviewFeature[], indexes: number[] | undefined): PreviewFeature[] {
  if (indexes === undefined) return features;
  const chosen = features.filter((feature) => indexes.includes(feature.index));
  if (chosen.length !== new Set(indexes).size) {
    throw badRequest("bad-property", "Some indexes are not accepted features of this import.");
  }
  return chosen;
}
