import { Type } from "typebox";
import { errors, Id, IsoDateText, Nullable } from "./common.js";
import { YearParams } from "./evaluations.js";
import { TAGS } from "./openapi.js";

/** 优先推荐纳入国家高新区: revisions of an approved year's list of recommended blocks. */

const RecommendedBlock = Type.Object(
  {
    blockId: Type.Integer(),
    code: Nullable(Type.String()),
    name: Type.String(),
    parkName: Type.String(),
    category: Type.String(),
    rank: Type.Integer(),
    rankedInCategory: Type.Integer(),
    score: Type.Number(),
    inRule: Type.Boolean(),
    reason: Type.String(),
  },
  { additionalProperties: false },
);

const Revision = Type.Object(
  {
    id: Type.Integer(),
    year: Type.Integer(),
    name: Type.String(),
    revisedOn: Type.String(),
    reason: Nullable(Type.String()),
    recommended: Type.Array(RecommendedBlock),
    createdAt: Type.String(),
    createdBy: Type.String(),
  },
  { additionalProperties: false },
);

export const listRevisionsSchema = {
  tags: [TAGS.evaluations],
  summary: "The 优先推荐纳入国家高新区 revisions of a year, newest first (the first is in force)",
  params: YearParams,
  response: {
    200: Type.Object(
      { year: Type.Integer(), current: Nullable(Revision), revisions: Type.Array(Revision) },
      { additionalProperties: false },
    ),
    ...errors(400),
  },
};

export const createRevisionSchema = {
  tags: [TAGS.evaluations],
  summary: "Record a revision of an approved year's recommended blocks (each with its reason)",
  params: YearParams,
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      revisedOn: IsoDateText,
      reason: Type.String({ minLength: 1, maxLength: 2000 }),
      blocks: Type.Array(
        Type.Object(
          { blockId: Id, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    },
    { additionalProperties: false },
  ),
  response: { 201: Revision, ...errors(400, 409) },
};

export const exportRevisionsSchema = {
  tags: [TAGS.evaluations],
  summary: "The recommended blocks in force and every revision, as XLSX",
  params: YearParams,
  response: { 200: Type.Unknown({ description: "XLSX" }), ...errors(400) },
};
