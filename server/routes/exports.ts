import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { create as contentDisposition } from "content-disposition";
import type { FastifyReply } from "fastify";
import type { AppContext } from "../app-context.js";
import { EXPORT_INLINE_BLOCKS } from "../config.js";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import { type CrsCode, gaussKrugerCrs, parseCrsCode, STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import { ApiError, badRequest } from "../errors.js";
import { blockTable } from "../formats/block-records.js";
import { exportBlocks } from "../formats/export-blocks.js";
import { isOutputEncoding, OUTPUT_ENCODINGS, type OutputEncoding } from "../formats/text-encode.js";
import {
  BLOCK_EXPORT_JOB,
  type BlockExportParams,
  type BlockExportSelection,
  blockExportIds,
  blockExportJob,
  readBlocks,
} from "../jobs/block-export-job.js";
import {
  buildCataloguePackage,
  CATALOGUE_PACKAGE_FILE,
  type CatalogueSelection,
  catalogueBlockIds,
} from "../jobs/catalogue-package-job.js";
import { cataloguePackageSchema, exportBlocksJobSchema, exportBlocksSchema } from "../schemas/exports.js";
import { startJob } from "./job-start.js";
import { refuseUnknownParkFilter } from "./params.js";

/**
 * Exports (issue 7): GET /exports/blocks?format=geojson|shp|kml|gpkg|dxf|csv&ids=&park=&level=&status=
 * (dxf also takes crs=4527|4548|4490) up to `jobs.exportInlineBlocks` blocks, POST /exports/blocks the same
 * as a job of any size (issue #14) and GET /exports/catalogue-package?ids=&park=&level=&status=, the
 * submission zip: by default the blocks in force only (issue #12.9: no 意向纳入区块, no applications). Areas and
 * coordinates are the stored ones (DOMAIN.md §7).
 */
interface ExportQuery {
  ids?: string;
  park?: string;
  level?: BlockLevel;
  status?: BlockStatus;
  crs?: string;
  /** gbk | utf-8: the Shapefile DBF and CSV (UTF-8 by default) and the catalogue package (GBK by default). */
  encoding?: string;
}

const DXF_CRS_CHOICES: readonly CrsCode[] = [SUBMISSION_GK_CRS, gaussKrugerCrs(39, false), STORAGE_CRS];

export const exportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobStores, jobs, config } = context;
  jobs.register(BLOCK_EXPORT_JOB, blockExportJob(jobStores));
  const inlineLimit = config.jobs.exportInlineBlocks ?? EXPORT_INLINE_BLOCKS;

  app.get("/exports/blocks", { schema: exportBlocksSchema }, async (request, reply) => {
    const { format } = request.query;
    const dxfCrs = dxfCrsOf(request.query.crs);
    const encoding = outputEncoding(request.query, "utf-8");
    const ids = await blockExportIds(stores, blockSelectionOf(request.query));
    // Decision (issue #14): the request writes a small file only; a bigger one is a job (POST, same filters).
    if (ids.length > inlineLimit) {
      throw new ApiError(
        413,
        "export-too-large",
        `The selection has ${ids.length} blocks; GET /api/exports/blocks writes at most ${inlineLimit}: start the export as a job with POST /api/exports/blocks (same filters in the body).`,
        { blocks: ids.length, limit: inlineLimit, job: "POST /api/exports/blocks" },
      );
    }
    const file = await exportBlocks(format, blockTable(await readBlocks(stores, ids)), dxfCrs, encoding);
    return sendFile(reply, file.fileName, file.contentType, file.body);
  });

  // A read made into a file: every signed-in account may, as the GET (issue #14 item 1).
  app.post(
    "/exports/blocks",
    { schema: exportBlocksJobSchema, config: { permission: "account.self" } },
    async (request, reply) => {
      const { format, crs, encoding, ...selection } = request.body;
      const dxfCrs = dxfCrsOf(crs);
      await refuseUnknownParkFilter(stores.parks, selection.parkId);
      const blockIds = await blockExportIds(stores, selection);
      const params: BlockExportParams = { format, dxfCrs, encoding: encoding ?? "utf-8", blockIds };
      return startJob(context, request, reply, BLOCK_EXPORT_JOB, { ...params });
    },
  );

  app.get("/exports/catalogue-package", { schema: cataloguePackageSchema }, async (request, reply) => {
    const selection = catalogueSelectionOf(request.query);
    const ids = await catalogueBlockIds(stores, selection);
    const { zip, maps } = await buildCataloguePackage(stores, selection, ids, config.geometryLimits);
    reply.header("x-maps", maps ? "pdf" : "none");
    return sendFile(reply, CATALOGUE_PACKAGE_FILE, "application/zip", zip);
  });
};

function dxfCrsOf(crs: string | undefined): CrsCode {
  const dxfCrs = crs ? parseCrsCode(crs) : SUBMISSION_GK_CRS;
  if (!dxfCrs || !DXF_CRS_CHOICES.includes(dxfCrs)) {
    throw badRequest("bad-crs", `crs must be one of ${DXF_CRS_CHOICES.join(", ")} (DXF only).`);
  }
  return dxfCrs;
}

/** The GET's filters as a selection (the schema has checked ids, park, level and status). */
function blockSelectionOf(query: ExportQuery): BlockExportSelection {
  return {
    ...(query.ids ? { ids: query.ids.split(",").map(Number) } : {}),
    ...(query.park !== undefined ? { parkId: Number(query.park) } : {}),
    ...(query.level !== undefined ? { level: query.level } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
  };
}

function outputEncoding(query: ExportQuery, fallback: OutputEncoding): OutputEncoding {
  if (query.encoding === undefined) return fallback;
  if (!isOutputEncoding(query.encoding)) {
    throw badRequest("bad-encoding", `encoding must be one of ${OUTPUT_ENCODINGS.join(", ")}.`);
  }
  return query.encoding;
}

/** The package's selection from the GET's query (the schema has checked ids, park, level and status). */
export function catalogueSelectionOf(query: ExportQuery): CatalogueSelection {
  return {
    ...(query.ids ? { ids: query.ids.split(",").map(Number) } : {}),
    ...(query.park !== undefined ? { parkId: Number(query.park) } : {}),
    ...(query.level !== undefined ? { level: query.level } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    encoding: outputEncoding(query, "gbk"),
  };
}

export function sendFile(reply: FastifyReply, fileName: string, contentType: string, body: Uint8Array) {
  return reply
    .header("content-type", contentType)
    .header("content-disposition", contentDisposition(fileName))
    .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

/** A file sent as it is read (a job's result in chunks: job-store.ts), with its length known up front. */
export function sendFileChunks(
  reply: FastifyReply,
  file: { name: string; contentType: string; bytes: number; chunks: () => AsyncIterable<Buffer> },
) {
  return reply
    .header("content-type", file.contentType)
    .header("content-disposition", contentDisposition(file.name))
    .header("content-length", file.bytes)
    .send(Readable.from(file.chunks()));
}
