import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { create as contentDisposition } from "content-disposition";
import type { FastifyReply } from "fastify";
import { zipSync } from "fflate";
import type { AppContext } from "../app-context.js";
import type { Filing } from "../db/filing-store.js";
import { isIsoDate } from "../domain/transition.js";
import { badRequest, notFound } from "../errors.js";
import { filingWorkbook } from "../formats/filing-workbook.js";
import {
  exportFilingsSchema,
  getCatalogueSchema,
  listFilingsSchema,
  patchFilingSchema,
  putCatalogueSchema,
} from "../schemas/evaluation-filings.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf, parseId } from "./params.js";

export const FILINGS_WORKBOOK = "备案变更.xlsx";
const BOUNDARY_FOLDER = "边界";

/**
 * 《中国开发区审核公告目录》 status of blocks and the 备案 records (《管理办法》第三部分 · 动态调整): a catalogue block's exit or
 * reduction writes its record in the action's transaction (db/filing-store.ts); the staff fill in the filing date
 * and the ministry reference later and export the list with the boundary files.
 */
export const evaluationFilingRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/blocks/:id/catalogue", { schema: getCatalogueSchema }, async (request) => {
    const blockId = parseId(request.params.id);
    if (!(await stores.blocks.existingIds([blockId])).has(blockId)) throw notFound("Block", blockId);
    const entry = await stores.filings.catalogueEntry(blockId);
    return entry
      ? { blockId, ...entry }
      : { blockId, inCatalogue: false, zoneName: null, zoneCode: null, changedAt: null, changedBy: null };
  });

  app.put(
    "/blocks/:id/catalogue",
    { schema: putCatalogueSchema, config: { permission: "evaluations.run" } },
    async (request) => {
      const blockId = parseId(request.params.id);
      const { inCatalogue } = request.body;
      const zoneName = request.body.zoneName?.trim() || null;
      const zoneCode = request.body.zoneCode?.trim() || null;
      if (inCatalogue && (zoneName === null || zoneCode === null)) {
        throw badRequest(
          "bad-catalogue-entry",
          "A block in the catalogue needs the catalogue zone's name and code.",
          {
            field: zoneName === null ? "zoneName" : "zoneCode",
          },
        );
      }
      if (!(await stores.blocks.existingIds([blockId])).has(blockId)) throw notFound("Block", blockId);
      const entry = {
        inCatalogue,
        zoneName: inCatalogue ? zoneName : null,
        zoneCode: inCatalogue ? zoneCode : null,
      };
      await stores.audit.audited(
        auditActorOf(request),
        { action: "block.catalogue", entity: "block", entityId: blockId },
        async (trx) => {
          const before = await stores.filings.catalogueEntry(blockId, trx);
          await stores.filings.setCatalogueEntry(blockId, entry, actorOf(request), trx);
          return { value: undefined, before, after: entry };
        },
      );
      const stored = await stores.filings.catalogueEntry(blockId);
      if (!stored) throw new Error("the catalogue entry just written is not found");
      return { blockId, ...stored };
    },
  );

  app.get("/filings", { schema: listFilingsSchema }, async (request) => ({
    filings: await stores.filings.list(
      request.query.blockId === undefined ? {} : { blockId: parseId(request.query.blockId) },
    ),
  }));

  app.patch(
    "/filings/:id",
    { schema: patchFilingSchema, config: { permission: "evaluations.run" } },
    async (request) => {
      const id = parseId(request.params.id);
      const { filedOn, ministryReference } = request.body;
      if (filedOn !== undefined && filedOn !== null && !isIsoDate(filedOn)) {
        throw badRequest("bad-date", `filedOn is not a calendar date: ${filedOn}`, { field: "filedOn" });
      }
      const change = {
        ...(filedOn !== undefined ? { filedOn } : {}),
        ...(ministryReference !== undefined ? { ministryReference: ministryReference?.trim() || null } : {}),
      };
      const changed = await stores.audit.audited(
        auditActorOf(request),
        { action: "filing.update", entity: "filing", entityId: id },
        async (trx) => {
          const done = await stores.filings.update(id, change, actorOf(request), trx);
          if (!done) throw notFound("Filing", id);
          return { value: done.after, before: done.before, after: done.after };
        },
      );
      return changed;
    },
  );

  app.get("/filings/export", { schema: exportFilingsSchema }, async (_request, reply) => {
    const filings = await stores.filings.list();
    const shapes = await stores.filings.geometries(filings.map((filing) => filing.id));
    const files: Record<string, Uint8Array> = {};
    const namesOf = new Map<number, string[]>();
    for (const filing of filings) {
      const stem = `${BOUNDARY_FOLDER}/${filing.id}_${fileSafe(filing.blockCode ?? `block-${filing.blockId}`)}`;
      const names: string[] = [];
      const shape = shapes.get(filing.id);
      for (const [kind, geometry] of [
        ["调出范围", shape?.removed],
        ["调整后范围", shape?.kept],
      ] as const) {
        if (!geometry) continue;
        const name = `${stem}_${kind}.geojson`;
        files[name] = new TextEncoder().encode(featureCollection(filing, kind, geometry));
        names.push(name);
      }
      namesOf.set(filing.id, names);
    }
    files[FILINGS_WORKBOOK] = await filingWorkbook(filings, (filing) => namesOf.get(filing.id) ?? []);
    return sendZip(reply, "filings.zip", zipSync(files));
  });
};

function featureCollection(filing: Filing, kind: string, geometry: string): string {
  const properties = {
    filingId: filing.id,
    block: filing.blockName,
    code: filing.blockCode,
    kind,
    crs: "EPSG:4490",
  };
  return JSON.stringify({
    type: "FeatureCollection",
    features: [{ type: "Feature", properties, geometry: JSON.parse(geometry) }],
  });
}

function fileSafe(text: string): string {
  return text.replace(/[\\/:*?"<>|\s]+/g, "_");
}

export function sendZip(reply: FastifyReply, fileName: string, body: Uint8Array) {
  return reply
    .header("content-type", "application/zip")
    .header("content-disposition", contentDisposition(fileName))
    .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
