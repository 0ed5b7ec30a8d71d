import { Type } from "typebox";
import { APPLICATION_ACTIONS, MATERIAL_KINDS, OPINIONS } from "../domain/round-application.js";
import { JUDGEMENT_CONDITIONS } from "../domain/round-prechecks.js";
import { errors, Id, IdText, IsoDateText, OpenObject } from "./common.js";
import { TAGS } from "./openapi.js";

/** 集中认定 (issue #13): request schemas closed, answers open (they carry the frozen pre-checks as recorded). */
const tags = [TAGS.rounds];
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const AppParams = Type.Object({ id: IdText });

export const listRoundsSchema = {
  tags,
  summary: "The recognition rounds, newest first",
  response: { 200: Type.Array(OpenObject) },
};

export const openRoundSchema = {
  tags,
  summary: "Open a round (one open at a time: 409 round-already-open)",
  body: Type.Object(
    {
      year: Type.Integer({ minimum: 2000, maximum: 2100 }),
      name: Text(200),
      applicationsUntil: IsoDateText,
      reviewUntil: IsoDateText,
      departments: Type.Array(Text(100), { minItems: 1, maxItems: 30, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
  response: { 201: OpenObject, ...errors(400, 409) },
};

export const closeRoundSchema = {
  tags,
  summary: "Close a round (its applications must have ended: 409 round-has-live-applications)",
  params: AppParams,
  response: { 200: OpenObject, ...errors(404, 409) },
};

export const listApplicationsSchema = {
  tags,
  summary: "A round's applications (a district account sees its own)",
  params: AppParams,
  response: { 200: Type.Array(OpenObject), ...errors(404) },
};

export const createApplicationSchema = {
  tags,
  summary: "A district's application (草稿) for candidate blocks of its parks",
  params: AppParams,
  body: Type.Object(
    { title: Text(200), blockIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }) },
    { additionalProperties: false },
  ),
  response: { 201: OpenObject, ...errors(400, 403, 404, 409) },
};

export const getApplicationSchema = {
  tags,
  summary: "An application: blocks, materials, versions with pre-checks, opinions, checklist, history, 批复",
  params: AppParams,
  response: { 200: OpenObject, ...errors(403, 404) },
};

export const editApplicationSchema = {
  tags,
  summary: "Edit a draft or returned application (title, blocks)",
  params: AppParams,
  body: Type.Object(
    {
      title: Type.Optional(Text(200)),
      blockIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true })),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  response: { 200: OpenObject, ...errors(400, 403, 404, 409) },
};

export const applicationActionSchema = {
  tags,
  summary:
    "A step of the application (submit, start-review, return, report, approve, reject); 409 " +
    "application-step-not-allowed out of order, 409 materials-missing naming them",
  params: Type.Object({ id: IdText, action: Type.String({ description: APPLICATION_ACTIONS.join(", ") }) }),
  body: Type.Optional(
    Type.Object(
      {
        reason: Type.Optional(Text(4000)),
        opinion: Type.Optional(Text(8000)),
        reference: Type.Optional(Text(200)),
        repliedOn: Type.Optional(IsoDateText),
        approvedBlockIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
        conditions: Type.Optional(Type.String({ maxLength: 4000 })),
        blockReasons: Type.Optional(Type.Record(Type.String({ pattern: "^[0-9]+$" }), Text(2000))),
      },
      { additionalProperties: false },
    ),
  ),
  response: { 200: OpenObject, ...errors(400, 403, 404, 409) },
};

export const opinionSchema = {
  tags,
  summary: "A department's opinion in the joint review (同意 / 不同意 / 修改后同意)",
  params: AppParams,
  body: Type.Object(
    {
      department: Text(100),
      opinion: Type.Enum([...OPINIONS]),
      text: Text(8000),
      materialIds: Type.Optional(Type.Array(Id, { maxItems: 10, uniqueItems: true })),
    },
    { additionalProperties: false },
  ),
  response: { 201: OpenObject, ...errors(400, 404, 409) },
};

export const checklistSchema = {
  tags,
  summary: "The reviewer's judgement checklist (met / not met, and why) for the current version",
  params: AppParams,
  body: Type.Object(
    {
      items: Type.Array(
        Type.Object(
          { condition: Type.Enum([...JUDGEMENT_CONDITIONS]), met: Type.Boolean(), reason: Text(2000) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: JUDGEMENT_CONDITIONS.length },
      ),
    },
    { additionalProperties: false },
  ),
  response: { 200: OpenObject, ...errors(400, 404, 409) },
};

export const uploadMaterialSchema = {
  tags,
  summary: `Upload a material (multipart, one file; ?kind=${MATERIAL_KINDS.join("|")})`,
  params: AppParams,
  querystring: Type.Object({ kind: Type.Enum([...MATERIAL_KINDS]) }, { additionalProperties: false }),
  response: { 201: OpenObject, ...errors(400, 403, 404, 409, 413, 415) },
};

export const uploadOpinionMaterialSchema = {
  tags,
  summary:
    "Upload an attachment of a department's opinion (multipart, one file), while the application is 联审中",
  params: AppParams,
  response: { 201: OpenObject, ...errors(400, 404, 409, 413, 415) },
};

const MaterialParams = Type.Object({ id: IdText, materialId: IdText });

export const downloadMaterialSchema = {
  tags,
  summary: "Download a material as an attachment (never shown inline; nosniff, sandboxed)",
  params: MaterialParams,
  response: { 200: Type.Unknown({ description: "the file as uploaded" }), ...errors(403, 404) },
};

export const removeMaterialSchema = {
  tags,
  summary: "Remove a material of a draft or returned application (submitted versions keep naming it)",
  params: MaterialParams,
  response: { 200: OpenObject, ...errors(403, 404, 409) },
};
