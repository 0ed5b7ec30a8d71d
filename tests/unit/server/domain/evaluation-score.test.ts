import { describe, expect, it } from "vitest";
import {
  deriveIndicators,
  type IndicatorInputs,
  type IndicatorKey,
} from "../../../../server/domain/evaluation-indicators.js";
import { scoreCategory } from "../../../../server/domain/evaluation-score.js";
import { POLICY_WEIGHTS } from "../../../evaluation/policy-weights.js";

// Three blocks whose derived ratios are round numbers:
//   X: area 2 km²   → outputPerLand 500,  outputPerEmployee 100, techContractPerEmployee 5,  rdIntensity 0.05
//   Y: area 0.5 km² → outputPerLand 1000, outputPerEmployee 50,  techContractPerEmployee 10, rdIntensity 0.1
//   Z: area 1 km²   → outputPerLand 250,  outputPerEmployee 50,  techContractPerEmployee 2,  rdIntensity 0.02
const X: IndicatorInputs = {
  totalRevenue: 1000,
  revenueAdded: 100,
  employees: 10,
  techServiceRevenue: 200,
  qualityEnterprises: 4,
  techContractTurnover: 50,
  rdExpenditure: 50,
  newTechSmes: 2,
  taxesPaid: 40,
  newUnicorns: 1,
};
const Y: IndicatorInputs = {
  totalRevenue: 500,
  revenueAdded: 50,
  employees: 10,
  techServiceRevenue: 100,
  qualityEnterprises: 8,
  techContractTurnover: 100,
  rdExpenditure: 50,
  newTechSmes: 1,
  taxesPaid: 20,
  newUnicorns: 0,
};
const Z: IndicatorInputs = {
  totalRevenue: 250,
  revenueAdded: -10,
  employees: 5,
  techServiceRevenue: 0,
  qualityEnterprises: 2,
  techContractTurnover: 10,
  rdExpenditure: 5,
  newTechSmes: 0,
  taxesPaid: 10,
  newUnicorns: 0,
};

function blocks() {
  return [
    { blockId: 1, indicators: deriveIndicators(X, 2) },
    { blockId: 2, indicators: deriveIndicators(Y, 0.5) },
    { blockId: 3, indicators: deriveIndicators(Z, 1) },
  ];
}

function points(score: ReturnType<typeof scoreCategory>[number], key: IndicatorKey) {
  return score.breakdown.find((entry) => entry.key === key);
}

describe("share-of-best (default method)", () => {
  it("scores the hand-computed example", () => {
    const [x, y, z] = scoreCategory(blocks(), POLICY_WEIGHTS, "share-of-best");
    // X: 15 + 7.5 + 10 + 15 + 7.5 + 5 + 5 + 10 = 75 base, 10 + 10 bonus.
    expect(x.baseScore).toBeCloseTo(75, 6);
    expect(x.bonusScore).toBeCloseTo(20, 6);
    expect(x.score).toBeCloseTo(95, 6);
    // Y: 7.5 + 15 + 5 + 7.5 + 15 + 10 + 10 + 5 = 75 base, 5 + 0 bonus.
    expect(y.baseScore).toBeCloseTo(75, 6);
    expect(y.score).toBeCloseTo(80, 6);
    // Z: revenue added is negative → 0; 3.75 + 5 + 0 + 3.75 + 2 + 2 + 0 = 16.5 base, 2.5 bonus.
    expect(z.baseScore).toBeCloseTo(16.5, 6);
    expect(z.score).toBeCloseTo(19, 6);
  });

  it("shows raw, normalised and weighted points for every indicator", () => {
    const [x] = scoreCategory(blocks(), POLICY_WEIGHTS, "share-of-best");
    expect(x.breakdown).toHaveLength(10);
    expect(points(x, "outputPerLand")).toMatchObject({
      raw: 500,
      normalised: 0.5,
      weightPercent: 15,
      points: 7.5,
      missing: null,
      reference: { best: 1000 },
      derivedFrom: { totalRevenue: 1000, areaKm2: 2 },
    });
    expect(points(x, "rdIntensity")?.raw).toBeCloseTo(0.05, 12);
    expect(points(x, "rdIntensity")?.points).toBeCloseTo(5, 9);
  });
});

describe("min-max (alternative method)", () => {
  it("scores the hand-computed example", () => {
    const [x, y, z] = scoreCategory(blocks(), POLICY_WEIGHTS, "min-max");
    // X: 15 + 5 + 10 + 15 + 5 + 3.75 + 3.75 + 10 = 67.5 base, 10 + 10 bonus.
    expect(x.baseScore).toBeCloseTo(67.5, 6);
    expect(x.score).toBeCloseTo(87.5, 6);
    // Y: 15 × 60/110 + 15 + 0 + 7.5 + 15 + 10 + 10 + 5 = 70.681818 base, 10 × 10/30 + 0 bonus.
    expect(y.baseScore).toBeCloseTo(70.681818, 6);
    expect(y.score).toBeCloseTo(74.015152, 6);
    expect(z.score).toBe(0);
    expect(points(y, "revenueAdded")?.reference).toEqual({ lowest: -10, highest: 100 });
  });

  it("gives nobody anything over anybody when all values are equal: half of each base weight, no bonus", () => {
    const same = [
      { blockId: 1, indicators: deriveIndicators(X, 2) },
      { blockId: 2, indicators: deriveIndicators(X, 2) },
    ];
    const [a, b] = scoreCategory(same, POLICY_WEIGHTS, "min-max");
    expect(a.score).toBeCloseTo(50, 6);
    expect(b.score).toBeCloseTo(50, 6);
  });
});

describe("missing data", () => {
  it("is listed with its reason and never counted as a silent zero", () => {
    const noEmployees = { ...X, employees: 0 };
    const [withData, zeroEmployees, noData] = scoreCategory(
      [
        { blockId: 1, indicators: deriveIndicators(X, 2) },
        { blockId: 2, indicators: deriveIndicators(noEmployees, 2) },
        { blockId: 3, indicators: deriveIndicators(undefined, 2) },
      ],
      POLICY_WEIGHTS,
      "share-of-best",
    );
    expect(withData.complete).toBe(true);
    expect(zeroEmployees.complete).toBe(false);
    expect(zeroEmployees.missing).toEqual(["outputPerEmployee", "techContractPerEmployee"]);
    expect(points(zeroEmployees, "outputPerEmployee")).toMatchObject({
      raw: null,
      normalised: null,
      points: 0,
      missing: "zero-employees",
    });
    expect(noData.complete).toBe(false);
    expect(noData.missing).toHaveLength(10);
    expect(points(noData, "revenueAdded")?.missing).toBe("no-data");
  });

  it("divides output per land by the area given, and a zero area makes it missing", () => {
    expect(deriveIndicators(X, 4).outputPerLand.value).toBe(250);
    expect(deriveIndicators(X, 0).outputPerLand).toMatchObject({ value: null, missing: "zero-area" });
    expect(deriveIndicators({ ...X, totalRevenue: 0 }, 2).rdIntensity.missing).toBe("zero-revenue");
  });
});
