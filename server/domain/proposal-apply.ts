import type { BlockAction } from "./block-lifecycle.js";

/** What a saved proposal does to its block: cut it to a reduced boundary, or eliminate it (直接淘汰). */
export type ProposalAction = "reduce" | "eliminate";

/**
 * The lifecycle action applying a proposal performs — 《管理办法》第三部分 管理考核 · 淘汰方式: a reduction
 * (按区块面积的50%/25%压减) keeps the block in force with its reduced boundary (`reduce` → 已压减); an elimination
 * (直接淘汰) takes it out of the municipal zone (`exit` → 已退出). The lifecycle then decides whether the
 * block's status allows it (only a block under rectification is reduced or exited this way).
 */
export function proposalApplyAction(action: ProposalAction): Extract<BlockAction, "reduce" | "exit"> {
  return action === "reduce" ? "reduce" : "exit";
}
