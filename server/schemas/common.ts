import type * as GeoJSON from "geojson";
import { type TSchema, Type } from "typebox";
import { BLOCK_LEVELS, BLOCK_STATUSES } from "../domain/block.js";

/**
 * Pieces every resource schema uses: ids, flags, enums from the domain constants, GeoJSON, the error body.
 * Request schemas are checked by Ajv (see validation.ts); response schemas drive the serializer and the
 * OpenAPI document, and are open (`additionalProperties: true`) so no field the client reads is dropped.
 */

/** Largest id a PostgreSQL `integer` column holds. */
export const MAX_ID = 2_147_483_647;

/**
 * A decimal id 1..2147483647 as it appears in a path or query string. Matched as text so that `1e1`,
 * `0x10`, `10.0`, `+5` or ` 5` are refused instead of being coerced to a number.
 */
export const ID_PATTERN =
  "^(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}" +
  "|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])$";

export const IdText = Type.String({
  pattern: ID_PATTERN,
  description: "a decimal id from 1 to 2147483647",
});

/** An id inside a JSON body: an integer 1..2147483647 (a string such as "5" is refused, not coerced). */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

export const IdParams = Type.Object({ id: IdText });

/** A comma-separated list of ids in a query string (`ids=1,2,3`); empty means none given. */
export const IdListText = Type.String({
  pattern: `^(?:(?:${ID_PATTERN.slice(1, -1)})(?:,(?:${ID_PATTERN.slice(1, -1)}))*)?$`,
  description: "decimal ids (1 to 2147483647) separated by commas",
});

/** A boolean query flag as the routes read it (params.ts `flag`): "true"/"1" are true, "false"/"0" false. */
export const FlagText = Type.Enum(["true", "false", "1", "0"]);

/** A calendar date YYYY-MM-DD (the calendar itself is checked by the domain). */
export const IsoDateText = Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });

export const BlockLevel = Type.Enum([...BLOCK_LEVELS]);
export const BlockStatus = Type.Enum([...BLOCK_STATUSES]);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Any JSON object whose fields the schema does not list (kept, never stripped). */
export const OpenObject = Type.Object({}, { additionalProperties: true });

/** A GeoJSON geometry as sent: its type and coordinates are checked by the domain (reason + vertex path). */
export const GeometryInput = Type.Unknown({ description: "a GeoJSON Polygon or MultiPolygon (lon/lat)" });

/** A GeoJSON geometry in an answer (typed as @types/geojson's, described loosely: RFC 7946 is the spec). */
export const Geometry = Type.Unsafe<GeoJSON.Geometry>({
  type: "object",
  required: ["type"],
  properties: { type: { type: "string" } },
  additionalProperties: true,
  description: "a GeoJSON geometry (RFC 7946), lon/lat",
});
export const MultiPolygon = Type.Unsafe<GeoJSON.MultiPolygon>({
  type: "object",
  required: ["type", "coordinates"],
  properties: { type: { type: "string", enum: ["MultiPolygon"] }, coordinates: { type: "array" } },
  additionalProperties: true,
});

/** `{ en, zh }` text of a rule or an explanation. */
export const Bilingual = Type.Object(
  { zh: Type.String(), en: Type.String() },
  { additionalProperties: true },
);

/** Every error: `{ error: { code, message, details? } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        details: Type.Optional(Type.Unknown()),
      },
      { additionalProperties: true },
    ),
  },
  { description: "{ error: { code, message, details? } }" },
);

/** The error answers a route can give, each in the one error shape. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}
