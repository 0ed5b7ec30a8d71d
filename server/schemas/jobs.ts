import { Type } from "typebox";
import { JOB_STATES } from "../db/job-store.js";
import { ZONE_KINDS } from "../domain/layers.js";
import { BlockLevel, BlockStatus, errors, Id, IdParams, Nullable, OpenObject } from "./common.js";
import { TAGS } from "./openapi.js";

/** A background job (jobs table): state, progress, timestamps; the result is downloaded separately. */
export const JobBody = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    owner: Type.String(),
    params: OpenObject,
    state: Type.Enum([...JOB_STATES]),
    progress: Type.Object(
      { done: Type.Integer(), total: Type.Integer(), stage: Type.String() },
      { additionalProperties: false },
    ),
    ownerAccountId: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    file: Nullable(
      Type.Object(
        { name: Type.String(), contentType: Type.String(), bytes: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    expiresAt: Nullable(Type.String()),
    expired: Type.Boolean(),
    interrupted: Nullable(Type.String()),
    createdAt: Type.String(),
    startedAt: Nullable(Type.String()),
    finishedAt: Nullable(Type.String()),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);

export const getJobSchema = {
  tags: [TAGS.jobs],
  summary: "A job's state and progress",
  params: IdParams,
  response: { 200: JobBody, ...errors(400, 404) },
};

export const cancelJobSchema = {
  tags: [TAGS.jobs],
  summary: "Cancels a queued or running job (a finished one is 409)",
  params: IdParams,
  response: { 200: JobBody, ...errors(400, 403, 404, 409) },
};

export const listJobsSchema = {
  tags: [TAGS.jobs],
  summary: "The signed-in account's recent jobs, newest first",
  querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
  response: { 200: Type.Array(JobBody) },
};

export const jobEventsSchema = {
  tags: [TAGS.jobs],
  summary: "Server-sent events of a job: `job` with its state and progress at every change; ends when it has",
  params: IdParams,
  response: { 200: Type.Unknown({ description: "text/event-stream" }), ...errors(400, 404) },
};

export const jobFileSchema = {
  tags: [TAGS.jobs],
  summary: "A succeeded job's result file (until it expires: then 410)",
  params: IdParams,
  response: {
    200: Type.Unknown({ description: "the file, as an attachment" }),
    ...errors(400, 404, 409, 410),
  },
};

export const cataloguePackageJobSchema = {
  tags: [TAGS.jobs],
  summary: "Starts the catalogue submission package (zip) as a job → 202; by default the blocks in force",
  body: Type.Object(
    {
      ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100_000 })),
      parkId: Type.Optional(Id),
      level: Type.Optional(BlockLevel),
      status: Type.Optional(BlockStatus),
      encoding: Type.Optional(Type.Enum(["gbk", "utf-8"])),
    },
    { additionalProperties: false },
  ),
  response: { 202: JobBody, ...errors(400, 404, 429) },
};

export const jobResultSchema = {
  tags: [TAGS.jobs],
  summary: "What a succeeded job made: JSON, or a file (`format=xlsx|csv` for reports)",
  params: IdParams,
  querystring: Type.Object({ format: Type.Optional(Type.Enum(["json", "xlsx", "csv"])) }),
  response: { 200: Type.Unknown(), ...errors(400, 404, 409, 410) },
};

export const overlapReportSchema = {
  tags: [TAGS.jobs],
  summary:
    "Starts the all-blocks overlap report (per layer dissolved, as QGIS calculatevectoroverlaps) as a job → 202",
  body: Type.Object(
    {
      parkId: Type.Optional(Id),
      level: Type.Optional(BlockLevel),
      status: Type.Optional(BlockStatus),
      ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100_000 })),
      layers: Type.Optional(Type.Array(Type.Enum([...ZONE_KINDS]), { minItems: 1, uniqueItems: true })),
    },
    { additionalProperties: false },
  ),
  response: { 202: JobBody, ...errors(400, 429) },
};
