import { createHash } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { create as contentDisposition } from "content-disposition";
import type { FastifyRequest } from "fastify";
import type { AppContext, Stores } from "../app-context.js";
import { EDITABLE_STATES, type MaterialKind } from "../domain/round-application.js";
import { checkMaterialFile, MATERIAL_MAX_BYTES } from "../domain/round-materials.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import {
  downloadMaterialSchema,
  removeMaterialSchema,
  uploadMaterialSchema,
  uploadOpinionMaterialSchema,
} from "../schemas/rounds.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";
import { ownApplication, roundConflict, visibleApplication } from "./round-access.js";

/**
 * 认定材料 (《管理办法》第二部分 认定: 请示、重点指标数据、相关规划、空间利用情况) and the departments' opinion attachments:
 * uploaded as multipart (one file, field `file`), type- and size-checked (domain/round-materials.ts), stored in the
 * database with their SHA-256, and served back only as a download (Content-Disposition attachment, nosniff, a CSP
 * sandbox): the platform never opens or runs them.
 */
export const applicationMaterialRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  await app.register(multipart, { limits: { fileSize: MATERIAL_MAX_BYTES, files: 1, fields: 2, parts: 3 } });

  app.post(
    "/applications/:id/materials",
    { schema: uploadMaterialSchema, config: { permission: "applications.edit", scope: "in-route" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const { kind } = request.query;
      if (kind === "opinion")
        throw badRequest("bad-kind", "Opinion attachments go to POST /applications/:id/opinion-materials.");
      const application = await ownApplication(request, stores, id);
      if (!EDITABLE_STATES.includes(application.state))
        throw roundConflict(
          "application-not-editable",
          `Application ${id} is ${application.state}: materials change in a draft or a returned one.`,
        );
      reply.code(201);
      return storeMaterial(request, stores, id, kind, EDITABLE_STATES);
    },
  );

  app.post(
    "/applications/:id/opinion-materials",
    { schema: uploadOpinionMaterialSchema, config: { permission: "reviews.record" } },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const application = await visibleApplication(request, stores, id);
      if (application.state !== "reviewing")
        throw roundConflict(
          "not-in-review",
          `Opinion attachments are added while the application is 联审中; it is ${application.state}.`,
        );
      reply.code(201);
      return storeMaterial(request, stores, id, "opinion", ["reviewing"]);
    },
  );

  app.get(
    "/applications/:id/materials/:materialId",
    { schema: downloadMaterialSchema },
    async (request, reply) => {
      const id = parseId(request.params.id);
      await visibleApplication(request, stores, id);
      const material = await stores.roundRecords.content(id, parseId(request.params.materialId));
      if (!material) throw notFound("Material", request.params.materialId);
      return reply
        .header("content-type", material.mediaType)
        .header("content-disposition", contentDisposition(material.fileName))
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("digest", `sha-256=${Buffer.from(material.sha256, "hex").toString("base64")}`)
        .header("cache-control", "private, no-store")
        .send(material.content);
    },
  );

  app.delete(
    "/applications/:id/materials/:materialId",
    { schema: removeMaterialSchema, config: { permission: "applications.edit", scope: "in-route" } },
    async (request) => {
      const id = parseId(request.params.id);
      const materialId = parseId(request.params.materialId);
      const application = await ownApplication(request, stores, id);
      if (!EDITABLE_STATES.includes(application.state))
        throw roundConflict(
          "application-not-editable",
          `Application ${id} is ${application.state}: materials change in a draft or a returned one.`,
        );
      const material = (await stores.roundRecords.materials(id)).find((m) => m.id === materialId);
      if (!material || material.removed || material.kind === "opinion")
        throw notFound("Material", materialId);
      await stores.audit.audited(
        auditActorOf(request),
        { action: "application.material-remove", entity: "application", entityId: id },
        async (trx) => {
          await stores.roundRecords.removeMaterial(materialId, actorOf(request), trx);
          return { value: null, before: material };
        },
      );
      return { removed: materialId };
    },
  );
};

async function storeMaterial(
  request: FastifyRequest,
  stores: Stores,
  applicationId: number,
  kind: MaterialKind,
  states: readonly string[],
) {
  const { fileName, data } = await readOneFile(request);
  const check = checkMaterialFile(fileName, data);
  if (!check.ok)
    throw new ApiError(check.reason === "unsupported-type" ? 415 : 400, check.reason, check.message);
  const sha256 = createHash("sha256").update(data).digest("hex");
  return stores.audit.audited(
    auditActorOf(request),
    { action: "application.material-add", entity: "application", entityId: applicationId },
    async (trx) => {
      const locked = await stores.rounds.applications.locked(applicationId, trx);
      if (!locked || !states.includes(locked.state))
        throw roundConflict(
          "application-changed",
          `Application ${applicationId} changed meanwhile: reload it.`,
        );
      const material = { applicationId, kind, fileName: check.fileName, mediaType: check.mediaType, sha256 };
      const value = await stores.roundRecords.addMaterial(material, data, actorOf(request), trx);
      return { value, after: value };
    },
  );
}

async function readOneFile(request: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart())
    throw new ApiError(415, "not-multipart", "Upload the file as multipart/form-data, field `file`.");
  try {
    const file = await request.file();
    if (file?.fieldname !== "file")
      throw badRequest("no-file", "Send the file in the multipart field `file`.");
    return { fileName: file.filename, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE")
      throw new ApiError(
        413,
        "file-too-large",
        `A material is at most ${MATERIAL_MAX_BYTES / 1024 / 1024} MB.`,
      );
    throw badRequest("bad-upload", `The upload cannot be read: ${(error as Error).message}`);
  }
}
