import type { BlockStatus } from "./block.js";
import { allowedActions, type BlockAction } from "./block-lifecycle.js";

/**
 * Which lifecycle actions a person may take on a block directly (POST /api/blocks/:id/actions/:action, DELETE
 * /api/blocks/:id), and where the others happen. The lifecycle (block-lifecycle.ts) says which status an action
 * leads from and to; this says who takes it.
 *
 * Decisions (DOMAIN.md §4.3, 《管理办法》第三部分 管理考核 · 动态调整 / 淘汰方式: the order is the year's bottom-5%
 * flag run, its outcome the next year's, "nothing else leads to an exit decision"):
 * - `order-rectification`, `pass-rectification`, `fail-rectification`: only the flag run (POST
 *   /api/evaluations/:year/flag-bottom), which writes the rectification record and its outcome with the status.
 *   By hand → 409 `rectification-by-evaluation`.
 * - `reduce`: only applying the 淘汰方式 decision's reduction proposal (POST
 *   /api/blocks/:id/reduction-proposals/:pid/apply, or the exit batch): a reduction is a new boundary, not a
 *   status. By hand → 409 `rectification-by-evaluation`.
 * - `exit` of a block 整改中 (also DELETE): its exit comes only from a failed rectification's 淘汰方式 decision
 *   (an elimination, applied the same way); by hand it would skip both the judgement and the size rule of
 *   §4.5. By hand → 409 `rectification-by-evaluation`. `exit` of a block 已认定 or 已压减 stays a person's
 *   action: the end of a transition period whose commitments were not met (§4.4) and ending a block in force.
 * - `recognize` is the round's (recognize-check.ts, 409 `recognition-by-round`).
 */
export interface ByHandRefusal {
  code: "rectification-by-evaluation";
  action: BlockAction;
  status: BlockStatus;
  /** The route that takes this step instead. */
  route: string;
  message: string;
}

const FLAG_RUN = "POST /api/evaluations/:year/flag-bottom";
const APPLY_DECISION = "POST /api/blocks/:id/reduction-proposals/:pid/apply (or POST /api/exit-batch)";

const BY_EVALUATION: Partial<Record<BlockAction, { route: string; why: string }>> = {
  "order-rectification": {
    route: FLAG_RUN,
    why: "a rectification is ordered by the evaluation year's bottom-5% flag run, which writes its record",
  },
  "pass-rectification": {
    route: FLAG_RUN,
    why: "a rectification's outcome is judged by the next evaluation year's flag run, on its record",
  },
  "fail-rectification": {
    route: FLAG_RUN,
    why: "a rectification's outcome is judged by the next evaluation year's flag run, on its record",
  },
  reduce: {
    route: APPLY_DECISION,
    why: "a reduction is the 淘汰方式 decision of a failed rectification, applied as a reduced boundary",
  },
};

/** Why `action` may not be taken by hand on a block in `status`, or null when it may (the lifecycle decides). */
export function byHandRefusal(action: BlockAction, status: BlockStatus): ByHandRefusal | null {
  const rule =
    BY_EVALUATION[action] ??
    (action === "exit" && status === "rectifying"
      ? {
          route: APPLY_DECISION,
          why: "a block 整改中 exits only by the 淘汰方式 decision of its failed rectification",
        }
      : undefined);
  if (!rule) return null;
  return {
    code: "rectification-by-evaluation",
    action,
    status,
    route: rule.route,
    message: `"${action}" is not taken by hand (DOMAIN.md §4.3): ${rule.why} (${rule.route}).`,
  };
}

/** The lifecycle's actions for `status` that a person may take directly (what the block panel offers). */
export function actionsByHand(status: BlockStatus): BlockAction[] {
  return allowedActions(status).filter(
    (action) => action !== "recognize" && byHandRefusal(action, status) === null,
  );
}
