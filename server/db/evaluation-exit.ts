import type { Knex } from "knex";
import { type ExitDecision, exitDecision } from "../domain/exit-rule.js";
import type { PolicySettings } from "../domain/settings.js";
import { parkShareOfBlock } from "./park-share.js";

/**
 * The §4.5 exit decision attached to a block that failed its rectification (or its transition commitments):
 * the exit rule on the block's stored ellipsoidal area and its share of its park, with the settings in force.
 * The decision is a snapshot; /api/blocks/:id/exit-decision always recomputes it on the current block.
 */
export interface ExitAttachment {
  decision: ExitDecision;
  parkAreaKm2: number;
  countedInParkArea: boolean;
  exitDecisionUrl: string;
}

export async function exitAttachmentFor(
  knex: Knex,
  blockId: number,
  settings: PolicySettings,
): Promise<ExitAttachment | undefined> {
  const share = await parkShareOfBlock(knex, blockId, settings);
  if (!share) return undefined;
  return {
    decision: exitDecision(
      { areaKm2: share.areaKm2, shareOfPark: share.shareOfPark, parkAreaBasisUsed: share.basis },
      settings,
    ),
    parkAreaKm2: share.parkAreaKm2,
    countedInParkArea: share.countedInParkArea,
    exitDecisionUrl: `/api/blocks/${blockId}/exit-decision`,
  };
}
