import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { create as contentDisposition } from "content-disposition";
import type { FastifyReply } from "fastify";
import type { AppContext } from "../app-context.js";
import type { BlockFeature, BlockFilter } from "../db/block-store.js";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import { type CrsCode, gaussKrugerCrs, parseCrsCode, STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import { ApiError, badRequest } from "../errors.js";
import { blockTable } from "../formats/block-records.js";
import { exportBlocks } from "../formats/export-blocks.js";
import { isOutputEncoding, OUTPUT_ENCODINGS, type OutputEncoding } from "../formats/text-encode.js";
import {
  buildCataloguePackage,
  CATALOGUE_PACKAGE_FILE,
  type CatalogueSelection,
  catalogueBlockIds,
} from "../jobs/catalogue-package-job.js";
import { cataloguePackageSchema, exportBlocksSchema } from "../schemas/exports.js";

/**
 * Exports (issue 7): GET /exports/blocks?format=geojson|shp|kml|gpkg|dxf|csv&ids=&park=&level=&status=
 * (dxf also takes crs=4527|4548|4490) and GET /exports/catalogue-package?ids=&park=&level=&status=, the
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

export const exportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores, config }) => {
  /** The blocks the filters select; without a status filter, only those in `defaultStatuses` (if given). */
  async function selectedBlocks(
    query: ExportQuery,
    defaultStatuses?: readonly BlockStatus[],
  ): Promise<BlockFeature[]> {
    const filter: BlockFilter = {};
    // The schema has checked the filters: ids and park are decimal ids, level and status known values.
    if (query.park !== undefined) filter.parkId = Number(query.park);
    if (query.level !== undefined) filter.level = query.level;
    if (query.status !== undefined) filter.status = query.status;
    let blocks = await stores.blocks.list(filter);
    if (defaultStatuses && query.status === undefined) {
      blocks = blocks.filter((block) => defaultStatuses.includes(block.properties.status));
    }
    if (query.ids !== undefined && query.ids !== "") {
      const ids = query.ids.split(",").map(Number);
      const found = new Set(blocks.map((block) => block.properties.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        const among = defaultStatuses && query.status === undefined ? ` (${defaultStatuses.join(", ")})` : "";
        throw new ApiError(404, "not-found", `No block ${missing.join(", ")} in the selection${among}.`, {
          ids: missing,
          ...(among ? { statuses: defaultStatuses } : {}),
        });
      }
      blocks = blocks.filter((block) => ids.includes(block.properties.id));
    }
    if (blocks.length === 0) throw new ApiError(404, "no-blocks", "No block matches the selection.");
    return blocks;
  }

  app.get("/exports/blocks", { schema: exportBlocksSchema }, async (request, reply) => {
    const { format } = request.query;
    const dxfCrs = request.query.crs ? parseCrsCode(request.query.crs) : SUBMISSION_GK_CRS;
    if (!dxfCrs || !DXF_CRS_CHOICES.includes(dxfCrs)) {
      throw badRequest("bad-crs", `crs must be one of ${DXF_CRS_CHOICES.join(", ")} (DXF only).`);
    }
    const blocks = await selectedBlocks(request.query);
    const file = await exportBlocks(
      format,
      blockTable(blocks),
      dxfCrs,
      outputEncoding(request.query, "utf-8"),
    );
    return sendFile(reply, file.fileName, file.contentType, file.body);
  });

  app.get("/exports/catalogue-package", { schema: cataloguePackageSchema }, async (request, reply) => {
    const selection = catalogueSelectionOf(request.query);
    const ids = await catalogueBlockIds(stores, selection);
    const { zip, maps } = await buildCataloguePackage(
      stores,
      selection,
      ids,
      undefined,
      false,
      config.geometryLimits,
    );
    reply.header("x-maps", maps ? "pdf" : "none");
    return sendFile(reply, CATALOGUE_PACKAGE_FILE, "application/zip", zip);
  });
};

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
