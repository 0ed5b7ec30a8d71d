import { type Static, Type } from "typebox";
import { SCORE_METHODS } from "../domain/evaluation-config.js";
import { Bilingual, BlockLevel, BlockStatus, errors, Nullable, OpenObject } from "./common.js";
import { TAGS } from "./openapi.js";
import { BottomShareBase, BottomShareRounding, MissingDataPolicy } from "./settings.js";

/**
 * 综合评价 — weights, rankings and recommendations (DOMAIN.md §4.1–4.3). Indicator inputs, flag runs and
 * transitions are in evaluation-indicators.ts, evaluation-flags.ts and evaluation-transitions.ts.
 */

/** A year in the path: four digits (the range the tables accept is checked by the route: 2000–2100). */
export const YearParams = Type.Object({
  year: Type.String({ pattern: "^[0-9]{4}$", description: "a year YYYY" }),
});

export const ScoreMethod = Type.Enum([...SCORE_METHODS]);
const ParkRef = Type.Object(
  { id: Type.Integer(), code: Type.String(), name: Type.String() },
  { additionalProperties: false },
);

export const ScoreBreakdownItem = Type.Object(
  {
    key: Type.String(),
    kind: Type.Enum(["base", "bonus"]),
    raw: Nullable(Type.Number()),
    normalised: Nullable(Type.Number()),
    weightPercent: Type.Number(),
    points: Type.Number(),
    missing: Nullable(Type.String()),
    /** The inputs the indicator was derived from (input key → value). */
    derivedFrom: Type.Record(Type.String(), Type.Number()),
    /** Why the indicator scored 0 when nobody earned points (evaluation-score.ts). */
    zeroBecause: Nullable(
      Type.Enum(["value-not-positive", "best-not-positive", "all-equal-bonus", "all-equal-base"]),
    ),
    /** The category's best value (share-of-best) or its lowest and highest (min-max). */
    reference: Type.Union([
      Type.Object({ best: Nullable(Type.Number()) }, { additionalProperties: false }),
      Type.Object(
        { lowest: Nullable(Type.Number()), highest: Nullable(Type.Number()) },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);

export const RankingRow = Type.Object(
  {
    blockId: Type.Integer(),
    code: Nullable(Type.String()),
    name: Type.String(),
    park: ParkRef,
    level: BlockLevel,
    status: BlockStatus,
    /** 分类考核: the category it is ranked in, and whether that is its park's or an override (with the reason). */
    category: Type.Enum(["A", "B"]),
    categorySource: Type.Enum(["park", "override"]),
    categoryReason: Nullable(Type.String()),
    areaKm2: Type.Number(),
    score: Type.Number(),
    baseScore: Type.Number(),
    bonusScore: Type.Number(),
    rank: Nullable(Type.Integer()),
    bottom5: Type.Boolean(),
    complete: Type.Boolean(),
    missing: Type.Array(Type.String()),
    exempt: Nullable(Type.Enum(["national", "transition"])),
    breakdown: Type.Array(ScoreBreakdownItem),
  },
  { additionalProperties: false },
);

const CategorySummary = Type.Object(
  {
    label: Bilingual,
    blocks: Type.Integer(),
    ranked: Type.Integer(),
    incomplete: Type.Integer(),
    bottomPool: Type.Integer(),
    bottomCount: Type.Integer(),
    bottom5: Type.Array(Type.Integer()),
  },
  { additionalProperties: false },
);

const RankChange = Type.Object(
  {
    blockId: Type.Integer(),
    name: Type.String(),
    rankBefore: Nullable(Type.Integer()),
    rankAfter: Nullable(Type.Integer()),
    rankChange: Nullable(Type.Integer()),
  },
  { additionalProperties: false },
);

const CategoryComparison = Type.Object(
  {
    changes: Type.Array(RankChange),
    bottom5Before: Type.Array(Type.Integer()),
    bottom5After: Type.Array(Type.Integer()),
    enteredBottom5: Type.Array(Type.Integer()),
    leftBottom5: Type.Array(Type.Integer()),
    bottom5Changed: Type.Boolean(),
  },
  { additionalProperties: false },
);

const WeightsPercent = Type.Record(Type.String(), Type.Number());

export const Ranking = Type.Object(
  {
    year: Type.Integer(),
    whatIf: Type.Boolean(),
    method: ScoreMethod,
    weightsPercent: WeightsPercent,
    exemptTransitionBlocks: Type.Boolean(),
    bottomShareRounding: BottomShareRounding,
    bottomShareBase: BottomShareBase,
    missingDataPolicy: MissingDataPolicy,
    config: OpenObject,
    rules: OpenObject,
    categories: Type.Object({ A: Type.Array(RankingRow), B: Type.Array(RankingRow) }),
    summary: Type.Object({ A: CategorySummary, B: CategorySummary }),
    comparison: Type.Optional(
      Type.Object(
        {
          baseline: OpenObject,
          categories: Type.Record(Type.String(), CategoryComparison),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EvaluationWeights = Type.Object(
  {
    year: Type.Integer(),
    definedForYear: Nullable(Type.Integer()),
    inherited: Type.Boolean(),
    method: ScoreMethod,
    methods: Type.Array(ScoreMethod),
    weightsPercent: WeightsPercent,
    baseSumPercent: Type.Number(),
    recommendationTopPercent: Type.Number(),
    exemptTransitionBlocks: Type.Boolean(),
    indicators: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          kind: Type.Enum(["base", "bonus"]),
          zh: Type.String(),
          en: Type.String(),
          unit: Type.String(),
          unitZh: Type.String(),
          formula: Type.String(),
          weightPercent: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
    changedAt: Nullable(Type.String()),
    changedBy: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

/** A change of the year's configuration; ranges and the 100% sum are the domain's to check (with codes). */
export const WeightsChange = Type.Object(
  {
    method: Type.Optional(ScoreMethod),
    weightsPercent: Type.Optional(WeightsPercent),
    recommendationTopPercent: Type.Optional(Type.Number()),
    exemptTransitionBlocks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Recommendations = Type.Object(
  {
    year: Type.Integer(),
    method: ScoreMethod,
    topPercent: Type.Number(),
    rule: Bilingual,
    categories: Type.Record(
      Type.String(),
      Type.Object(
        {
          label: Bilingual,
          ranked: Type.Integer(),
          topPositions: Type.Integer(),
          /** The ranking rows recommended, without their score breakdown. */
          recommended: Type.Array(Type.Omit(RankingRow, ["breakdown"], { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const getWeightsSchema = {
  tags: [TAGS.evaluations],
  summary: "Weights, score method and rules of the year",
  params: YearParams,
  response: { 200: EvaluationWeights, ...errors(400) },
};

export const putWeightsSchema = {
  tags: [TAGS.evaluations],
  summary: "Change the year's weights, score method or rules",
  params: YearParams,
  body: WeightsChange,
  response: { 200: EvaluationWeights, ...errors(400) },
};

export const rankingSchema = {
  tags: [TAGS.evaluations],
  summary: "Rankings in categories A and B with score breakdowns and the bottom 5%; what-if overrides",
  params: YearParams,
  querystring: Type.Object({
    method: Type.Optional(ScoreMethod),
    weights: Type.Optional(Type.String({ description: "key:percent pairs, e.g. revenueAdded:20,profit:10" })),
    rounding: Type.Optional(BottomShareRounding),
  }),
  response: { 200: Ranking, ...errors(400) },
};

export const recommendationsSchema = {
  tags: [TAGS.evaluations],
  summary: "Municipal blocks recommended first for the national zone (the Measures, part 3 · 梯度发展)",
  params: YearParams,
  querystring: Type.Object({
    topPercent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
  }),
  response: { 200: Recommendations, ...errors(400) },
};

export type Ranking = Static<typeof Ranking>;
export type RankingRow = Static<typeof RankingRow>;
export type ScoreBreakdownItem = Static<typeof ScoreBreakdownItem>;
export type EvaluationWeights = Static<typeof EvaluationWeights>;
export type Recommendations = Static<typeof Recommendations>;
