import { Type } from "typebox";
import { BlockFeature } from "./blocks.js";
import { errors, IdParams } from "./common.js";
import { TAGS } from "./openapi.js";

const Version = Type.Integer({ minimum: 1, description: "the version last seen (lost updates are refused)" });
const Reason = Type.Optional(Type.String({ maxLength: 2000, description: "why (kept in the history)" }));

/** A split line: a GeoJSON LineString in lon/lat. */
const SplitLine = Type.Object(
  {
    type: Type.Literal("LineString"),
    coordinates: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), {
      minItems: 2,
      maxItems: 10_000,
    }),
  },
  { additionalProperties: true },
);

export const splitBlockSchema = {
  tags: [TAGS.blocks],
  summary:
    "Split a block (意向纳入 / 已申报) by a line: it keeps its largest piece, each other piece becomes a new block; " +
    "400 line-misses-block when the line does not cut it, 409 block-not-pending for a block in force",
  params: IdParams,
  body: Type.Object({ version: Version, line: SplitLine, reason: Reason }, { additionalProperties: false }),
  response: {
    200: Type.Object({ block: BlockFeature, newBlocks: Type.Array(BlockFeature) }),
    ...errors(400, 403, 404, 409),
  },
};

export const mergeBlockSchema = {
  tags: [TAGS.blocks],
  summary:
    "Merge another block into this one (same sub-park, level and status; both pending): this block gets the " +
    "union as a new version, the other is withdrawn; their history versions are linked",
  params: IdParams,
  body: Type.Object(
    {
      version: Version,
      otherId: Type.Integer({ minimum: 1, description: "the block merged into this one" }),
      otherVersion: Version,
      reason: Reason,
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({ block: BlockFeature, merged: BlockFeature }),
    ...errors(400, 403, 404, 409),
  },
};

export const restoreBlockSchema = {
  tags: [TAGS.blocks],
  summary:
    "Restore an earlier version's boundary, name, sub-park, level and attributes as a new version (the status " +
    "stays); an identical content adds no version",
  params: IdParams,
  body: Type.Object(
    {
      version: Version,
      fromVersion: Type.Integer({ minimum: 1, description: "the earlier version to bring back" }),
      reason: Reason,
    },
    { additionalProperties: false },
  ),
  response: { 200: BlockFeature, ...errors(400, 403, 404, 409) },
};
