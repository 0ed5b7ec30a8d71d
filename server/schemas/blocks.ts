import { type Static, Type } from "typebox";
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
  { additionalProperties: true },
);

export const BlockFeature = Type.Object(
  { type: Type.Literal("Feature"), geometry: MultiPolygon, properties: BlockProperties },
  { additionalProperties: true },
);

export const BlockCollection = Type.Object(
  { type: Type.Literal("FeatureCollection"), features: Type.Array(BlockFeature) },
  { additionalProperties: true },
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
  },
  { additionalProperties: true },
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

const written = Type.Object(
  { ...BlockFeature.properties, repair: Type.Optional(OpenObject) },
  { additionalProperties: true },
);

export const listBlocksSchema = {
  tags: [TAGS.blocks],
  summary: "Blocks as a FeatureCollection, filtered by park, level and status",
  querystring: Type.Object({
    park: Type.Optional(IdText),
    level: Type.Optional(BlockLevel),
    status: Type.Optional(BlockStatus),
  }),
  response: { 200: BlockCollection, ...errors(400) },
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
export type BlockVersion = Static<typeof BlockVersion>;
export type BlockCreate = Static<typeof BlockCreate>;
