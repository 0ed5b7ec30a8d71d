import { type Static, Type } from "typebox";
import { KEEP_SIDES } from "../domain/reduction-cut.js";
import { BlockFeature } from "./blocks.js";
import { errors, IdParams, IdText, MultiPolygon, Nullable, OpenObject } from "./common.js";
import { ExitDecision, ExitSettingsOverrides, ReductionStrategy } from "./exit.js";
import { TAGS } from "./openapi.js";

/**
 * What a planner asks for when previewing or proposing a reduced boundary. The domain
 * (server/domain/reduction-request.ts) adds the rules between fields (an anchor for keepSide "anchor",
 * a cut line that has the side asked for).
 */
export const ReductionRequest = Type.Object(
  {
    strategy: Type.Optional(ReductionStrategy),
    keepRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    largestPartOnly: Type.Optional(Type.Boolean()),
    angleDegrees: Type.Optional(Type.Number()),
    keepSide: Type.Optional(Type.Enum([...KEEP_SIDES])),
    anchor: Type.Optional(
      Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
    ),
    settings: Type.Optional(ExitSettingsOverrides),
  },
  { additionalProperties: false },
);

export const ProposalRequest = Type.Object(
  {
    ...ReductionRequest.properties,
    action: Type.Optional(Type.Enum(["reduce", "eliminate"])),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const ReductionChecks = Type.Object(
  {
    valid: Type.Boolean(),
    coveredByOriginal: Type.Boolean(),
    withinTolerance: Type.Boolean(),
    aboveFloor: Nullable(Type.Boolean()),
  },
  { additionalProperties: true },
);

/** The reduced boundary (a preview, not stored) and what made it. */
export const ReductionPreview = Type.Object(
  {
    type: Type.Literal("Feature"),
    geometry: MultiPolygon,
    properties: Type.Object(
      {
        blockId: Type.Integer(),
        blockVersion: Type.Integer(),
        strategy: ReductionStrategy,
        largestPartOnly: Type.Boolean(),
        rule: Type.Integer(),
        keepRatio: Type.Number(),
        targetAreaKm2: Type.Number(),
        floorApplied: Type.Boolean(),
        areaKm2: Type.Number(),
        originalAreaKm2: Type.Number(),
        errorRatio: Type.Number(),
        parts: Type.Integer(),
        multiPart: Type.Boolean(),
        compactness: Type.Number(),
        checks: ReductionChecks,
        largestPartAlternative: Type.Optional(Type.Unknown()),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

/** A saved proposal (several per block, to compare); geometry null for an elimination. */
export const ReductionProposal = Type.Object(
  {
    type: Type.Literal("Feature"),
    geometry: Nullable(MultiPolygon),
    properties: Type.Object(
      {
        id: Type.Integer(),
        blockId: Type.Integer(),
        blockVersion: Type.Integer(),
        stale: Type.Boolean(),
        action: Type.Enum(["reduce", "eliminate"]),
        strategy: Nullable(ReductionStrategy),
        largestPartOnly: Type.Boolean(),
        parameters: OpenObject,
        rule: Type.Integer(),
        keepRatio: Nullable(Type.Number()),
        targetAreaKm2: Nullable(Type.Number()),
        areaKm2: Nullable(Type.Number()),
        errorRatio: Nullable(Type.Number()),
        parts: Nullable(Type.Integer()),
        compactness: Nullable(Type.Number()),
        iterations: Nullable(Type.Integer()),
        gkSrid: Nullable(Type.Integer()),
        decision: ExitDecision,
        note: Type.String(),
        source: Type.Enum(["manual", "batch"]),
        createdAt: Type.String(),
        createdBy: Type.String(),
        appliedAt: Nullable(Type.String()),
        appliedBy: Nullable(Type.String()),
        appliedVersion: Nullable(Type.Integer()),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

export const ProposalList = Type.Object(
  {
    type: Type.Literal("FeatureCollection"),
    blockId: Type.Integer(),
    blockVersion: Type.Integer(),
    features: Type.Array(ReductionProposal),
  },
  { additionalProperties: true },
);

export const AppliedProposal = Type.Object(
  { block: BlockFeature, proposal: ReductionProposal },
  { additionalProperties: true },
);

export const previewReductionSchema = {
  tags: [TAGS.reductions],
  summary: "Preview a reduced boundary (inset or cut) for the block's 淘汰方式 decision",
  params: IdParams,
  querystring: ExitSettingsOverrides,
  body: Type.Optional(ReductionRequest),
  response: { 200: ReductionPreview, ...errors(400, 404, 409, 422) },
};

export const listProposalsSchema = {
  tags: [TAGS.reductions],
  summary: "The block's saved reduction proposals",
  params: IdParams,
  response: { 200: ProposalList, ...errors(400, 404) },
};

export const saveProposalSchema = {
  tags: [TAGS.reductions],
  summary: "Save a reduction (or elimination) proposal",
  params: IdParams,
  querystring: ExitSettingsOverrides,
  body: Type.Optional(ProposalRequest),
  response: { 201: ReductionProposal, ...errors(400, 404, 409, 422) },
};

export const applyProposalSchema = {
  tags: [TAGS.reductions],
  summary: "Apply a proposal with the block version last seen: a new version, status reduced or exited",
  params: Type.Object({ id: IdText, pid: IdText }),
  body: Type.Optional(Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) })),
  response: { 200: AppliedProposal, ...errors(400, 404, 409, 428) },
};

export type ReductionRequest = Static<typeof ReductionRequest>;
export type ReductionPreview = Static<typeof ReductionPreview>;
export type ReductionProposal = Static<typeof ReductionProposal>;
export type ProposalRequest = Static<typeof ProposalRequest>;
