import type { Knex } from "knex";
import type { BlockAction } from "../domain/block-lifecycle.js";
import type { ActionResult, BlockStore } from "./block-store.js";
import type { ProposalStore } from "./proposal-store.js";

export interface ProposalApplication {
  blockId: number;
  proposalId: number;
  expectedVersion: number;
  action: BlockAction;
  actor: string;
  reason: string;
  /** The reduced boundary (GeoJSON text); none for an elimination. */
  geoJson?: string;
}

export type ApplyResult = ActionResult | { outcome: "already-applied" };

class AlreadyApplied extends Error {}

/**
 * Applying a proposal is ONE transaction (#15.7): the block's lifecycle action with its history row, and the
 * proposal marked applied with the version it wrote. If either fails, neither happened.
 */
export function proposalApplier(knex: Knex, blocks: BlockStore, proposals: ProposalStore) {
  return async function applyProposal(
    application: ProposalApplication,
    db: Knex | Knex.Transaction = knex,
  ): Promise<ApplyResult> {
    const { blockId, proposalId, expectedVersion, action, actor, reason, geoJson } = application;
    try {
      // In the caller's transaction (a savepoint there) or a new one.
      return await db.transaction(async (trx) => {
        const result = await blocks.act(
          blockId,
          expectedVersion,
          action,
          { actor, change: action, reason, geoJson },
          trx,
        );
        if (result.outcome !== "updated") return result;
        const marked = await proposals.markApplied(proposalId, actor, result.block.properties.version, trx);
        if (!marked) throw new AlreadyApplied();
        return result;
      });
    } catch (error) {
      if (error instanceof AlreadyApplied) return { outcome: "already-applied" };
      throw error;
    }
  };
}
