import type { ExitDecision } from "./exit-rule.js";

/**
 * The area a reduced boundary must keep: the §4.5 target of the decision, or a planner's own keep ratio
 * (a what-if), raised to the 0.5 km² floor where the decision's row has one (row 2).
 */
export type ReductionTarget =
  | {
      ok: true;
      keepRatio: number;
      targetAreaKm2: number;
      floorApplied: boolean;
      /** The floor that binds the result (km²), or null. */
      floorKm2: number | null;
      /** True when keepRatio came from the request, not from the §4.5 row. */
      overridden: boolean;
    }
  | { ok: false; reason: ReductionTargetProblem; message: string };

export const REDUCTION_TARGET_PROBLEMS = {
  ruleEliminates: "rule-eliminates",
  manualReview: "manual-review",
  badKeepRatio: "bad-keep-ratio",
  targetNotBelowArea: "target-not-below-area",
} as const;
export type ReductionTargetProblem =
  (typeof REDUCTION_TARGET_PROBLEMS)[keyof typeof REDUCTION_TARGET_PROBLEMS];

export function reductionTarget(decision: ExitDecision, keepRatioOverride?: number): ReductionTarget {
  if (keepRatioOverride !== undefined) {
    if (!(Number.isFinite(keepRatioOverride) && keepRatioOverride > 0 && keepRatioOverride < 1)) {
      return {
        ok: false,
        reason: REDUCTION_TARGET_PROBLEMS.badKeepRatio,
        message: `keepRatio must be a number between 0 and 1 (exclusive): ${keepRatioOverride}`,
      };
    }
  } else if (decision.action === "eliminate") {
    return {
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.ruleEliminates,
      message: `淘汰方式 row ${decision.rule} (the Measures, part 3) eliminates this block: there is no boundary to reduce (send keepRatio for a what-if).`,
    };
  } else if (decision.action === "manual-review") {
    return {
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.manualReview,
      message:
        "The block is already at or under the 0.5 km² floor of 淘汰方式 row 2 (the Measures, part 3): no reduction keeps the floor, a person decides.",
    };
  }
  const keepRatio = keepRatioOverride ?? (decision.keepRatio as number);
  const proportionalKm2 = decision.areaKm2 * keepRatio;
  const floorKm2 = decision.floorKm2;
  const floorApplied = floorKm2 !== null && proportionalKm2 < floorKm2;
  const targetAreaKm2 = floorApplied ? floorKm2 : proportionalKm2;
  if (!(targetAreaKm2 < decision.areaKm2)) {
    return {
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.targetNotBelowArea,
      message: `The area to keep (${targetAreaKm2.toFixed(4)} km²) is not below the block's area (${decision.areaKm2.toFixed(4)} km²): nothing to reduce.`,
    };
  }
  return {
    ok: true,
    keepRatio,
    targetAreaKm2,
    floorApplied,
    floorKm2,
    overridden: keepRatioOverride !== undefined,
  };
}
