import { Type } from "typebox";
import { errors, IdParams, IdText, IsoDateText, Nullable, OpenObject } from "./common.js";
import { TAGS } from "./openapi.js";

/** 《中国开发区审核公告目录》 status of blocks and the 备案 records of their exits and reductions. */

const CatalogueEntry = Type.Object(
  {
    blockId: Type.Integer(),
    inCatalogue: Type.Boolean(),
    zoneName: Nullable(Type.String()),
    zoneCode: Nullable(Type.String()),
    changedAt: Nullable(Type.String()),
    changedBy: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

export const getCatalogueSchema = {
  tags: [TAGS.evaluations],
  summary: "Whether a block is in 《中国开发区审核公告目录》, under which catalogue zone and code",
  params: IdParams,
  response: { 200: CatalogueEntry, ...errors(400, 404) },
};

export const putCatalogueSchema = {
  tags: [TAGS.evaluations],
  summary: "Record a block's catalogue status (zone name and code required when in the catalogue)",
  params: IdParams,
  body: Type.Object(
    {
      inCatalogue: Type.Boolean(),
      zoneName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
      zoneCode: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
    },
    { additionalProperties: false },
  ),
  response: { 200: CatalogueEntry, ...errors(400, 404) },
};

export const listFilingsSchema = {
  tags: [TAGS.evaluations],
  summary: "备案 records: exits and reductions of catalogue blocks (blockId= filters)",
  querystring: Type.Object({ blockId: Type.Optional(IdText) }),
  response: {
    200: Type.Object({ filings: Type.Array(OpenObject) }, { additionalProperties: false }),
    ...errors(400),
  },
};

export const patchFilingSchema = {
  tags: [TAGS.evaluations],
  summary: "Fill in a 备案 record's filing date and ministry reference (null clears)",
  params: IdParams,
  body: Type.Object(
    {
      filedOn: Type.Optional(Nullable(IsoDateText)),
      ministryReference: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    },
    { additionalProperties: false },
  ),
  response: { 200: OpenObject, ...errors(400, 404) },
};

export const exportFilingsSchema = {
  tags: [TAGS.evaluations],
  summary:
    "The 备案 changes as one zip: 备案变更.xlsx and GeoJSON boundary files of the removed and the new area",
  response: { 200: Type.Unknown({ description: "filings.zip" }), ...errors(400) },
};
