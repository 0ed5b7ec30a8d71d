import { describe, expect, it } from "vitest";
import type { EvaluationConfig } from "../../../../server/domain/evaluation-config.js";
import type { IndicatorInputs } from "../../../../server/domain/evaluation-indicators.js";
import { type EvaluationBlock, evaluateYear, takesPart } from "../../../../server/domain/evaluation-year.js";
import { POLICY_WEIGHTS } from "../../../evaluation/policy-weights.js";
import { INDICATOR_INPUTS } from "../../../fixtures/indicator-inputs.js";

/**
 * 年度综合评价 (DOMAIN.md §4.1–4.3). Block 1 has twice every absolute input of block 2 (same area), so with
 * "share-of-best" block 1 earns every weight, and block 2 half of each absolute indicator and all of each ratio
 * (output and contracts per employee, R&D intensity are equal). By hand, with the §4.1 table:
 *   block 2 base  = ½·(15 revenue added + 15 output/land + 15 tech services + 15 quality firms + 10 SMEs)
 *                   + 10 output/employee + 10 contracts/employee + 10 R&D = 35 + 30 = 65
 *   block 2 bonus = ½·10 taxes + 0 unicorns (block 1 has the only unicorn) = 5  → 70
 *   block 1       = 100 + 20 = 120
 */
const INPUTS = INDICATOR_INPUTS;
const DOUBLE: IndicatorInputs = {
  ...(Object.fromEntries(
    Object.entries(INPUTS).map(([key, value]) => [key, 2 * (value as number)]),
  ) as IndicatorInputs),
  newUnicorns: 1,
};
const RULES = {
  bottomShareRounding: "floor",
  bottomShareBase: "all-ranked",
  missingDataPolicy: "refuse",
} as const;

const CONFIG: EvaluationConfig = {
  method: "share-of-best",
  weightsPercent: POLICY_WEIGHTS,
  recommendationTopPercent: 20,
  exemptTransitionBlocks: true,
};

function block(blockId: number, overrides: Partial<EvaluationBlock>): EvaluationBlock {
  return {
    blockId,
    code: `B${blockId}`,
    name: `区块${blockId}`,
    park: { id: 1, code: "p", name: "海淀园" },
    category: "A",
    level: "municipal",
    status: "recognized",
    statusAtYearEnd: "recognized",
    recognizedOn: "2020-01-01",
    areaKm2: 1,
    inputs: INPUTS,
    inTransition: false,
    ...overrides,
  };
}

const BLOCKS = [
  block(1, { inputs: DOUBLE, level: "national" }),
  block(2, {}),
  block(3, { statusAtYearEnd: "candidate", status: "recognized" }), // recognized only after the year
  block(4, { statusAtYearEnd: "exited", status: "exited" }),
  block(5, { category: "B", park: { id: 2, code: "q", name: "怀柔园" } }),
  block(6, {
    category: "B",
    inTransition: true,
    inputs: { ...INPUTS, totalRevenue: 60000, revenueAdded: 1 },
  }),
];

describe("evaluateYear", () => {
  it("takes part: in force at the end of the year (recognized, rectifying, reduced), not candidates or ended blocks", () => {
    expect(
      ["candidate", "applied", "recognized", "rectifying", "reduced", "exited", "withdrawn"].map((status) =>
        takesPart(
          { statusAtYearEnd: status as EvaluationBlock["statusAtYearEnd"], recognizedOn: "2020-01-01" },
          2025,
        ),
      ),
    ).toEqual([false, false, true, true, true, false, false]);
    const { categories } = evaluateYear(2025, BLOCKS, CONFIG, RULES);
    expect(categories.A.map((entry) => entry.blockId)).toEqual([1, 2]);
    expect(categories.B.map((entry) => entry.blockId).sort()).toEqual([5, 6]);
  });

  it("national and municipal blocks are ranked together; scores as computed by hand", () => {
    const { categories, summary } = evaluateYear(2025, BLOCKS, CONFIG, RULES);
    const [first, second] = categories.A;
    expect(first).toMatchObject({
      blockId: 1,
      level: "national",
      rank: 1,
      bottom5: false,
      complete: true,
      exempt: "national",
    });
    expect(first.baseScore).toBeCloseTo(100, 6);
    expect(first.bonusScore).toBeCloseTo(20, 6);
    expect(first.score).toBeCloseTo(120, 6);
    expect(second).toMatchObject({ blockId: 2, rank: 2, bottom5: true, exempt: null });
    expect(second.baseScore).toBeCloseTo(65, 6);
    expect(second.bonusScore).toBeCloseTo(5, 6);
    expect(second.score).toBeCloseTo(70, 6);
    // 5% of 2 rounds down to 0, but at least one block is in the bottom 5% (§4.3).
    expect(summary.A).toMatchObject({
      blocks: 2,
      ranked: 2,
      incomplete: 0,
      bottomPool: 2,
      bottomCount: 1,
      bottom5: [2],
    });
    expect(summary.A.label.zh).toBe("城六区与亦庄");
  });

  it("a block in its ecological transition is ranked but exempt: the bottom 5% falls on the next one (§4.4)", () => {
    const { categories, summary } = evaluateYear(2025, BLOCKS, CONFIG, RULES);
    expect(categories.B.at(-1)).toMatchObject({ blockId: 6, rank: 2, bottom5: false, exempt: "transition" });
    // bottomShareBase all-ranked: n counts every ranked block (2), the place goes to the next block.
    expect(summary.B).toMatchObject({ blocks: 2, ranked: 2, bottomPool: 2, bottomCount: 1, bottom5: [5] });
    const notExempt = evaluateYear(2025, BLOCKS, { ...CONFIG, exemptTransitionBlocks: false }, RULES);
    expect(notExempt.summary.B.bottom5).toEqual([6]);
  });

  it("missing inputs: incomplete, not ranked, never a silent zero", () => {
    const { categories, summary } = evaluateYear(
      2025,
      [block(1, {}), block(2, { inputs: undefined })],
      CONFIG,
      RULES,
    );
    const missing = categories.A.find((entry) => entry.blockId === 2);
    expect(missing).toMatchObject({ rank: null, complete: false, bottom5: false });
    expect(missing?.missing.length).toBeGreaterThan(0);
    expect(summary.A).toMatchObject({ blocks: 2, ranked: 1, incomplete: 1, bottom5: [1] });
  });
});
