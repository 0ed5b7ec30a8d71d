import { createHash } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { notFound } from "../errors.js";
import { tileSchema, tileVersionSchema } from "../schemas/tiles.js";

const MAX_ZOOM = 22;

/**
 * Vector tiles of blocks and reference zones (issue #6): ST_AsMVT on a PostgreSQL server, geojson-vt in Node
 * on the embedded database. The ETag is a hash of the tile's content (as martin does), so a tile an edit did
 * not touch stays cached, and one it touched is new at once; an empty tile is `204`.
 */
export const tileRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const { tiles } = stores;

  app.get("/tiles/version", { schema: tileVersionSchema }, async () => ({
    version: await tiles.dataVersion(),
  }));

  app.get("/tiles/:z/:x/:y.pbf", { schema: tileSchema }, async (request, reply) => {
    const [z, x, y] = [request.params.z, request.params.x, request.params.y].map(Number);
    const size = 2 ** z;
    const valid =
      [z, x, y].every(Number.isInteger) &&
      z >= 0 &&
      z <= MAX_ZOOM &&
      x >= 0 &&
      x < size &&
      y >= 0 &&
      y < size;
    if (!valid) throw notFound("Tile", `${request.params.z}/${request.params.x}/${request.params.y}`);
    const body = await tiles.tile(z, x, y);
    reply.header("cache-control", "no-cache");
    if (body.length === 0) return reply.code(204).send(null);
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    reply.header("etag", etag).type("application/vnd.mapbox-vector-tile");
    if (request.headers["if-none-match"] === etag) return reply.code(304).send();
    return reply.send(Buffer.from(body));
  });
};
