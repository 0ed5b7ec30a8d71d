import type { BlockLevel, BlockStatus } from "./block.js";
import type { ExitAction } from "./exit-rule.js";
import type { ReductionStrategy } from "./reduction-result.js";

/**
 * The exit batch's decisions — 《管理办法》第三部分 管理考核 · 动态调整 / 淘汰方式: for every block under
 * rectification (责令整改, the blocks a failed rectification leads to an exit decision for), the default proposal
 * its 淘汰方式 row asks for. The shape of a reduction is ours to choose: the batch tries the asked strategy and
 * falls back to the other one when it cannot reach the row's target area.
 */

/**
 * The blocks a batch covers when no list is given: municipal blocks under rectification (动态调整 applies to
 * 市级高新区 only, domain/dynamic-adjustment.ts).
 */
export const BATCH_DEFAULT_FILTER: Readonly<{ status: BlockStatus; level: BlockLevel }> = {
  status: "rectifying",
  level: "municipal",
};

export type BatchPlan =
  /** 直接淘汰: an elimination proposal. */
  | { kind: "eliminate" }
  /** 压减: reduction proposals tried in this order until one reaches the target. */
  | { kind: "reduce"; strategies: readonly [ReductionStrategy, ReductionStrategy] }
  /** The rule leaves it to a person (e.g. already under the 0.5 km² floor): flagged, no proposal. */
  | { kind: "manual-review" };

/** What the batch does for a block whose 淘汰方式 decision is `action`, with the strategy asked for. */
export function batchPlan(action: ExitAction, strategy: ReductionStrategy): BatchPlan {
  switch (action) {
    case "eliminate":
      return { kind: "eliminate" };
    case "reduce":
      return { kind: "reduce", strategies: [strategy, fallbackStrategy(strategy)] };
    case "manual-review":
      return { kind: "manual-review" };
  }
}

/** The other strategy: a cut when an inset cannot hit the target, an inset when a cut cannot. */
export function fallbackStrategy(strategy: ReductionStrategy): ReductionStrategy {
  return strategy === "inset" ? "cut" : "inset";
}
