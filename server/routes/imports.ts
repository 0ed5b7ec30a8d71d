import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { requireParks } from "../auth/enforce.js";
import { IMPORT_INLINE_FEATURES } from "../config.js";
import { notFound } from "../errors.js";
import type { ImportReport } from "../formats/import-report.js";
import {
  commitImport,
  IMPORT_COMMIT_JOB,
  IMPORT_PREVIEW_JOB,
  type ImportCommitParams,
  type ImportPreviewParams,
  INLINE_UPLOAD_BYTES,
  importCommitJob,
  importPreviewJob,
  planImportCommit,
} from "../jobs/import-jobs.js";
import { buildPreview, readDataset, savePreview } from "../jobs/import-preview.js";
import {
  commitImportSchema,
  getImportSchema,
  importFeaturesSchema,
  uploadImportSchema,
} from "../schemas/imports.js";
import { auditActorOf } from "./audit-request.js";
import { MAX_UPLOAD_BYTES, parseOptions, readMultipart } from "./import-upload.js";
import { startJob } from "./job-start.js";
import { actorOf } from "./params.js";

export { MAX_IMPORT_FEATURES } from "../jobs/import-preview.js";

/**
 * Imports (issue 7): POST /imports reads an uploaded file, detects its coordinate system, checks every
 * feature like a drawn block and keeps a preview; POST /imports/:id/commit creates the blocks in one
 * transaction. Uploads are multipart (field `file`) with a size limit; options come as form fields or
 * query parameters (import-upload.ts): sourceCrs, gcj02, encoding, repair, layer, groupBy.
 * Decision (issue #14): up to `jobs.importInlineFeatures` features (default 200) both happen in the request
 * (201 as before); a larger file or commit, or an upload over 1 MB, is a job (202 with it; the upload's bytes
 * wait in the database for whichever server claims it). The client follows both.
 */
const PREVIEW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const importRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobStores, jobs, config, db } = context;
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });
  jobs.register(IMPORT_PREVIEW_JOB, importPreviewJob(jobStores, config.importPreviewMaxBytes));
  const staged = db.kind === "pglite" && !config.jobs.importCommitPlain;
  jobs.register(
    IMPORT_COMMIT_JOB,
    importCommitJob(jobStores, { staged, progressInTransaction: db.kind === "postgresql" }),
  );
  if (db.kind === "pglite") {
    // Staged commits a stopped server left (kill -9 midway): read by nothing, dropped once ready.
    const openedBefore = new Date();
    app.addHook("onReady", async () => {
      await stores.imports.dropStagedLeftovers(openedBefore);
    });
  }
  const inlineFeatures = config.jobs.importInlineFeatures ?? IMPORT_INLINE_FEATURES;
  const previews = stores.imports;

  app.post(
    "/imports",
    { schema: uploadImportSchema, config: { permission: "imports.create", scope: "in-route" } },
    async (request, reply) => {
      const upload = await readMultipart(request);
      const options = parseOptions({ ...request.query, ...upload.fields });
      if (upload.data.byteLength <= INLINE_UPLOAD_BYTES && inlineFeatures > 0) {
        const dataset = await readDataset(upload.fileName, upload.data, options);
        if (dataset.features.length <= inlineFeatures) {
          const built = await buildPreview(stores, {
            fileName: upload.fileName,
            dataset,
            options,
            actor: actorOf(request),
            ...(config.importPreviewMaxBytes ? { maxBytes: config.importPreviewMaxBytes } : {}),
          });
          const id = await savePreview(stores, auditActorOf(request), built);
          const { fieldNames: _fieldNames, ...report } = built.report;
          reply.code(201);
          return { id, status: "pending" as const, ...report };
        }
      }
      const uploadId = await previews.keepUpload({
        fileName: upload.fileName,
        data: upload.data,
        options,
        actor: actorOf(request),
      });
      const params: ImportPreviewParams = {
        uploadId,
        fileName: upload.fileName,
        audit: auditActorOf(request),
      };
      return startJob(context, request, reply, IMPORT_PREVIEW_JOB, { ...params });
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
      const body = request.body ?? {};
      const plan = await planImportCommit(stores, preview, body);
      await requireParks(
        request,
        stores,
        plan.blocks.map((block) => block.parkId),
      );
      if (plan.blocks.length > inlineFeatures) {
        const params: ImportCommitParams = { importId: preview.id, body, audit: auditActorOf(request) };
        return startJob(context, request, reply, IMPORT_COMMIT_JOB, { ...params });
      }
      const committed = await commitImport(stores, auditActorOf(request), preview, plan, { staged });
      reply.code(201);
      return committed;
    },
  );

  async function previewOrThrow(id: string) {
    const preview = PREVIEW_ID.test(id) ? await previews.get(id) : undefined;
    if (!preview) throw notFound("Import", id);
    return preview;
  }
};
