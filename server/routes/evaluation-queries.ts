import type { AppContext } from "../app-context.js";
import type { StoredConfig } from "../db/evaluation-store.js";
import { evaluationBlocks } from "../db/evaluation-year-input.js";
import {
  checkConfigChange,
  type EvaluationConfig,
  isScoreMethod,
  SCORE_METHODS,
} from "../domain/evaluation-config.js";
import { type BottomShareRounding, bottomCount } from "../domain/evaluation-ranking.js";
import { compareRankings } from "../domain/evaluation-what-if.js";
import { CATEGORIES, evaluateYear, type YearEvaluation } from "../domain/evaluation-year.js";
import { badRequest } from "../errors.js";

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** A year from the path: four digits within the years the tables accept. */
export function parseYear(raw: string): number {
  const year = Number(raw);
  if (!/^\d{4}$/.test(raw) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw badRequest("bad-year", `The year must be from ${FIRST_YEAR} to ${LAST_YEAR}: ${raw}`);
  }
  return year;
}

export async function configOrThrow(stores: AppContext["stores"], year: number): Promise<StoredConfig> {
  const stored = await stores.evaluations.config(year);
  if (!stored) throw new Error("No evaluation config is stored (the evaluations migration seeds one).");
  return stored;
}

export interface WhatIfQuery {
  method?: string;
  /** "key:percent,key:percent" — weights overriding the stored ones for this request only. */
  weights?: string;
  rounding?: string;
}

/** The what-if overrides of a ranking request, checked like a stored config; null when there are none. */
export function whatIfOverrides(
  query: WhatIfQuery,
  current: EvaluationConfig,
  rounding: BottomShareRounding,
): { config: EvaluationConfig; rounding: BottomShareRounding } | null {
  if (query.method === undefined && query.weights === undefined && query.rounding === undefined) return null;
  if (query.method !== undefined && !isScoreMethod(query.method)) {
    throw badRequest("bad-method", `method must be one of ${SCORE_METHODS.join(", ")}.`);
  }
  const weightsPercent: Record<string, number> = {};
  for (const pair of (query.weights ?? "").split(",").filter((part) => part.trim() !== "")) {
    const [key, value, extra] = pair.split(":").map((part) => part.trim());
    const weight = Number(value);
    if (!key || value === undefined || value === "" || extra !== undefined || !Number.isFinite(weight)) {
      throw badRequest(
        "bad-weights",
        `weights is a list of key:percent pairs, e.g. revenueAdded:20 — got "${pair}".`,
      );
    }
    weightsPercent[key] = weight;
  }
  const check = checkConfigChange({ method: query.method, weightsPercent }, current);
  if (!check.valid)
    throw badRequest("bad-weights", "The what-if weights are not valid.", { problems: check.problems });
  if (query.rounding !== undefined && !["floor", "round", "ceil"].includes(query.rounding)) {
    throw badRequest("bad-rounding", "rounding must be floor, round or ceil.");
  }
  return { config: check.config, rounding: (query.rounding as BottomShareRounding | undefined) ?? rounding };
}

/** GET /evaluations/:year/ranking: the stored configuration's ranking, or a what-if with its comparison. */
export async function rankingResponse(context: AppContext, year: number, query: WhatIfQuery) {
  const { stores } = context;
  const [stored, settings, blocks] = await Promise.all([
    configOrThrow(stores, year),
    stores.settings.get(),
    evaluationBlocks(stores.evaluations, year),
  ]);
  const rounding = settings.bottomShareRounding;
  const baseline = evaluateYear(blocks, stored.config, rounding);
  const overrides = whatIfOverrides(query, stored.config, rounding);
  const shown = overrides ? evaluateYear(blocks, overrides.config, overrides.rounding) : baseline;
  const used = overrides ?? { config: stored.config, rounding };
  return {
    year,
    whatIf: overrides !== null,
    method: used.config.method,
    weightsPercent: used.config.weightsPercent,
    exemptTransitionBlocks: used.config.exemptTransitionBlocks,
    bottomShareRounding: used.rounding,
    config: { definedForYear: stored.definedForYear, inherited: stored.inherited },
    rules: RANKING_RULES,
    categories: shown.categories,
    summary: shown.summary,
    ...(overrides ? { comparison: comparison(baseline, shown, stored.config, rounding) } : {}),
  };
}

function comparison(
  baseline: YearEvaluation,
  shown: YearEvaluation,
  stored: EvaluationConfig,
  rounding: BottomShareRounding,
) {
  return {
    baseline: { method: stored.method, weightsPercent: stored.weightsPercent, bottomShareRounding: rounding },
    categories: Object.fromEntries(
      CATEGORIES.map((category) => [
        category,
        compareRankings(baseline.categories[category], shown.categories[category]),
      ]),
    ),
  };
}

export const RANKING_RULES = {
  participants:
    "Blocks that were recognized, rectifying or reduced at the end of the year, national and municipal together (§4.1), ranked within category A or B of their park (§4.2).",
  score:
    "Each indicator normalised within the category (share-of-best: value ÷ best; min-max: (value − lowest) ÷ (highest − lowest)), times its weight in percent; bonus indicators added on top.",
  missing:
    "A missing indicator gets 0 points and is listed; a block with any missing indicator is not ranked (rank null).",
  ties: "Equal scores (to 1e-6 points) share the better rank and the next rank skips (1, 2, 2, 4).",
  bottom5: `k = 5% of n rounded by the bottomShareRounding setting, at least 1 (e.g. floor: n=20 → ${bottomCount(20, "floor")}, n=40 → ${bottomCount(40, "floor")}); every block at or below the k-th lowest score is in, so ties at the boundary are all in. Blocks in an ecological transition are exempt when exemptTransitionBlocks is on.`,
  area: "地均产出 divides total revenue by the block's stored ellipsoidal area of the version in force at the end of the year.",
};
