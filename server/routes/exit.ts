import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { BlockExit } from "../db/reduction-block.js";
import { exitDecisionSchema } from "../schemas/exit.js";
import { exitBatchRoutes } from "./exit-batch.js";
import { exitSettings, liveBlockExit } from "./exit-request.js";
import { parseId } from "./params.js";
import { reductionRoutes } from "./reductions.js";

/**
 * Exit decisions (DOMAIN.md §4.5), reduced-boundary previews and proposals, and the batch for all blocks
 * marked for exit. One plugin so app.ts registers it once.
 */
export const exitRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  app.get("/blocks/:id/exit-decision", { schema: exitDecisionSchema }, async (request) => {
    const id = parseId(request.params.id);
    const settings = await exitSettings(context, request.query);
    return decisionResponse(await liveBlockExit(context, id, settings));
  });

  await app.register(reductionRoutes, context);
  await app.register(exitBatchRoutes, context);
};

/** GET /blocks/:id/exit-decision body. */
export function decisionResponse({ block, share, decision }: BlockExit) {
  return {
    blockId: block.id,
    blockVersion: block.version,
    code: block.code,
    name: block.name,
    level: block.level,
    status: block.status,
    parkId: block.parkId,
    action: decision.action,
    rule: decision.rule,
    areaKm2: decision.areaKm2,
    parkAreaKm2: share.parkAreaKm2,
    /** Where the park area came from ("official", "in-force-union", "in-force-sum") and in words. */
    parkAreaBasis: share.basis,
    parkAreaExplanation: share.explanation,
    officialParkArea: share.official,
    shareOfPark: decision.shareOfPark,
    countedInParkArea: share.countedInParkArea,
    sizeClass: decision.sizeClass,
    shareClass: decision.shareClass,
    keepRatio: decision.keepRatio,
    targetAreaKm2: decision.targetAreaKm2,
    floorApplied: decision.floorApplied,
    floorKm2: decision.floorKm2,
    underFloor: decision.underFloor,
    settings: decision.settings,
    explanation: decision.explanation,
  };
}
