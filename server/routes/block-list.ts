import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { BlockListField } from "../db/block-list.js";
import { badRequest } from "../errors.js";
import {
  type BlockListPage,
  blockCountsSchema,
  blockExtentSchema,
  listBlocksSchema,
} from "../schemas/blocks.js";

/** Coordinates as stored and returned by default: 1e-9° (≈ 0.1 mm). */
const DEFAULT_PRECISION = 9;

/** `bbox=west,south,east,north` (the schema checked the shape) → the box, or 400 naming what is wrong. */
function parseBbox(text: string): [number, number, number, number] {
  const [west, south, east, north] = text.split(",").map(Number);
  const wrong = (message: string) => badRequest("bad-bbox", message, { field: "bbox", value: text });
  if ([west, east].some((lng) => lng < -180 || lng > 180))
    throw wrong("Longitudes in bbox lie in −180..180.");
  if ([south, north].some((lat) => lat < -90 || lat > 90)) throw wrong("Latitudes in bbox lie in −90..90.");
  if (!(west < east)) throw wrong("bbox is west,south,east,north: west must be less than east.");
  if (!(south < north)) throw wrong("bbox is west,south,east,north: south must be less than north.");
  return [west, south, east, north];
}

/** `ids=3,5,8` (the schema checked the shape) → the ids, each a valid id or 400 naming it. */
function parseIds(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(",").map(Number);
  const wrong = ids.find((id) => id > 2147483647);
  if (wrong !== undefined)
    throw badRequest("invalid-request", `ids: ${wrong} is not a block id.`, { field: "ids" });
  return [...new Set(ids)];
}

/** GET /api/blocks (the list at scale) and GET /api/blocks/counts (the layer catalogue's counts). */
export const blockListRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/blocks", { schema: listBlocksSchema }, async (request, reply) => {
    const { park, level, status, ids, bbox, q, limit, cursor, fields, precision } = request.query;
    const page = await stores.blockList.pageJson({
      parkId: park === undefined ? undefined : Number(park),
      level,
      status,
      ids: parseIds(ids),
      bbox: bbox === undefined ? undefined : parseBbox(bbox),
      text: q?.trim() || undefined,
      limit: limit === undefined ? undefined : Number(limit),
      afterId: cursor === undefined ? undefined : Number(cursor),
      fields: fields === undefined ? undefined : [...new Set(fields.split(",") as BlockListField[])],
      precision: precision === undefined ? DEFAULT_PRECISION : Number(precision),
    });
    // The page's JSON text as the database built it (block-list.ts); the schema documents the shape it spells,
    // and Fastify sends a string with a JSON type unchanged.
    return reply.type("application/json; charset=utf-8").send(page as unknown as BlockListPage);
  });

  app.get("/blocks/extent", { schema: blockExtentSchema }, async (request) => {
    const { park, level, status, ids } = request.query;
    return stores.blockList.extent({
      parkId: park === undefined ? undefined : Number(park),
      level,
      status,
      ids: parseIds(ids),
    });
  });

  app.get("/blocks/counts", { schema: blockCountsSchema }, async (request) => {
    const { park } = request.query;
    return stores.blockList.counts(park === undefined ? undefined : Number(park));
  });
};
