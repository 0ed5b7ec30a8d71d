import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Feature, MultiPolygon } from "geojson";
import type { AppContext } from "../app-context.js";
import type { BlockExit, BlockReduction } from "../db/reduction-block.js";
import { proposalApplyAction } from "../domain/proposal-apply.js";
import { checkReductionRequest, type ReductionRequest } from "../domain/reduction-request.js";
import type { ReductionResult } from "../domain/reduction-result.js";
import type { ReductionTarget } from "../domain/reduction-target.js";
import { m2ToKm2 } from "../domain/units.js";
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import type { ExitSettings } from "../schemas/exit.js";
import {
  applyProposalSchema,
  listProposalsSchema,
  type ProposalRequest,
  previewReductionSchema,
  saveProposalSchema,
} from "../schemas/reductions.js";
import { auditActorOf, blockSnapshot } from "./audit-request.js";
import { versionFrom, writtenBlock } from "./block-write.js";
import { exitSettings, liveBlockExit, refuseAlreadyReduced, refuseNational } from "./exit-request.js";
import { actorOf, parseId } from "./params.js";

type OkTarget = Extract<ReductionTarget, { ok: true }>;

/** What prepare() reads of a preview or proposal request (its schema has checked the shapes). */
interface ReductionAsk {
  params: { id: string };
  query: Partial<ExitSettings>;
  body: ProposalRequest | null | undefined;
}

/** The audit row of a saved proposal: on the block, so the block's trail shows it. */
const createdProposal = { action: "proposal.create", entity: "block" };

export const reductionRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores } = context;
  const proposals = stores.proposals;

  /** The decision and the checked request of a preview/proposal body. */
  async function prepare(request: ReductionAsk) {
    const id = parseId(request.params.id);
    const body = request.body ?? {};
    const check = checkReductionRequest(body);
    if (!check.valid) throw badRequest("bad-reduction-request", check.message, { field: check.field });
    const settings = await exitSettings(context, body.settings ?? request.query);
    return { exit: await liveBlockExit(context, id, settings), request: check.request, body };
  }

  app.post(
    "/blocks/:id/reduction-preview",
    { schema: previewReductionSchema, config: { permission: "analysis.run" } },
    async (request) => {
      const { exit, request: asked } = await prepare(request);
      const feature = reductionFeature(exit, asked, await stores.exits.reduce(exit, asked));
      if (feature.properties.parts > 1 && !asked.largestPartOnly) {
        const largest = { ...asked, largestPartOnly: true };
        const reduced = await stores.exits.reduce(exit, largest);
        feature.properties.largestPartAlternative =
          "outcome" in reduced && reduced.outcome.ok
            ? reductionFeature(exit, largest, reduced)
            : { unavailable: failureOf(reduced) };
      }
      return feature;
    },
  );

  app.get("/blocks/:id/reduction-proposals", { schema: listProposalsSchema }, async (request) => {
    const id = parseId(request.params.id);
    const block = await stores.blocks.get(id);
    if (!block) throw notFound("Block", id);
    return {
      type: "FeatureCollection" as const,
      blockId: id,
      blockVersion: block.properties.version,
      features: await proposals.list(id),
    };
  });

  app.post(
    "/blocks/:id/reduction-proposals",
    { schema: saveProposalSchema, config: { permission: "proposals.edit" } },
    async (request, reply) => {
      const { exit, request: asked, body } = await prepare(request);
      await refuseAlreadyReduced(context, exit.block.id, exit.block.status);
      const note = body.note ?? "";
      const action = body.action ?? "reduce";
      if (action === "eliminate") {
        if (exit.decision.action === "reduce") {
          throw new ApiError(
            422,
            "not-the-rule",
            `淘汰方式 row ${exit.decision.rule} (the Measures, part 3) reduces this block; it does not eliminate it.`,
          );
        }
        const eliminate = {
          blockId: exit.block.id,
          blockVersion: exit.block.version,
          decision: exit.decision,
          source: "manual" as const,
          note,
        };
        const saved = await stores.audit.audited(auditActorOf(request), createdProposal, async (trx) => {
          const created = await proposals.create(eliminate, actorOf(request), trx);
          return { value: created, entityId: exit.block.id, after: created.properties };
        });
        return reply.code(201).send(saved);
      }
      const reduced = await stores.exits.reduce(exit, asked);
      if (!("outcome" in reduced) || !reduced.outcome.ok) throw reductionError(reduced);
      const reduction = {
        blockId: exit.block.id,
        blockVersion: exit.block.version,
        decision: exit.decision,
        source: "manual" as const,
        note,
        reduction: { keepRatio: reduced.target.keepRatio, result: reduced.outcome.result },
      };
      const saved = await stores.audit.audited(auditActorOf(request), createdProposal, async (trx) => {
        const created = await proposals.create(reduction, actorOf(request), trx);
        return { value: created, entityId: exit.block.id, after: created.properties };
      });
      return reply.code(201).send(saved);
    },
  );

  app.post(
    "/blocks/:id/reduction-proposals/:pid/apply",
    { schema: applyProposalSchema, config: { permission: "proposals.apply" } },
    async (request) => {
      const id = parseId(request.params.id);
      const proposalId = parseId(request.params.pid);
      const expectedVersion = versionFrom(request);
      const block = await stores.blocks.get(id);
      if (!block) throw notFound("Block", id);
      refuseNational(id, block.properties.level);
      const proposal = await proposals.get(id, proposalId);
      if (!proposal) throw notFound(`Proposal of block ${id}`, proposalId);
      const { properties } = proposal;
      if (properties.appliedAt !== null) {
        throw new ApiError(
          409,
          "proposal-applied",
          `Proposal ${proposalId} was already applied (version ${properties.appliedVersion}).`,
        );
      }
      const currentVersion = block.properties.version;
      if (expectedVersion !== currentVersion) {
        throw conflict(
          `Block ${id} was changed by someone else: you saw version ${expectedVersion}, the current version is ${currentVersion}. Reload it.`,
          { expectedVersion, currentVersion },
        );
      }
      if (properties.blockVersion !== currentVersion) {
        throw new ApiError(
          409,
          "proposal-stale",
          `Proposal ${proposalId} was computed from version ${properties.blockVersion}; the block is now at version ${currentVersion}. Compute a new proposal.`,
          { proposalVersion: properties.blockVersion, currentVersion },
        );
      }
      // After the version checks: a stale client reloads first; a proposal for this version is refused here.
      await refuseAlreadyReduced(context, id, block.properties.status);
      const action = proposalApplyAction(properties.action);
      const application = {
        blockId: id,
        proposalId,
        expectedVersion,
        action,
        actor: actorOf(request),
        reason: `Proposal ${proposalId} applied (rule ${properties.rule}, ${properties.action}).`,
        geoJson: action === "reduce" ? JSON.stringify(proposal.geometry) : undefined,
      };
      const written = await stores.audit.audited(
        auditActorOf(request),
        { action: "proposal.apply", entity: "block", entityId: id },
        async (trx) => {
          const result = await stores.applyProposal(application, trx);
          if (result.outcome === "already-applied") {
            throw new ApiError(409, "proposal-applied", `Proposal ${proposalId} was applied meanwhile.`);
          }
          const applied = writtenBlock(id, expectedVersion, result);
          const after = { ...blockSnapshot(applied), proposalId, proposalAction: properties.action };
          return { value: applied, before: blockSnapshot(block), after };
        },
      );
      return {
        block: written,
        // Read back with its applied fields (it exists: it was read above, and proposals are never deleted).
        proposal: (await stores.proposals.get(id, proposalId)) ?? proposal,
      };
    },
  );
};

