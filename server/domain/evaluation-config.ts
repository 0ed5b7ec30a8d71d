/**
 * 权重与评分方法 — the evaluation configuration of one year (DOMAIN.md §4.1): the weights (data, kept per year,
 * seeded with the §4.1 table by the evaluations migration), the score method and the two open decisions
 * this product takes for the year. The policy fixes the weights' sum, nothing else.
 */
import { INDICATORS, type IndicatorKey, isIndicatorKey } from "./evaluation-indicators.js";

/** §4.1: the base weights sum to 100%; bonus indicators come on top. */
export const BASE_WEIGHTS_TOTAL_PERCENT = 100;
const SUM_TOLERANCE_PERCENT = 1e-9;

/** How raw values become points; see evaluation-score.ts for the formulas. */
export const SCORE_METHODS = ["share-of-best", "min-max"] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export interface EvaluationConfig {
  method: ScoreMethod;
  /** Weight of each indicator in percent: the points a block earns at the top of that indicator. */
  weightsPercent: Record<IndicatorKey, number>;
  /** National recommendations (§4.3): municipal blocks ranked within the top N% of their category. */
  recommendationTopPercent: number;
  /**
   * §4.4 reading: a block in its ecological transition period (过渡培育) is judged by its commitments when the
   * period ends, so it is ranked and shown but not counted in the bottom 5% while the period runs.
   */
  exemptTransitionBlocks: boolean;
}

export interface ConfigProblem {
  key: string;
  code: "unknown-indicator" | "missing-weight" | "bad-weight" | "base-sum" | "bad-method" | "bad-option";
  message: string;
}

export type ConfigCheck =
  | { valid: true; config: EvaluationConfig }
  | { valid: false; problems: ConfigProblem[] };

export function isScoreMethod(value: unknown): value is ScoreMethod {
  return typeof value === "string" && (SCORE_METHODS as readonly string[]).includes(value);
}

export function baseWeightSumPercent(weightsPercent: Record<IndicatorKey, number>): number {
  return INDICATORS.filter((definition) => definition.kind === "base").reduce(
    (sum, definition) => sum + weightsPercent[definition.key],
    0,
  );
}

/**
 * Checks a change against the config in force: `weightsPercent` may name some indicators (the rest keep their
 * weight), and the resulting base weights must sum to 100%.
 */
export function checkConfigChange(change: unknown, current: EvaluationConfig): ConfigCheck {
  if (typeof change !== "object" || change === null || Array.isArray(change)) {
    return invalid({ key: "", code: "bad-option", message: "The evaluation config must be an object." });
  }
  const problems: ConfigProblem[] = [];
  const body = change as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (!["method", "weightsPercent", "recommendationTopPercent", "exemptTransitionBlocks"].includes(key)) {
      problems.push({ key, code: "bad-option", message: `Unknown option "${key}".` });
    }
  }
  const method = body.method ?? current.method;
  if (!isScoreMethod(method)) {
    problems.push({
      key: "method",
      code: "bad-method",
      message: `method must be one of ${SCORE_METHODS.join(", ")}.`,
    });
  }
  const weightsPercent = { ...current.weightsPercent };
  const weights = body.weightsPercent ?? {};
  if (typeof weights !== "object" || weights === null || Array.isArray(weights)) {
    problems.push({
      key: "weightsPercent",
      code: "bad-option",
      message: "weightsPercent must be an object.",
    });
  } else {
    for (const [key, weight] of Object.entries(weights)) {
      if (!isIndicatorKey(key)) {
        problems.push({ key, code: "unknown-indicator", message: `Unknown indicator "${key}".` });
      } else if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0 || weight > 100) {
        problems.push({
          key,
          code: "bad-weight",
          message: `The weight of ${key} must be a number from 0 to 100.`,
        });
      } else {
        weightsPercent[key] = weight;
      }
    }
  }
  const sum = baseWeightSumPercent(weightsPercent);
  if (problems.length === 0 && Math.abs(sum - BASE_WEIGHTS_TOTAL_PERCENT) > SUM_TOLERANCE_PERCENT) {
    problems.push({
      key: "weightsPercent",
      code: "base-sum",
      message: `The base weights must sum to ${BASE_WEIGHTS_TOTAL_PERCENT}%; they sum to ${sum}%.`,
    });
  }
  const topPercent = body.recommendationTopPercent ?? current.recommendationTopPercent;
  if (typeof topPercent !== "number" || !(topPercent > 0 && topPercent <= 100)) {
    problems.push({
      key: "recommendationTopPercent",
      code: "bad-option",
      message: "recommendationTopPercent must be a number above 0 and at most 100.",
    });
  }
  const exempt = body.exemptTransitionBlocks ?? current.exemptTransitionBlocks;
  if (typeof exempt !== "boolean") {
    problems.push({
      key: "exemptTransitionBlocks",
      code: "bad-option",
      message: "exemptTransitionBlocks is true or false.",
    });
  }
  if (problems.length > 0) return { valid: false, problems };
  return {
    valid: true,
    config: {
      method: method as ScoreMethod,
      weightsPercent,
      recommendationTopPercent: topPercent as number,
      exemptTransitionBlocks: exempt as boolean,
    },
  };
}

/** Checks a stored weight set is complete (every indicator has a weight). */
export function isCompleteWeightSet(value: unknown): value is Record<IndicatorKey, number> {
  if (typeof value !== "object" || value === null) return false;
  const weights = value as Record<string, unknown>;
  return INDICATORS.every((definition) => typeof weights[definition.key] === "number");
}

function invalid(problem: ConfigProblem): ConfigCheck {
  return { valid: false, problems: [problem] };
}
