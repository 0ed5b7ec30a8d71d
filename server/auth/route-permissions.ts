import { type BlockStatus, PENDING_STATUSES } from "../domain/block.js";
import { type BlockAction, endActionFor } from "../domain/block-lifecycle.js";
import type { Permission } from "./permissions.js";

/**
 * Who may take a block's lifecycle action (issue #11 table): a district applies for and withdraws its own
 * candidates; the approver records the municipal government's recognition (批复); the lead runs the
 * management side (整改, 核减, 退出). An exhaustive record: a new action fails the type-check until placed.
 */
export const BLOCK_ACTION_PERMISSIONS: {
  param: "action";
  values: Record<BlockAction, Permission>;
} = {
  param: "action",
  values: {
    apply: "blocks.submit",
    withdraw: "blocks.edit",
    recognize: "approvals.record",
    "order-rectification": "evaluations.run",
    "pass-rectification": "evaluations.run",
    "fail-rectification": "evaluations.run",
    reduce: "evaluations.run",
    exit: "evaluations.run",
  },
};

/**
 * What a plain edit (PATCH) or an end (DELETE) of a block needs beyond the route's `blocks.edit`, by the block's
 * status: a district draws and edits its 意向纳入 / 已申报 blocks (issue #11 table); a block in force or ended is
 * the management side's (第三部分 管理考核 · 动态调整: its boundary changes through a reduction proposal, its end is
 * an exit), so the lead's `evaluations.run` is needed too. Ending takes the permission of the lifecycle action
 * it is (`withdraw` or `exit`).
 */
export function permissionToChange(status: BlockStatus, change: "edit" | "end"): Permission {
  if (change === "end") return BLOCK_ACTION_PERMISSIONS.values[endActionFor(status) ?? "exit"];
  return PENDING_STATUSES.includes(status) ? "blocks.edit" : "evaluations.run";
}