/** The preview Feature: the reduced boundary and what made it. */
function reductionFeature(exit: BlockExit, asked: ReductionRequest, reduced: BlockReduction) {
  if (!("outcome" in reduced) || !reduced.outcome.ok) throw reductionError(reduced);
  const result = reduced.outcome.result;
  const feature: Feature<
    MultiPolygon,
    ReturnType<typeof previewProperties> & { largestPartAlternative?: unknown }
  > = {
    type: "Feature",
    geometry: JSON.parse(result.geoJson),
    properties: previewProperties(exit, asked, reduced.target, result),
  };
  return feature;
}

function previewProperties(
  exit: BlockExit,
  asked: ReductionRequest,
  target: OkTarget,
  result: ReductionResult,
) {
  return {
    blockId: exit.block.id,
    blockVersion: exit.block.version,
    strategy: result.strategy,
    largestPartOnly: result.largestPartOnly,
    parameters: result.parameters,
    rule: exit.decision.rule,
    ruleAction: exit.decision.action,
    keepRatio: target.keepRatio,
    keepRatioOverridden: target.overridden,
    targetAreaKm2: target.targetAreaKm2,
    floorApplied: target.floorApplied,
    floorKm2: target.floorKm2,
    areaKm2: m2ToKm2(result.areaM2),
    originalAreaKm2: m2ToKm2(result.originalAreaM2),
    errorRatio: result.errorRatio,
    parts: result.parts,
    multiPart: result.parts > 1,
    compactness: result.compactness,
    iterations: result.iterations,
    gkSrid: result.gkSrid,
    checks: result.checks,
    request: asked,
    settings: exit.decision.settings,
  };
}

function failureOf(reduced: BlockReduction) {
  if (!("outcome" in reduced)) return { reason: reduced.target.reason, message: reduced.target.message };
  if (reduced.outcome.ok) return undefined;
  return reduced.outcome.failure;
}

/** 422: no reduction for this request — the rule has none, or no checked shape could be made. */
function reductionError(reduced: BlockReduction): ApiError {
  if (!("outcome" in reduced)) {
    return new ApiError(422, "no-reduction", reduced.target.message, { reason: reduced.target.reason });
  }
  const failure = reduced.outcome.ok ? undefined : reduced.outcome.failure;
  return new ApiError(422, "reduction-failed", failure?.message ?? "No reduction.", {
    reason: failure?.reason,
    ...failure?.details,
  });
}
