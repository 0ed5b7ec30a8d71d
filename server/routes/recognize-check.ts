import type { AppContext } from "../app-context.js";
import { checkTransition } from "../domain/block-lifecycle.js";
import { recognitionCommitmentCheck } from "../domain/recognition-checks.js";
import { ApiError } from "../errors.js";

/**
 * Before `recognize`: a municipal block in the ecological conservation area needs its 预估经济指标承诺 (stored with
 * its transition); without them the action is `409 eco-commitments-missing`, naming what is missing.
 */
export async function assertRecognizable(stores: AppContext["stores"], blockId: number): Promise<void> {
  const block = await stores.blocks.get(blockId);
  // A missing block (404) or one the lifecycle does not let be recognized (409) is the action's own answer.
  if (!block || !checkTransition(block.properties.status, "recognize").allowed) return;
  const [ecoShare, history] = await Promise.all([
    stores.evaluations.transitions.ecoShare(blockId),
    stores.evaluations.transitions.history(blockId),
  ]);
  const check = recognitionCommitmentCheck({
    level: block.properties.level,
    ecoShareOfBlock: ecoShare ?? 0,
    commitments: history.at(-1)?.commitments,
  });
  if (!check.ready)
    throw new ApiError(409, check.reason, `Block ${blockId}: ${check.message}`, check.details);
}
