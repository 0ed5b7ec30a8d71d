import { describe, expect, it } from "vitest";
import { checkConfigChange, type EvaluationConfig } from "../../../../server/domain/evaluation-config.js";
import { checkIndicatorRows, ROW_PROBLEMS } from "../../../../server/domain/evaluation-import.js";
import { deriveIndicators, type IndicatorInputs } from "../../../../server/domain/evaluation-indicators.js";
import { rowsFromTable } from "../../../../server/domain/evaluation-table.js";
import { addYears, checkTransitionDates, transitionState } from "../../../../server/domain/transition.js";
import { parseCsvRows } from "../../../../server/formats/csv-table.js";
import { POLICY_WEIGHTS } from "../../../evaluation/policy-weights.js";

const CONFIG: EvaluationConfig = {
  method: "share-of-best",
  weightsPercent: { ...POLICY_WEIGHTS },
  recommendationTopPercent: 20,
  exemptTransitionBlocks: true,
};

describe("weights", () => {
  it("accepts a change that keeps the base weights at 100%", () => {
    const check = checkConfigChange({ weightsPercent: { revenueAdded: 10, rdIntensity: 15 } }, CONFIG);
    expect(check.valid).toBe(true);
    if (check.valid) expect(check.config.weightsPercent).toMatchObject({ revenueAdded: 10, rdIntensity: 15 });
  });

  it("refuses base weights that do not sum to 100%, and says the sum", () => {
    const check = checkConfigChange({ weightsPercent: { revenueAdded: 20 } }, CONFIG);
    expect(check).toEqual({
      valid: false,
      problems: [expect.objectContaining({ code: "base-sum", message: expect.stringContaining("105") })],
    });
  });

  it("does not count bonus weights in the sum", () => {
    expect(checkConfigChange({ weightsPercent: { taxesPaid: 30 } }, CONFIG).valid).toBe(true);
  });

  it("refuses unknown indicators, bad numbers and unknown methods", () => {
    const check = checkConfigChange(
      { method: "rank-sum", weightsPercent: { profit: 5, newUnicorns: -1 } },
      CONFIG,
    );
    expect(check.valid).toBe(false);
    if (!check.valid) {
      expect(check.problems.map((problem) => problem.code).sort()).toEqual([
        "bad-method",
        "bad-weight",
        "unknown-indicator",
      ]);
    }
  });
});

describe("import rows", () => {
  const known = {
    ids: new Set([1, 2, 3, 4, 5, 6]),
    idByCode: new Map([
      ["a", 1],
      ["e", 5],
    ]),
  };
  const good = {
    totalRevenue: 100,
    revenueAdded: -5,
    employees: 10,
    techServiceRevenue: 1,
    qualityEnterprises: 2,
    techContractTurnover: 3,
    rdExpenditure: 4,
    newTechSmes: 5,
    taxesPaid: 6,
    newUnicorns: 0,
  };

  it("reports each kind of bad row with its field", () => {
    const { reports, valid } = checkIndicatorRows(
      [
        { index: 0, cells: { blockId: 1, ...good } },
        { index: 1, cells: { blockId: 404, ...good } },
        { index: 2, cells: { blockId: 2, ...good, employees: null } },
        { index: 3, cells: { blockId: 3, ...good, totalRevenue: -1 } },
        { index: 4, cells: { blockId: 4, ...good, taxesPaid: "12万" } },
        { index: 5, cells: { blockCode: "e", ...good, newUnicorns: 1.5 } },
        { index: 6, cells: { blockId: 6, ...good, profit: 3 } },
        { index: 7, cells: { blockCode: "a", ...good } },
      ],
      known,
    );
    const codes = reports.map((report) =>
      report.problems.map((problem) => `${problem.field}:${problem.code}`),
    );
    expect(codes).toEqual([
      ["blockId:duplicate-block"],
      ["blockId:unknown-block"],
      ["employees:missing-value"],
      ["totalRevenue:negative-value"],
      ["taxesPaid:not-a-number"],
      ["newUnicorns:not-an-integer"],
      ["profit:unknown-field"],
      ["blockId:duplicate-block"],
    ]);
    expect(reports.map((report) => report.blockId)).toEqual([1, null, 2, 3, 4, 5, 6, 1]);
    expect(valid).toEqual([]);
    expect(Object.values(ROW_PROBLEMS).sort()).toEqual([
      "duplicate-block",
      "missing-value",
      "negative-value",
      "not-a-number",
      "not-an-integer",
      "unknown-block",
      "unknown-field",
    ]);
  });

  it("accepts negative revenue added and returns the valid rows", () => {
    const { valid } = checkIndicatorRows([{ index: 0, cells: { blockId: "2", ...good } }], known);
    expect(valid).toEqual([{ blockId: 2, inputs: good }]);
  });

  it("reads a CSV with Chinese and key header rows, quoted fields and ignored columns", () => {
    const csv = [
      "区块ID,区块名称,备注,总收入（万元）",
      "blockId,blockName,,totalRevenue",
      '1,"雍和区块,东城",note,"1200.5"',
      ",,,",
      "",
    ].join("\r\n");
    const parsed = parseCsvRows(csv);
    expect(parsed.ok).toBe(true);
    const table = rowsFromTable(parsed.ok ? parsed.rows : []);
    expect(table.ok).toBe(true);
    if (!table.ok) return;
    expect(table.rows).toEqual([
      { index: 0, line: 3, cells: { blockId: "1", blockName: "雍和区块,东城", totalRevenue: "1200.5" } },
    ]);
    expect(table.columns.ignored).toEqual(["备注"]);
    expect(table.columns.missing).toContain("employees");
  });
});

