import { Type } from "typebox";
import { errors, IdParams } from "./common.js";
import { TAGS } from "./openapi.js";

/** 整改报告 on an open rectification record (server/domain/rectification-report.ts). */
const Report = Type.Object(
  {
    id: Type.Integer(),
    rectificationId: Type.Integer(),
    report: Type.String(),
    reportedOn: Type.String(),
    reporter: Type.String(),
    recordedAt: Type.String(),
    recordedBy: Type.String(),
  },
  { additionalProperties: false },
);

export const recordReportSchema = {
  tags: [TAGS.evaluations],
  summary:
    "整改报告: record a district's rectification report (text, date, who) on an open rectification; decides no outcome",
  params: IdParams,
  body: Type.Object(
    {
      report: Type.String({ maxLength: 8000 }),
      reportedOn: Type.String({ maxLength: 32 }),
      reporter: Type.String({ maxLength: 400 }),
    },
    { additionalProperties: false },
  ),
  response: { 201: Report, ...errors(400, 403, 404, 409) },
};
