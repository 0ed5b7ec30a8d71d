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
    error: Nullable(Type.String()),
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
  response: { 200: JobBody, ...errors(400, 404, 409) },
};

export const jobResultSchema = {
  tags: [TAGS.jobs],
  summary: "What a succeeded job made: JSON, or a file (`format=xlsx|csv` for reports)",
  params: IdParams,
  querystring: Type.Object({ format: Type.Optional(Type.Enum(["json", "xlsx", "csv"])) }),
  response: { 200: Type.Unknown(), ...errors(400, 404, 409) },
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
  response: { 202: JobBody, ...errors(400) },
};
