import type { FastifyPluginAsync, FastifyReply } from "fastify";
import type { AppContext } from "../app-context.js";
import type { BlockFeature, BlockFilter } from "../db/block-store.js";
import { ENDED_STATUSES, isBlockLevel, isBlockStatus } from "../domain/block.js";
import { type CrsCode, gaussKrugerCrs, parseCrsCode, STORAGE_CRS, SUBMISSION_GK_CRS } from "../domain/crs.js";
import type { Neighbour } from "../domain/four-boundaries.js";
import type { ZoneKind } from "../domain/layers.js";
import { ApiError, badRequest } from "../errors.js";
import { findCjkFont } from "../formats/block-map-pdf.js";
import { blockTable } from "../formats/block-records.js";
import { cataloguePackage } from "../formats/catalogue-package.js";
import { EXPORT_FORMATS, exportBlocks, isExportFormat } from "../formats/export-blocks.js";
import { isOutputEncoding, OUTPUT_ENCODINGS, type OutputEncoding } from "../formats/text-encode.js";

/**
 * Exports (issue 7): GET /exports/blocks?format=geojson|shp|kml|gpkg|dxf|csv&ids=&park=&level=&status=
 * (dxf also takes crs=4527|4548|4490) and GET /exports/catalogue-package?ids=&park=&level=&status=, the
 * submission zip. Areas and coordinates are the stored ones (DOMAIN.md §7).
 */
interface ExportQuery {
  format?: string;
  ids?: string;
  park?: string;
  level?: string;
  status?: string;
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

export const exportRoutes: FastifyPluginAsync<AppContext> = async (app, { stores }) => {
  const queries = stores.exports;

  async function selectedBlocks(query: ExportQuery, liveByDefault: boolean): Promise<BlockFeature[]> {
    const filter: BlockFilter = {};
    if (query.park !== undefined) {
      const parkId = Number(query.park);
      if (!Number.isInteger(parkId)) throw badRequest("bad-filter", `park must be an id: ${query.park}`);
      filter.parkId = parkId;
    }
    if (query.level !== undefined) {
      if (!isBlockLevel(query.level)) throw badRequest("bad-filter", `Unknown level: ${query.level}`);
      filter.level = query.level;
    }
    if (query.status !== undefined) {
      if (!isBlockStatus(query.status)) throw badRequest("bad-filter", `Unknown status: ${query.status}`);
      filter.status = query.status;
    }
    let blocks = await stores.blocks.list(filter);
    if (liveByDefault && query.status === undefined) {
      blocks = blocks.filter((block) => !ENDED_STATUSES.includes(block.properties.status));
    }
    if (query.ids !== undefined && query.ids !== "") {
      const ids = query.ids.split(",").map((id) => Number(id.trim()));
      if (!ids.every((id) => Number.isInteger(id) && id > 0)) {
        throw badRequest("bad-filter", `ids must be block ids separated by commas: ${query.ids}`);
      }
      const found = new Set(blocks.map((block) => block.properties.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new ApiError(404, "not-found", `No block ${missing.join(", ")} in the selection.`, {
          ids: missing,
        });
      }
      blocks = blocks.filter((block) => ids.includes(block.properties.id));
    }
    if (blocks.length === 0) throw new ApiError(404, "no-blocks", "No block matches the selection.");
    return blocks;
  }

  app.get<{ Querystring: ExportQuery }>("/exports/blocks", async (request, reply) => {
    const { format } = request.query;
    if (!isExportFormat(format)) {
      throw badRequest("bad-format", `format must be one of ${EXPORT_FORMATS.join(", ")}.`);
    }
    const dxfCrs = request.query.crs ? parseCrsCode(request.query.crs) : SUBMISSION_GK_CRS;
    if (!dxfCrs || !DXF_CRS_CHOICES.includes(dxfCrs)) {
      throw badRequest("bad-crs", `crs must be one of ${DXF_CRS_CHOICES.join(", ")} (DXF only).`);
    }
    const blocks = await selectedBlocks(request.query, false);
    const file = await exportBlocks(
      format,
      blockTable(blocks),
      dxfCrs,
      outputEncoding(request.query, "utf-8"),
    );
    return sendFile(reply, file.fileName, file.contentType, file.body);
  });

  app.get<{ Querystring: ExportQuery }>("/exports/catalogue-package", async (request, reply) => {
    const blocks = await selectedBlocks(request.query, true);
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
    const allBlocks = (await stores.blocks.list()).filter(
      (block) => !ENDED_STATUSES.includes(block.properties.status),
    );
    const font = await findCjkFont();
    const zip = await cataloguePackage({
      encoding: outputEncoding(request.query, "gbk"),
      blocks,
      districts: await queries.districtsOf(blocks.map((block) => block.properties.id)),
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
    query.status ? `状态 ${query.status}` : "未结束的区块（不含已退出、已撤回）",
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
