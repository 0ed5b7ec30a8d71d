import { type Static, Type } from "typebox";
import { BLOCK_LIST_FIELDS } from "../db/block-list.js";
import { BLOCK_LEVELS, BLOCK_STATUSES } from "../domain/block.js";
import {
  BlockLevel,
  BlockStatus,
  errors,
  FlagText,
  GeometryInput,
  Id,
  IdParams,
  IdText,
  MultiPolygon,
  Nullable,
  OpenObject,
} from "./common.js";
import { TAGS } from "./openapi.js";

/** 区块 — a stored block as a GeoJSON Feature (areas ellipsoidal, from the stored geometry). */
export const BlockProperties = Type.Object(
  {
    id: Type.Integer(),
    code: Nullable(Type.String()),
    name: Type.String(),
    parkId: Type.Integer(),
    parkCode: Type.String(),
    parkName: Type.String(),
    level: BlockLevel,
    status: BlockStatus,
    version: Type.Integer(),
    areaKm2: Type.Number(),
    areaHectares: Type.Number(),
    attributes: OpenObject,
    createdAt: Type.String(),
    createdBy: Type.String(),
    updatedAt: Type.String(),
    updatedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const BlockFeature = Type.Object(
  {
    type: Type.Literal("Feature"),
    id: Type.Optional(
      Type.Union([Type.Integer(), Type.String()], { description: "the block id (as in properties.id)" }),
    ),
    geometry: MultiPolygon,
    properties: BlockProperties,
  },
  { additionalProperties: false },
);

export const BlockCollection = Type.Object(
  { type: Type.Literal("FeatureCollection"), features: Type.Array(BlockFeature) },
  { additionalProperties: false },
);

/** A split, merge or restore joining this version with another block's (or this block's earlier) version. */
export const BlockVersionLink = Type.Object(
  {
    kind: Type.Union([Type.Literal("split"), Type.Literal("merge"), Type.Literal("restore")]),
    direction: Type.Union([Type.Literal("from"), Type.Literal("to")], {
      description: "from: this version came from the other; to: this version went into the other",
    }),
    blockId: Type.Integer(),
    version: Type.Integer(),
  },
  { additionalProperties: false },
);

/** One row of a block's history: the full geometry and attributes of that version. */
export const BlockVersion = Type.Object(
  {
    version: Type.Integer(),
    change: Type.String(),
    reason: Type.Optional(Nullable(Type.String({ description: "why, for a lifecycle action" }))),
    name: Type.String(),
    parkId: Type.Integer(),
    level: BlockLevel,
    status: BlockStatus,
    attributes: OpenObject,
    areaKm2: Type.Number(),
    areaHectares: Type.Number(),
    changedAt: Type.String(),
    changedBy: Type.String(),
    geometry: MultiPolygon,
    links: Type.Optional(Type.Array(BlockVersionLink)),
  },
  { additionalProperties: false },
);

/**
 * The attributes a write may set. Other properties are allowed and ignored: a client may send back the
 * Feature it was given, display fields included (server/domain/block-input.ts trims and checks the rest).
 */
const writableProperties = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  code: Nullable(Type.String({ maxLength: 64 })),
  parkId: Id,
  level: BlockLevel,
  status: BlockStatus,
  attributes: OpenObject,
  version: Type.Optional(Type.Integer({ minimum: 1 })),
};

export const BlockCreateProperties = Type.Object(
  {
    name: writableProperties.name,
    parkId: writableProperties.parkId,
    level: writableProperties.level,
    code: Type.Optional(writableProperties.code),
    status: Type.Optional(writableProperties.status),
    attributes: Type.Optional(writableProperties.attributes),
  },
  { additionalProperties: true },
);

/** A plain edit sets no status: a `status` here gets 400 status-not-editable (use a lifecycle action). */
const { status: _status, ...editableProperties } = writableProperties;
export const BlockChangeProperties = Type.Partial(
  Type.Object({
    ...editableProperties,
    status: Type.Unknown({ description: "refused: POST /api/blocks/:id/actions/:action changes the status" }),
  }),
  { additionalProperties: true },
);

/** POST /api/blocks: a GeoJSON Feature; its geometry is checked by the domain (reason + vertex path). */
export const BlockCreate = Type.Object(
  { type: Type.Literal("Feature"), geometry: GeometryInput, properties: BlockCreateProperties },
  { additionalProperties: true },
);

/** PATCH /api/blocks/:id: any part of the Feature, with the version last seen (or `If-Match`). */
export const BlockChange = Type.Object(
  {
    type: Type.Optional(Type.Literal("Feature")),
    geometry: Type.Optional(GeometryInput),
    properties: Type.Optional(BlockChangeProperties),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: true },
);

export const RepairQuery = Type.Object({
  repair: Type.Optional(FlagText),
});

/** A written block, with the repair made and `droppedZ` when the input's Z/M values were dropped. */
const written = Type.Object(
  {
    ...BlockFeature.properties,
    repair: Type.Optional(OpenObject),
    droppedZ: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);

const NUMBER_TEXT = "-?[0-9]{1,3}(?:\\.[0-9]{1,12})?";
const LIST_FIELD_NAMES = BLOCK_LIST_FIELDS.join("|");

/** GET /api/blocks: filters, a box, a text, pages by id, some fields, coordinate decimals (issue #16 item 5). */
const IdsText = Type.String({
  pattern: "^[1-9][0-9]{0,9}(?:,[1-9][0-9]{0,9}){0,999}$",
  description: "block ids, comma-separated (at most 1,000)",
});

export const BlockListQuery = Type.Object({
  park: Type.Optional(IdText),
  level: Type.Optional(BlockLevel),
  status: Type.Optional(BlockStatus),
  ids: Type.Optional(IdsText),
  bbox: Type.Optional(
    Type.String({
      pattern: `^${NUMBER_TEXT},${NUMBER_TEXT},${NUMBER_TEXT},${NUMBER_TEXT}$`,
      description: "west,south,east,north in lon/lat degrees: blocks that intersect the box",
    }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: "text in the block's name, code or sub-park name (case-insensitive)",
    }),
  ),
  limit: Type.Optional(
    Type.String({
      pattern: "^(?:[1-9][0-9]{0,2}|[1-4][0-9]{3}|5000)$",
      description: "page size 1..5000; the answer's nextCursor asks for the next page",
    }),
  ),
  cursor: Type.Optional({
    ...IdText,
    description: "the previous page's nextCursor (blocks with a larger id)",
  }),
  fields: Type.Optional(
    Type.String({
      pattern: `^(?:${LIST_FIELD_NAMES})(?:,(?:${LIST_FIELD_NAMES}))*$`,
      description: `properties to return, comma-separated (id always; "geometry" for the geometry): ${BLOCK_LIST_FIELDS.join(", ")}`,
    }),
  ),
  precision: Type.Optional(
    Type.String({ pattern: "^[0-9]$", description: "decimals of the coordinates, 0..9 (default 9)" }),
  ),
});

/** A page of blocks: with `fields`, only those properties (geometry null unless asked for). */
export const BlockListPage = Type.Object(
  {
    type: Type.Literal("FeatureCollection"),
    features: Type.Array(
      Type.Object(
        {
          type: Type.Literal("Feature"),
          id: Type.Integer(),
          geometry: Nullable(MultiPolygon),
          properties: Type.Object({ id: Type.Integer() }, { additionalProperties: true }),
        },
        { additionalProperties: true },
      ),
    ),
    nextCursor: Nullable(Type.Integer()),
  },
  { additionalProperties: true },
);

export const listBlocksSchema = {
  tags: [TAGS.blocks],
  summary:
    "Blocks as a FeatureCollection: by park, level, status, box (bbox), text (q); pages, fields, precision",
  querystring: BlockListQuery,
  response: { 200: BlockListPage, ...errors(400) },
};

export const blockExtentSchema = {
  tags: [TAGS.blocks],
  summary:
    "The lon/lat box around the chosen blocks (park, level, status, ids) and their count: what the map zooms to",
  querystring: Type.Object({
    park: Type.Optional(IdText),
    level: Type.Optional(BlockLevel),
    status: Type.Optional(BlockStatus),
    ids: Type.Optional(IdsText),
  }),
  response: {
    200: Type.Object(
      {
        count: Type.Integer(),
        bbox: Nullable(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
      },
      { additionalProperties: false },
    ),
    ...errors(400),
  },
};

const CountsByKey = (keys: readonly string[]) =>
  Type.Object(Object.fromEntries(keys.map((key) => [key, Type.Integer()])), { additionalProperties: true });

export const blockCountsSchema = {
  tags: [TAGS.blocks],
  summary: "How many blocks of each level and status (the layer catalogue), optionally one park's",
  querystring: Type.Object({ park: Type.Optional(IdText) }),
  response: {
    200: Type.Object({
      total: Type.Integer(),
      byLevel: CountsByKey(BLOCK_LEVELS),
      byStatus: CountsByKey(BLOCK_STATUSES),
    }),
    ...errors(400),
  },
};

export const getBlockSchema = {
  tags: [TAGS.blocks],
  summary: "One block (ETag = its version)",
  params: IdParams,
  response: { 200: BlockFeature, ...errors(400, 404) },
};

export const createBlockSchema = {
  tags: [TAGS.blocks],
  summary: "Create a block from a GeoJSON Feature (?repair=true repairs an invalid geometry)",
  querystring: RepairQuery,
  body: BlockCreate,
  response: { 201: written, ...errors(400, 413) },
};

export const updateBlockSchema = {
  tags: [TAGS.blocks],
  summary:
    "Change a block's geometry and/or properties (not its status: see the actions), with the version last seen",
  params: IdParams,
  querystring: RepairQuery,
  body: BlockChange,
  response: { 200: written, ...errors(400, 404, 409, 428) },
};

export const endBlockSchema = {
  tags: [TAGS.blocks],
  summary: "End a block (exited or withdrawn); nothing is erased",
  params: IdParams,
  response: { 200: BlockFeature, ...errors(400, 404, 409) },
};

export const blockHistorySchema = {
  tags: [TAGS.blocks],
  summary: "All versions of a block, oldest first",
  params: IdParams,
  response: { 200: Type.Array(BlockVersion), ...errors(400, 404) },
};

export type BlockFeature = Static<typeof BlockFeature>;
export type BlockCollection = Static<typeof BlockCollection>;
export type BlockListPage = Static<typeof BlockListPage>;
export type BlockVersion = Static<typeof BlockVersion>;
export type BlockCreate = Static<typeof BlockCreate>;
