import type { Knex } from "knex";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import { type ExitDecision, type ExitSettings, exitDecision } from "../domain/exit-rule.js";
import type { ReductionRequest } from "../domain/reduction-request.js";
import type { ReductionOutcome } from "../domain/reduction-result.js";
import { type ReductionTarget, reductionTarget } from "../domain/reduction-target.js";
import { M2_PER_KM2 } from "../domain/units.js";
import { type BlockShare, parkShareOfBlock } from "./park-share.js";
import { reduceGeometry } from "./reduction-run.js";

export interface BlockExit {
  block: {
    id: number;
    code: string | null;
    name: string;
    level: BlockLevel;
    status: BlockStatus;
    version: number;
    parkId: number;
  };
  share: BlockShare;
  decision: ExitDecision;
}

/** The §4.5 decision for a stored block, from its stored ellipsoidal area and its share of its park. */
export async function blockExit(
  knex: Knex,
  blockId: number,
  settings: ExitSettings,
): Promise<BlockExit | undefined> {
  const block = await knex("blocks")
    .select("id", "code", "name", "level", "status", "version", "park_id")
    .where({ id: blockId })
    .first();
  const share = block && (await parkShareOfBlock(knex, blockId, settings));
  if (!block || !share) return undefined;
  return {
    block: {
      id: block.id,
      code: block.code,
      name: block.name,
      level: block.level,
      status: block.status,
      version: block.version,
      parkId: block.park_id,
    },
    share,
    decision: exitDecision(
      { areaKm2: share.areaKm2, shareOfPark: share.shareOfPark, parkAreaBasisUsed: share.basis },
      settings,
    ),
  };
}

export type BlockReduction =
  | { target: Extract<ReductionTarget, { ok: false }> }
  | { target: Extract<ReductionTarget, { ok: true }>; outcome: ReductionOutcome };

/**
 * Reduces the block as it was at `exit.block.version` (read from its history, so the result always belongs
 * to the version the decision was made on) to the decision's target or the request's keep ratio.
 */
export async function reduceBlock(
  knex: Knex,
  exit: BlockExit,
  request: ReductionRequest,
): Promise<BlockReduction> {
  const target = reductionTarget(exit.decision, request.keepRatio);
  if (!target.ok) return { target };
  const original = knex.raw("(select geom from block_versions where block_id = ? and version = ?)", [
    exit.block.id,
    exit.block.version,
  ]);
  const outcome = await reduceGeometry(knex, original, {
    strategy: request.strategy,
    largestPartOnly: request.largestPartOnly,
    targetAreaM2: target.targetAreaKm2 * M2_PER_KM2,
    floorM2: target.floorKm2 === null ? null : target.floorKm2 * M2_PER_KM2,
    cut: { angleDegrees: request.angleDegrees, keepSide: request.keepSide, anchorLngLat: request.anchor },
  });
  return { target, outcome };
}
