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

/**
 * 409 recognition-by-round: "市级高新区每年集中认定一次 … 报市政府批复" (《管理办法》第二部分 认定): no action of a block's
 * own makes it 已认定; the approver's 批复 of a recognition-round application does (POST
 * /api/applications/:id/actions/approve). Nothing is written.
 */
export function recognitionByRound(blockId: number): ApiError {
  return new ApiError(
    409,
    "recognition-by-round",
    `Block ${blockId}: a block becomes 已认定 only through the 批复 of its application in the annual recognition ` +
      "round (POST /api/applications/:id/actions/approve), not by a block action.",
    { action: "recognize", route: "POST /api/applications/:id/actions/approve" },
  );
}
