import { Type } from "typebox";
import { YEAR_ACTIONS, YEAR_STATES } from "../domain/evaluation-approval.js";
import { errors, FlagText, IsoDateText, Nullable, OpenObject } from "./common.js";
import { YearParams } from "./evaluations.js";
import { TAGS } from "./openapi.js";

/** 审定 — a year's evaluation state (草稿 → 报审 → 审定), its steps and the ranking frozen at 报审. */

const Step = Type.Object(
  {
    action: Type.Enum([...YEAR_ACTIONS]),
    state: Type.Enum([...YEAR_STATES]),
    reference: Nullable(Type.String()),
    approvedOn: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    actedAt: Type.String(),
    actedBy: Type.String(),
  },
  { additionalProperties: false },
);

const YearStatus = Type.Object(
  {
    year: Type.Integer(),
    state: Type.Enum([...YEAR_STATES]),
    label: Type.Object({ zh: Type.String(), en: Type.String() }),
    allowedActions: Type.Array(Type.Enum([...YEAR_ACTIONS])),
    steps: Type.Array(Step),
    submitted: Nullable(Step),
    approved: Nullable(Step),
    /** The ranking as frozen at 报审 (null in 草稿): method, settings, summary and entries per category. */
    frozen: Nullable(OpenObject),
  },
  { additionalProperties: false },
);

export const approvalSchema = {
  tags: [TAGS.evaluations],
  summary: "The state of a year's evaluation (草稿 / 报审 / 审定) and the ranking frozen at 报审",
  params: YearParams,
  response: { 200: YearStatus, ...errors(400) },
};

export const submitSchema = {
  tags: [TAGS.evaluations],
  summary: "报审: freeze the year's data, weights, settings and ranking and submit them for approval",
  params: YearParams,
  querystring: Type.Object({ ignoreIncomplete: Type.Optional(FlagText) }),
  response: { 200: YearStatus, ...errors(400, 409) },
};

export const approveSchema = {
  tags: [TAGS.evaluations],
  summary: "审定: record the municipal government's approval of the submitted year (reference and date)",
  params: YearParams,
  body: Type.Object(
    { reference: Type.String({ minLength: 1, maxLength: 200 }), approvedOn: IsoDateText },
    { additionalProperties: false },
  ),
  response: { 200: YearStatus, ...errors(400, 409) },
};

export const returnSchema = {
  tags: [TAGS.evaluations],
  summary: "退回: return a submitted year to 草稿, with a reason",
  params: YearParams,
  body: Type.Object(
    { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
  response: { 200: YearStatus, ...errors(400, 409) },
};
