import { Type } from "typebox";
import { errors, IdParams, Nullable } from "./common.js";
import { YearParams } from "./evaluations.js";
import { JobBody } from "./jobs.js";
import { TAGS } from "./openapi.js";

/** 通报 of an approved year's evaluation results to the district governments. */

const NoticeDistrict = Type.Object(
  { district: Type.String(), blockCount: Type.Integer() },
  { additionalProperties: false },
);

const Notice = Type.Object(
  {
    id: Type.Integer(),
    year: Type.Integer(),
    jobId: Nullable(Type.Integer()),
    approvalReference: Nullable(Type.String()),
    approvedOn: Nullable(Type.String()),
    districts: Type.Array(NoticeDistrict),
    blockCount: Type.Integer(),
    notifiedAt: Type.String(),
    notifiedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const startNoticeSchema = {
  tags: [TAGS.evaluations],
  summary:
    "通报: generate each district's documents (XLSX, PDF) of an approved year and the zip of all, as a job",
  params: YearParams,
  response: { 202: JobBody, ...errors(400, 409, 429) },
};

export const listNoticesSchema = {
  tags: [TAGS.evaluations],
  summary: "The 通报 of a year, newest first (a district account sees its own districts only)",
  params: YearParams,
  response: {
    200: Type.Object(
      {
        year: Type.Integer(),
        state: Type.String(),
        /** null: every district; else the districts this account may see. */
        ownDistricts: Nullable(Type.Array(Type.String())),
        notices: Type.Array(Notice),
      },
      { additionalProperties: false },
    ),
    ...errors(400),
  },
};

export const noticeFileSchema = {
  tags: [TAGS.evaluations],
  summary: "A district's 通报 document (XLSX table or PDF letter) of one notice",
  params: IdParams,
  querystring: Type.Object(
    { district: Type.String({ minLength: 1, maxLength: 100 }), format: Type.Enum(["xlsx", "pdf"]) },
    { additionalProperties: false },
  ),
  response: { 200: Type.Unknown({ description: "the XLSX or PDF file" }), ...errors(400, 403, 404) },
};
