import { describe, expect, it } from "vitest";
import { POLICY_WEIGHTS_PERCENT } from "../../../../migrations/20261129_04_evaluations.js";
import { deriveIndicators } from "../../../../server/domain/evaluation-indicators.js";
import { rankCategory } from "../../../../server/domain/evaluation-ranking.js";
import { scoreCategory } from "../../../../server/domain/evaluation-score.js";
import { type EvaluationBlock, evaluateYear, takesPart } from "../../../../server/domain/evaluation-year.js";
import { transitionExit, transitionState } from "../../../../server/domain/transition.js";

/** Pure rules of 《管理办法》第三部分 as written; expected values by hand. */
const INPUTS = {
  totalRevenue: 100,
  revenueAdded: 10,
  employees: 10,
  techServiceRevenue: 10,
  qualityEnterprises: 1,
  techContractTurnover: 10,
  rdExpenditure: 10,
  newTechSmes: 1,
  taxesPaid: 10,
  newUnicorns: 0,
};

describe("the bottom 5% skips national blocks; its n is a setting", () => {
  // 21 ranked blocks, the two lowest national: 5% of 21 rounded up is 2, of the 19 municipal ones 1.
  const inputs = Array.from({ length: 21 }, (_, i) => ({
    blockId: i + 1,
    score: i + 1,
    ranked: true,
    exempt: i < 2 ? ("national" as const) : null,
    name: `b${i + 1}`,
  }));
  it("all-ranked (default): n = 21, k = 2, the two lowest municipal blocks", () => {
    const ranking = rankCategory(inputs, { rounding: "ceil", base: "all-ranked" });
    expect(ranking).toMatchObject({ bottomPoolCount: 21, bottomCount: 2, bottomBlockIds: [4, 3] });
  });
  it("municipal-only: n = 19, k = 1", () => {
    const ranking = rankCategory(inputs, { rounding: "ceil", base: "municipal-only" });
    expect(ranking).toMatchObject({ bottomPoolCount: 19, bottomCount: 1, bottomBlockIds: [3] });
  });
  it("a category of national blocks only has no bottom 5%", () => {
    const ranking = rankCategory(inputs.slice(0, 2), { rounding: "floor", base: "all-ranked" });
    expect(ranking).toMatchObject({ bottomCount: 0, bottomBlockIds: [] });
  });
});

describe("who takes part", () => {
  it("a block recognized on or before the end of the year and in force then", () => {
    expect(takesPart({ statusAtYearEnd: "recognized", recognizedOn: "2025-12-31" }, 2025)).toBe(true);
    expect(takesPart({ statusAtYearEnd: "recognized", recognizedOn: "2026-01-01" }, 2025)).toBe(false);
    expect(takesPart({ statusAtYearEnd: "candidate", recognizedOn: "2020-01-01" }, 2025)).toBe(false);
    expect(takesPart({ statusAtYearEnd: "rectifying", recognizedOn: null }, 2025)).toBe(false);
  });
});

describe("scores", () => {
  const block = (blockId: number, inputs: Partial<typeof INPUTS>) => ({
    blockId,
    indicators: deriveIndicators({ ...INPUTS, ...inputs }, 1),
  });
  it("min-max with every value equal: a base indicator gives half its weight, a bonus none", () => {
    const [a, b] = scoreCategory([block(1, {}), block(2, {})], POLICY_WEIGHTS_PERCENT, "min-max");
    const revenue = a.breakdown.find((item) => item.key === "revenueAdded");
    expect(revenue).toMatchObject({ normalised: 0.5, points: 7.5, zeroBecause: "all-equal-base" });
    const taxes = b.breakdown.find((item) => item.key === "taxesPaid");
    expect(taxes).toMatchObject({ normalised: 0, points: 0, zeroBecause: "all-equal-bonus" });
    // Eight base indicators at half their weight (100% / 2), bonuses none: 50 points each.
    expect(a.score).toBe(50);
    expect(b.score).toBe(50);
  });
  it("share-of-best: a negative revenue added scores 0 and says so", () => {
    const [a] = scoreCategory(
      [block(1, { revenueAdded: -5 }), block(2, {})],
      POLICY_WEIGHTS_PERCENT,
      "share-of-best",
    );
    expect(a.breakdown.find((item) => item.key === "revenueAdded")).toMatchObject({
      raw: -5,
      points: 0,
      zeroBecause: "value-not-positive",
    });
  });
});

describe("missing data counted as lowest", () => {
  const config = {
    method: "share-of-best" as const,
    weightsPercent: POLICY_WEIGHTS_PERCENT,
    recommendationTopPercent: 20,
    exemptTransitionBlocks: true,
  };
  const evaluationBlock = (blockId: number, inputs: typeof INPUTS | undefined): EvaluationBlock => ({
    blockId,
    code: null,
    name: `b${blockId}`,
    park: { id: 1, code: "p", name: "p" },
    category: "B",
    level: "municipal",
    status: "recognized",
    statusAtYearEnd: "recognized",
    recognizedOn: "2020-01-01",
    areaKm2: 1,
    inputs,
    inTransition: false,
  });
  const blocks = [
    evaluationBlock(1, INPUTS),
    evaluationBlock(2, { ...INPUTS, totalRevenue: 50 }),
    evaluationBlock(3, undefined),
  ];
  it("a block that reports nothing is ranked last and is in the bottom 5%", () => {
    const rules = {
      bottomShareRounding: "floor",
      bottomShareBase: "all-ranked",
      missingDataPolicy: "count-as-lowest",
    } as const;
    const evaluation = evaluateYear(2025, blocks, config, rules);
    expect(evaluation.categories.B.map((entry) => [entry.blockId, entry.rank, entry.bottom5])).toEqual([
      [1, 1, false],
      [2, 2, false],
      [3, 3, true],
    ]);
    expect(evaluation.categories.B[2]).toMatchObject({ score: 0, complete: false });
  });
  it("left out, it has no rank and the lowest reporting block is in the bottom 5%", () => {
    const rules = {
      bottomShareRounding: "floor",
      bottomShareBase: "all-ranked",
      missingDataPolicy: "leave-out",
    } as const;
    const evaluation = evaluateYear(2025, blocks, config, rules);
    expect(evaluation.summary.B.bottom5).toEqual([2]);
    expect(evaluation.categories.B[2]).toMatchObject({ blockId: 3, rank: null, bottom5: false });
  });
});

describe("the end of an ecological transition", () => {
  const transition = {
    blockId: 1,
    recognizedOn: "2025-06-30",
    endsOn: "2027-12-31",
    decidedOn: "2025-06-30",
    commitments: { revenueAdded: 200 },
  };
  const year = (y: number, revenueAdded: number) => ({
    year: y,
    indicators: deriveIndicators({ ...INPUTS, revenueAdded }, 1),
  });
  it("waits for the end year's data instead of judging on older data", () => {
    const result = transitionState(transition, [year(2026, 100)], "2028-03-01");
    expect(result).toMatchObject({
      state: "missing-data",
      exitFlag: false,
      checkYear: 2027,
      checkedYear: null,
    });
    expect(transitionExit(result)).toBeNull();
  });
  it("unmet at the end: the block exits the municipal zone, not the size-based table", () => {
    const result = transitionState(transition, [year(2026, 500), year(2027, 100)], "2028-03-01");
    expect(result).toMatchObject({ state: "unmet", exitFlag: true, checkedYear: 2027 });
    expect(transitionExit(result)).toMatchObject({ action: "exit", reason: "transition-commitments-unmet" });
    expect(transitionExit(result)?.explanation.zh).toContain("退出市级高新区序列");
  });
});
