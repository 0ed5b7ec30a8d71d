import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { AppContext } from "../app-context.js";
import type { BlockFeature, BlockFilter } from "../db/block-store.js";
import { type BlockLevel, type BlockStatus, IN_FORCE_STATUSES } from "../domain/block.js";
import { type CrsCode, gaussKrugerCrs, parseCrsCode, STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import type { Neighbour } from "../domain/four-boundaries.js";
import type { ZoneKind } from "../domain/layers.js";
import { ApiError, badRequest } from "../errors.js";
import { BLOCK_STATUS_NAMES } from "../formats/block-labels.js";
import { findCjkFont } from "../formats/block-map-pdf.js";
import { blockTable } from "../formats/block-records.js";
import { cataloguePackage } from "../formats/catalogue-package.js";
import { exportBlocks } from "../formats/export-blocks.js";
import { isOutputEncoding, OUTPUT_ENCODINGS, type OutputEncoding } from "../formats/text-encode.js";
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

const NEIGHBOUR_ZONE_KINDS: ZoneKind[] = [
  "district",
  "etdz",
  "municipal-development-zone",
  "district-development-zone",
  "eco-conservation-area",
];
const DXF_CRS_CHOICES: readonly CrsCode[] = [SUBMISSION_GK_CRS, gaussKrugerCrs(39, false), STORAGE_CRS];

export const exportRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const queries = stores.exports;

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
    const blocks = await selectedBlocks(request.query, IN_FORCE_STATUSES);
    const zones: Neighbour[] = [];
    for (const kind of NEIGHBOUR_ZONE_KINDS) {
      const layer = await stores.zones.layer(kind);
      for (const feature of layer.features) {
        if (feature.geometry.type !== "Polygon" && feature.geometry.type !== "MultiPolygon") continue;
        zones.push({
          name: String(feature.properties?.name ?? ""),
          kind: kind === "district" ? "district" : "zone",
          geometry: feature.geometry,
        });
      }
    }
    // Neighbours named in 四至范围 are blocks in force: a draft is nothing the ministries know of.
    const allBlocks = (await stores.blocks.list()).filter((block) =>
      IN_FORCE_STATUSES.includes(block.properties.status),
    );
    const font = await findCjkFont();
    const zip = await cataloguePackage({
      encoding: outputEncoding(request.query, "gbk"),
      blocks,
      districts: await queries.districtsOf(blocks.map((block) => block.properties.id)),
      containers: await queries.containersOf(blocks.map((block) => block.properties.id)),
      zones,
      allBlocks,
      generatedAt: new Date(),
      selection: selectionText(request.query),
      ...(font ? { font } : {}),
    });
    reply.header("x-maps", font ? "pdf" : "none");
    return sendFile(reply, "catalogue-package.zip", "application/zip", zip);
  });
};

function outputEncoding(query: ExportQuery, fallback: OutputEncoding): OutputEncoding {
  if (query.encoding === undefined) return fallback;
  if (!isOutputEncoding(query.encoding)) {
    throw badRequest("bad-encoding", `encoding must be one of ${OUTPUT_ENCODINGS.join(", ")}.`);
  }
  return query.encoding;
}

function selectionText(query: ExportQuery): string {
  const parts = [
    query.ids ? `区块 ${query.ids}` : "",
    query.park ? `分园 ${query.park}` : "",
    query.level ? `级别 ${query.level}` : "",
    query.status
      ? `状态 ${BLOCK_STATUS_NAMES[query.status]}`
      : "已认定的区块（不含意向纳入区块和申报中的区块）",
  ].filter(Boolean);
  return parts.join("，");
}

function sendFile(reply: FastifyReply, fileName: string, contentType: string, body: Uint8Array) {
  return reply
    .header("content-type", contentType)
    .header(
      "content-disposition",
      `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
