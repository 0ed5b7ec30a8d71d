import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { createBlock, createPark, KM2, rectangleOfArea } from "./exit-fixtures.js";

/**
 * 区块面积占分园面积比例 (《管理办法》第三部分 · 淘汰方式): the sub-park area is the union of its blocks in force
 * (overlaps once, drafts and applications never), or an official area with its 批复文号 where entered. Expected
 * areas are GeographicLib areas of the rectangles sent, written out by hand here.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function decision(id: number, query = "") {
  const response = await t.app.inject({ method: "GET", url: `/api/blocks/${id}/exit-decision${query}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

function expectClose(actual: number, expected: number, relative = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe("the sub-park area of a share", () => {
  it("is the union of the blocks in force: a draft never moves another block's row, an inner block counts once", async () => {
    const parkId = await createPark(t, "union");
    // A national block of 3 km², and a municipal block of 0.5 km² lying wholly inside it (counted once).
    const national = await createBlock(t, parkId, rectangleOfArea(3, 116.3, 40.0, 0.02), {
      level: "national",
      status: "recognized",
    });
    const innerGeometry = rectangleOfArea(0.5, 116.301, 40.001, 0.005);
    const inner = await createBlock(t, parkId, innerGeometry, { status: "recognized" });
    // The block under test: 1.5 km², recognized, apart from the others.
    const kangzhuang = await createBlock(t, parkId, rectangleOfArea(1.5, 116.5, 40.0), {
      status: "recognized",
    });
    const unionM2 = national.referenceAreaM2 + kangzhuang.referenceAreaM2; // 3 + 1.5 km²
    const before = await decision(kangzhuang.id);
    expectClose(before.parkAreaKm2 * KM2, unionM2, 1e-7);
    expectClose(before.shareOfPark, kangzhuang.referenceAreaM2 / unionM2, 1e-7); // 1.5 / 4.5 = 33.3%
    expect(before).toMatchObject({ rule: 2, action: "reduce", parkAreaBasis: "in-force-union" });
    expect(before.settings.parkAreaBasis).toBe("in-force-union");
    expect(before.parkAreaExplanation.zh).toContain("并集面积");

    // A planner draws a 4 km² draft in the same park: nobody else's row changes.
    const draft = await createBlock(t, parkId, rectangleOfArea(4, 116.6, 40.0, 0.03), {
      status: "candidate",
    });
    const after = await decision(kangzhuang.id);
    expect(after.parkAreaKm2).toBe(before.parkAreaKm2);
    expect(after.shareOfPark).toBe(before.shareOfPark);
    expect(after).toMatchObject({ rule: 2, action: "reduce" });
    const shares = (await t.app.inject({ method: "GET", url: `/api/parks/${parkId}/shares` })).json();
    expect(shares.blocks.map((block: { id: number }) => block.id)).toEqual([
      national.id,
      inner.id,
      kangzhuang.id,
    ]);
    expect(shares.parkAreaKm2).toBe(before.parkAreaKm2);
    // The draft's own share: itself over the blocks in force plus itself (4 / 8.5).
    const own = await decision(draft.id);
    expect(own.countedInParkArea).toBe(false);
    expectClose(own.shareOfPark, draft.referenceAreaM2 / (unionM2 + draft.referenceAreaM2), 1e-7);

    // The in-force sum counts the inner block a second time: 1.5 / 5 = 30%.
    const summed = await decision(kangzhuang.id, "?parkAreaBasis=in-force-sum");
    const sumM2 = unionM2 + geodesicAreaM2(innerGeometry);
    expectClose(summed.parkAreaKm2 * KM2, sumM2, 1e-9);
    expect(summed).toMatchObject({ parkAreaBasis: "in-force-sum", rule: 2 });
  });

  it("is the official area where one is entered with its 批复文号 and date, and the decision names it", async () => {
    const parkId = await createPark(t, "official");
    const block = await createBlock(t, parkId, rectangleOfArea(1.5, 116.3, 40.1), { status: "recognized" });
    await createBlock(t, parkId, rectangleOfArea(1.5, 116.4, 40.1), { status: "recognized" });
    expect((await decision(block.id)).rule).toBe(2); // 1.5 / 3 = 50%

    const missing = await t.app.inject({
      method: "PUT",
      url: `/api/parks/${parkId}/official-area`,
      payload: { areaKm2: 10, approvedOn: "2024-05-20" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.field).toBe("approvalReference");
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/parks/${parkId}/official-area`,
      headers: await t.actorHeaders("planner"),
      payload: { areaKm2: 10, approvalReference: "京政函〔2024〕1号（测试）", approvedOn: "2024-05-20" },
    });
    expect(put.statusCode).toBe(200);
    const official = await decision(block.id);
    expect(official.parkAreaKm2).toBe(10);
    expectClose(official.shareOfPark, block.referenceAreaM2 / (10 * KM2)); // 15%
    expect(official).toMatchObject({
      rule: 1,
      action: "eliminate",
      parkAreaBasis: "official",
      officialParkArea: {
        areaKm2: 10,
        approvalReference: "京政函〔2024〕1号（测试）",
        approvedOn: "2024-05-20",
      },
    });
    expect(official.parkAreaExplanation.zh).toContain("京政函〔2024〕1号（测试）");
    expect(official.explanation.zh).toContain("批复面积");
    const history = (await t.app.inject({ method: "GET", url: `/api/parks/${parkId}/official-area` })).json();
    expect(history.history).toHaveLength(1);
    expect(history.official.recordedBy).toBe("planner");
  });
});
