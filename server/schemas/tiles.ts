import { Type } from "typebox";
import { errors } from "./common.js";
import { TAGS } from "./openapi.js";

export const TileVersion = Type.Object({ version: Type.String() });

export const tileVersionSchema = {
  tags: [TAGS.tiles],
  summary: "The data version the tiles are made from (changes with every edit)",
  response: { 200: TileVersion },
};

/** z/x/y are text: anything but a tile of the grid (`a/b/c`, z > 22, x ≥ 2^z) is a 404, checked in the route. */
export const tileSchema = {
  tags: [TAGS.tiles],
  summary: "A vector tile (layers blocks, zones); the ETag is a hash of its content; 204 when empty",
  params: Type.Object({
    z: Type.String({ description: "zoom 0..22" }),
    x: Type.String({ description: "column 0..2^z − 1" }),
    y: Type.String({ description: "row 0..2^z − 1" }),
  }),
  response: {
    200: Type.Unknown({ description: "application/vnd.mapbox-vector-tile" }),
    204: Type.Null({ description: "an empty tile (nothing in it)" }),
    304: Type.Unknown({ description: "not modified (If-None-Match)" }),
    ...errors(404),
  },
};
