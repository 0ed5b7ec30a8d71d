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
  const baseline = evaluateYear(year, blocks, stored.config, settings);
  const overrides = whatIfOverrides(query, stored.config, rounding);
  const shown = overrides
    ? evaluateYear(year, blocks, overrides.config, { ...settings, bottomShareRounding: overrides.rounding })
    : baseline;
  const used = overrides ?? { config: stored.config, rounding };
  return {
    year,
    whatIf: overrides !== null,
    method: used.config.method,
    weightsPercent: used.config.weightsPercent,
    exemptTransitionBlocks: used.config.exemptTransitionBlocks,
    bottomShareRounding: used.rounding,
    bottomShareBase: settings.bottomShareBase,
    missingDataPolicy: settings.missingDataPolicy,
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
    "Blocks recognized on or before the end of the year and in force then (recognized, rectifying or reduced), national and municipal together (the Measures, part 3 · comprehensive evaluation: 同步考核、同步评价), ranked within category A (城六区与亦庄) or B (其他分园) of their park.",
  score:
    "Each indicator normalised within the category (share-of-best: value ÷ best, a value ≤ 0 scores 0; min-max: (value − lowest) ÷ (highest − lowest), and when all values are equal a bonus indicator gives no points and a base indicator gives everyone half its weight), times its weight in percent; bonus indicators added on top.",
  missing:
    "A missing indicator gets 0 points and is listed. By the missingDataPolicy setting a block with missing data stops the flag run (refuse), is not ranked (leave-out), or is ranked with those indicators at 0 points (count-as-lowest).",
  ties: "Equal scores (to 1e-6 points) share the better rank and the next rank skips (1, 2, 2, 4).",
  bottom5: `Only municipal blocks can be in the bottom 5% (动态调整 applies to 市级高新区 only): national blocks are ranked and shown but skipped, and blocks in an ecological transition are not counted while it runs (过渡期内，不参与末位认定) when exemptTransitionBlocks is on. k = 5% of n rounded by the bottomShareRounding setting, at least 1 (e.g. floor: n=20 → ${bottomCount(20, "floor")}, n=40 → ${bottomCount(40, "floor")}), n = every ranked block (bottomShareBase all-ranked) or the ranked municipal blocks (municipal-only); every municipal block at or below the k-th lowest municipal score is in, so ties at the boundary are all in.`,
  area: "地均产出 divides total revenue by the block's stored ellipsoidal area of the version in force at the end of the year.",
};
