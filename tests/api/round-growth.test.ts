import type { Feature, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { rectangle } from "../helpers/geodesic.js";
import { applicationAt, openRound } from "../helpers/round-flow.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * 发展质效指标增速原则上高于所在区平均水平 (《管理办法》第二部分 认定 · 认定条件), frozen with the pre-checks at submit:
 * each growth indicator of the candidate against the sum of its district's other blocks in force, over the
 * candidate's two latest years with data. Years 2031/2032 hold only this test's rows, so the district is the one
 * recognized block made here; the expected rates are worked out by hand below.
 */
let t: TestApp;
let parkId: number;

async function newBlock(geometry: Polygon, status: string, name: string): Promise<number> {
  const feature: Feature<Polygon> = {
    type: "Feature",
    geometry,
    properties: { name, parkId, level: "municipal", status },
  };
  const response = await t.app.inject({ method: "POST", url: "/api/blocks", payload: feature });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().properties.id as number;
}

async function putRows(year: number, rows: object[]): Promise<void> {
  const response = await t.app.inject({
    method: "PUT",
    url: `/api/evaluations/${year}/indicators`,
    payload: { rows },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
}

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

describe("the growth pre-check", () => {
  it("compares each growth indicator with the district's other blocks in force and warns on the one below", async () => {
    const candidate = await newBlock(rectangle(116.6, 39.6, 116.605, 39.605), "candidate", "增速申报区块");
    const other = await newBlock(rectangle(116.62, 39.6, 116.625, 39.605), "recognized", "增速对照区块");
    await putRows(2031, [
      { blockId: candidate, ...INDICATOR_INPUTS },
      { blockId: other, ...INDICATOR_INPUTS },
    ]);
    // Candidate: +30% on every amount but 科技服务业企业营业收入 (0%) and 优质企业 12 → 15 (+25%).
    // The district (the other block alone): +10% on every amount, 优质企业 12 → 13 (+8.33%).
    await putRows(2032, [
      {
        blockId: candidate,
        ...INDICATOR_INPUTS,
        totalRevenue: 156000,
        techServiceRevenue: 30000,
        qualityEnterprises: 15,
        techContractTurnover: 11700,
        rdExpenditure: 7800,
        taxesPaid: 6500,
      },
      {
        blockId: other,
        ...INDICATOR_INPUTS,
        totalRevenue: 132000,
        techServiceRevenue: 33000,
        qualityEnterprises: 13,
        techContractTurnover: 9900,
        rdExpenditure: 6600,
        taxesPaid: 5500,
      },
    ]);
    const round = await openRound((options) => t.app.inject(options));
    const id = await applicationAt((options) => t.app.inject(options), round.id, [candidate], "submitted");
    const detail = (await t.app.inject({ method: "GET", url: `/api/applications/${id}` })).json();
    const [checks] = detail.versions[0].prechecks.blocks;
    const growth = checks.growth;
    expect(growth).toMatchObject({ fromYear: 2031, toYear: 2032, status: "warn" });
    const byIndicator = Object.fromEntries(
      growth.indicators.map((entry: { indicator: string }) => [entry.indicator, entry]),
    );
    const expected: Record<string, [number, number, string]> = {
      totalRevenue: [0.3, 0.1, "pass"],
      techServiceRevenue: [0, 0.1, "warn"],
      qualityEnterprises: [0.25, 1 / 12, "pass"],
      techContractTurnover: [0.3, 0.1, "pass"],
      rdExpenditure: [0.3, 0.1, "pass"],
      taxesPaid: [0.3, 0.1, "pass"],
    };
    expect(Object.keys(byIndicator).sort()).toEqual(Object.keys(expected).sort());
    for (const [indicator, [block, district, status]] of Object.entries(expected)) {
      expect(byIndicator[indicator].blockGrowth, indicator).toBeCloseTo(block, 12);
      expect(byIndicator[indicator].districtGrowth, indicator).toBeCloseTo(district, 12);
      expect(byIndicator[indicator].districtBlocks, indicator).toBe(1);
      expect(byIndicator[indicator].status, indicator).toBe(status);
    }
    const check = checks.checks.find((c: { key: string }) => c.key === "growth-above-district-average");
    expect(check.status).toBe("warn");
    expect(checks.warnings).toContain("growth-above-district-average");
  });
});