describe("ecological transition (§4.4)", () => {
  it("ends at most five years after recognition", () => {
    expect(checkTransitionDates("2025-06-30", "2030-06-30")).toEqual({ valid: true });
    expect(checkTransitionDates("2025-06-30", "2030-07-01")).toEqual({
      valid: false,
      reason: "longer-than-five-years",
      latestEndsOn: "2030-06-30",
    });
    expect(checkTransitionDates("2025-06-30", "2025-06-30")).toMatchObject({
      reason: "ends-before-recognition",
    });
    expect(checkTransitionDates("2025-02-30", "2026-01-01")).toMatchObject({ reason: "bad-date" });
    expect(addYears("2024-02-29", 5)).toBe("2029-02-28");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
  });

  const inputs = (revenueAdded: number): IndicatorInputs => ({
    totalRevenue: 1000,
    revenueAdded,
    employees: 10,
    techServiceRevenue: 1,
    qualityEnterprises: 1,
    techContractTurnover: 1,
    rdExpenditure: 1,
    newTechSmes: 1,
    taxesPaid: 50,
    newUnicorns: 0,
  });
  const transition = {
    blockId: 1,
    recognizedOn: "2025-06-30",
    endsOn: "2027-12-31",
    decidedOn: "2025-06-30",
    commitments: { revenueAdded: 200, outputPerLand: 900 },
  };
  const years = (revenueAdded: number) => [
    { year: 2026, indicators: deriveIndicators(inputs(500), 1) },
    { year: 2027, indicators: deriveIndicators(inputs(revenueAdded), 1) },
    { year: 2028, indicators: deriveIndicators(inputs(0), 1) },
  ];

  it("is running before its end date and flags nothing", () => {
    const result = transitionState(transition, years(100), "2027-12-30");
    expect(result).toMatchObject({ state: "in-transition", exitFlag: false, daysLeft: 1 });
  });

  it("flags the block for exit at the end date when a commitment is unmet, using the end year's data", () => {
    const result = transitionState(transition, years(100), "2027-12-31");
    expect(result).toMatchObject({ state: "unmet", exitFlag: true, checkedYear: 2027 });
    expect(result.commitments).toEqual([
      { key: "revenueAdded", committed: 200, actual: 100, met: false },
      { key: "outputPerLand", committed: 900, actual: 1000, met: true },
    ]);
  });

  it("passes when every commitment is met, and says so when data are missing", () => {
    expect(transitionState(transition, years(200), "2029-01-01")).toMatchObject({
      state: "met",
      exitFlag: false,
    });
    expect(transitionState(transition, [], "2029-01-01")).toMatchObject({
      state: "missing-data",
      exitFlag: false,
    });
  });
});
