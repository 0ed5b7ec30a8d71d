import type { BlockAction } from "../domain/block-lifecycle.js";
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
