import { Type } from "typebox";
import { errors, IdText, OpenObject } from "./common.js";
import { YearParams } from "./evaluations.js";
import { JobBody } from "./jobs.js";
import { TAGS } from "./openapi.js";

/** 责令整改 — flag runs over a year's bottom 5%, the flags they recorded, and the rectification records. */

export const flagBottomSchema = {
  tags: [TAGS.evaluations],
  summary:
    "Starts the flag run as a job → 202: sets the bottom 5% of the approved (审定) year's frozen ranking to rectifying; blocks flagged again get their exit decision (the job's result: FlagRunResult)",
  params: YearParams,
  response: {
    202: JobBody,
    ...errors(400, 409, 429),
  },
};

/** What a flag run did: the result of its job (GET /api/jobs/:id/result). */
export const FlagRunResult = Type.Object(
  {
    year: Type.Integer(),
    method: Type.String(),
    /** The settings this run used (named with every flag run). */
    settings: OpenObject,
    flagged: Type.Array(OpenObject),
    rectificationPassed: Type.Array(OpenObject),
    /** Blocks the run could not judge (e.g. no indicator data), with why. */
    notJudged: Type.Array(OpenObject),
  },
  { additionalProperties: false },
);

export const flagsSchema = {
  tags: [TAGS.evaluations],
  summary: "The bottom-5% flags recorded for a year",
  params: YearParams,
  response: {
    200: Type.Object(
      {
        year: Type.Integer(),
        flags: Type.Array(OpenObject),
        /** Each flag run of the year with the settings it used. */
        runs: Type.Array(OpenObject),
      },
      { additionalProperties: false },
    ),
    ...errors(400),
  },
};

export const rectificationsSchema = {
  tags: [TAGS.evaluations],
  summary: "The rectification records (责令整改 → outcome), one per order; blockId= filters",
  querystring: Type.Object({ blockId: Type.Optional(IdText) }),
  response: {
    200: Type.Object(
      { rule: OpenObject, rectifications: Type.Array(OpenObject) },
      { additionalProperties: false },
    ),
    ...errors(400),
  },
};
