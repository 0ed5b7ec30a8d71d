import type { BlockStatus } from "../domain/block.js";
import { checkExitStep, type ExitStepCheck } from "../domain/exit-step.js";
import type { proposalStore } from "./proposal-store.js";
import type { rectificationStore } from "./rectification-store.js";

/** The stores the check reads: the block's rectification records and its proposals. */
export interface ExitStepStores {
  rectifications: Pick<ReturnType<typeof rectificationStore>, "list">;
  proposals: Pick<ReturnType<typeof proposalStore>, "list">;
}

/**
 * Whether an exit step (a saved or applied proposal, a batch proposal) may follow for this block: the facts
 * domain/exit-step.ts decides on. Read by the reduction routes and by the exit-batch job alike.
 */
export async function exitStepCheck(
  stores: ExitStepStores,
  blockId: number,
  status: BlockStatus,
): Promise<ExitStepCheck> {
  if (status !== "reduced") return { allowed: true };
  const [records, proposals] = await Promise.all([
    stores.rectifications.list({ blockIds: [blockId] }),
    stores.proposals.list(blockId),
  ]);
  const reductions = proposals.flatMap(({ properties }) =>
    properties.action === "reduce" && properties.appliedVersion !== null
      ? [{ proposalId: properties.id, appliedVersion: properties.appliedVersion }]
      : [],
  );
  return checkExitStep(status, records, reductions);
}
