import { type Static, Type } from "typebox";
import { JOB_STATES } from "../db/job-store.js";
import { REDUCTION_STRATEGIES } from "../domain/reduction-result.js";
import { Bilingual, errors, Id, IdParams, Nullable, OpenObject } from "./common.js";
import { JobBody } from "./jobs.js";
import { TAGS } from "./openapi.js";
import { ParkAreaBasis, ShareAtThreshold, UnderFloorAction } from "./settings.js";

/** The settings a §4.5 decision reads; each can be overridden for one request. */
export const ExitSettings = Type.Object({
  shareAtThreshold: ShareAtThreshold,
  parkAreaBasis: ParkAreaBasis,
  underFloorAction: UnderFloorAction,
});

/** Overrides of the exit settings (query or body `settings`); an unknown key is refused. */
export const ExitSettingsOverrides = Type.Partial(ExitSettings, { additionalProperties: false });

export const ExitAction = Type.Enum(["eliminate", "reduce", "manual-review"]);
export const ExitRule = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);

/** The §4.5 decision as server/domain/exit-rule.ts makes it: which row, and the settings it used. */
export const ExitDecision = Type.Object(
  {
    action: ExitAction,
    rule: ExitRule,
    areaKm2: Type.Number(),
    shareOfPark: Type.Number(),
    sizeClass: Type.Enum(["small", "large"]),
    shareClass: Type.Enum(["below", "above", "at-threshold"]),
    keepRatio: Nullable(Type.Number()),
    targetAreaKm2: Nullable(Type.Number()),
    floorApplied: Type.Boolean(),
    floorKm2: Nullable(Type.Number()),
    underFloor: Type.Boolean(),
    settings: ExitSettings,
    explanation: Bilingual,
  },
  { additionalProperties: true },
);

/** GET /api/blocks/:id/exit-decision: the decision with the block it is about. */
export const ExitDecisionView = Type.Object(
  {
    ...ExitDecision.properties,
    blockId: Type.Integer(),
    blockVersion: Type.Integer(),
    code: Nullable(Type.String()),
    name: Type.String(),
    level: Type.String(),
    status: Type.String(),
    parkId: Type.Integer(),
    parkAreaKm2: Type.Number(),
    countedInParkArea: Type.Boolean(),
  },
  { additionalProperties: true },
);

export const ReductionStrategy = Type.Enum([...REDUCTION_STRATEGIES]);

/** Most blocks one batch takes. */
export const MAX_BATCH_BLOCKS = 5000;

/** POST /api/exit-batch: all rectifying blocks (or the listed ones), with the default proposal strategy. */
export const ExitBatchRequest = Type.Object(
  {
    strategy: Type.Optional(ReductionStrategy),
    save: Type.Optional(Type.Boolean()),
    settings: Type.Optional(ExitSettingsOverrides),
    blockIds: Type.Optional(Type.Array(Id, { maxItems: MAX_BATCH_BLOCKS })),
  },
  { additionalProperties: false },
);

/** The job (as every job start answers) with the batch's own fields older clients read. */
export const ExitBatchStarted = Type.Object(
  { ...JobBody.properties, jobId: Type.Integer(), total: Type.Integer(), statusUrl: Type.String() },
  { additionalProperties: false },
);

/** A job: its state, progress 0..1 and the results so far (one per block, in order). */
export const ExitBatchJob = Type.Object(
  {
    id: Type.Integer(),
    /** The job row's own state (queued, running, succeeded, failed, cancelled). */
    jobState: Type.Enum([...JOB_STATES]),
    state: Type.Enum(["running", "done", "failed"]),
    stage: Type.String(),
    total: Type.Integer(),
    done: Type.Integer(),
    progress: Type.Number(),
    strategy: ReductionStrategy,
    save: Type.Boolean(),
    settings: ExitSettings,
    startedAt: Type.String(),
    finishedAt: Nullable(Type.String()),
    results: Type.Array(OpenObject),
    error: Type.Optional(Type.String()),
    interrupted: Nullable(Type.String()),
    jobUrl: Type.String(),
  },
  { additionalProperties: true },
);

export const exitDecisionSchema = {
  tags: [TAGS.exit],
  summary:
    "The 淘汰方式 decision of a block (the Measures, part 3): action, rule row, keep ratio, target area, floor",
  params: IdParams,
  querystring: ExitSettingsOverrides,
  response: { 200: ExitDecisionView, ...errors(400, 404, 409) },
};

export const startExitBatchSchema = {
  tags: [TAGS.exit],
  summary: "Start the batch of decisions and default proposals (answers 202 with the job id)",
  body: Type.Optional(ExitBatchRequest),
  response: { 202: ExitBatchStarted, ...errors(400, 429) },
};

export const exitBatchJobSchema = {
  tags: [TAGS.exit],
  summary: "Progress and results of a batch job",
  params: Type.Object({ jobId: Type.String() }),
  response: { 200: ExitBatchJob, ...errors(404) },
};

export type ExitDecisionView = Static<typeof ExitDecisionView>;
export type ExitSettings = Static<typeof ExitSettings>;
