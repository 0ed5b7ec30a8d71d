import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parkShareOfBlock, parkShares } from "../../server/db/park-share.js";
import { expectError } from "../helpers/expect-error.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blockWithShare, createBlock, createPark, KM2, rectangleOfArea } from "./exit-fixtures.js";

/**
 * The §4.5 table on real blocks: each block's area and share are built from rectangles whose GeographicLib
 * areas we know, and the expected rows, keep ratios and targets are written by hand from DOMAIN.md §4.5.
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

/** The text's own words for each case (需要说明的是 三 · 淘汰方式), typed from the policy text. */
const ROW_WORDS: Record<number, string> = {
  1: "区块面积小于等于2平方公里，且区块面积占分园面积比例低于20%的直接淘汰",
  2: "高于20%的按区块面积的50%压减，压减后不低于0.5平方公里",
  3: "区块面积大于2平方公里，且占分园面积比例低于20%的按区块面积的50%压减",
  4: "高于20%的按区块面积的25%压减",
};

/** Relative closeness for areas and shares computed two independent ways (PostGIS vs GeographicLib). */
function expectClose(actual: number, expected: number, relative = 1e-9) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe("§4.5 rows on both sides of the 2 km² and 20% thresholds", () => {
  const cases: [string, number, number, { rule: number; action: string; keepRatio: number }][] = [
    ["a 1.9, s 15%: row 1", 1.9, 0.15, { rule: 1, action: "eliminate", keepRatio: 0 }],
    ["a 1.9, s 25%: row 2", 1.9, 0.25, { rule: 2, action: "reduce", keepRatio: 0.5 }],
    ["a 2.1, s 15%: row 3", 2.1, 0.15, { rule: 3, action: "reduce", keepRatio: 0.5 }],
    ["a 2.1, s 25%: row 4", 2.1, 0.25, { rule: 4, action: "reduce", keepRatio: 0.75 }],
    ["a 1.999, s 10%: just under 2 km², row 1", 1.999, 0.1, { rule: 1, action: "eliminate", keepRatio: 0 }],
    ["a 2.001, s 10%: just over 2 km², row 3", 2.001, 0.1, { rule: 3, action: "reduce", keepRatio: 0.5 }],
    ["a 1.999, s 30%: just under 2 km², row 2", 1.999, 0.3, { rule: 2, action: "reduce", keepRatio: 0.5 }],
    ["a 2.001, s 30%: just over 2 km², row 4", 2.001, 0.3, { rule: 4, action: "reduce", keepRatio: 0.75 }],
    ["a 1.5, s 19.9%: just under 20%, row 1", 1.5, 0.199, { rule: 1, action: "eliminate", keepRatio: 0 }],
    ["a 1.5, s 20.1%: just over 20%, row 2", 1.5, 0.201, { rule: 2, action: "reduce", keepRatio: 0.5 }],
    ["a 3, s 19.9%: just under 20%, row 3", 3, 0.199, { rule: 3, action: "reduce", keepRatio: 0.5 }],
    ["a 3, s 20.1%: just over 20%, row 4", 3, 0.201, { rule: 4, action: "reduce", keepRatio: 0.75 }],
  ];
  for (const [label, areaKm2, share, expected] of cases) {
    it(label, async () => {
      const { block, filler } = await blockWithShare(t, label.slice(0, 12), areaKm2, share);
      const result = await decision(block.id);
      const referenceShare = block.referenceAreaM2 / (block.referenceAreaM2 + filler.referenceAreaM2);
      expectClose(result.areaKm2 * KM2, block.referenceAreaM2);
      expectClose(result.shareOfPark, referenceShare);
      expectClose(result.parkAreaKm2 * KM2, block.referenceAreaM2 + filler.referenceAreaM2);
      expect(result).toMatchObject({ ...expected, floorApplied: false, blockVersion: 1 });
      expectClose(result.targetAreaKm2 * KM2, block.referenceAreaM2 * expected.keepRatio);
      expect(result.settings).toEqual({
        shareAtThreshold: "above",
        parkAreaBasis: "in-force-union",
        underFloorAction: "manual-review",
      });
      expect(result.explanation.zh).toContain("《管理办法》第三部分 · 淘汰方式");
      expect(result.explanation.zh).toContain(ROW_WORDS[expected.rule]);
      expect(result.explanation.zh).not.toContain("§");
      expect(result.explanation.en).not.toContain("§");
    });
  }
});

describe("a share of exactly 20% follows the shareAtThreshold setting", () => {
  it("reads exactly 20% as above by default and as below when asked", async () => {
    // The block and four congruent copies shifted east: s = 1/5 exactly, up to ~1e-15 of float noise.
    const parkId = await createPark(t, "exact-20");
    const block = await createBlock(t, parkId, rectangleOfArea(1.5, 116.3, 40.0));
    const [west, south, east] = [
      block.geometry.coordinates[0][0][0],
      block.geometry.coordinates[0][0][1],
      block.geometry.coordinates[0][1][0],
    ];
    const width = east - west;
    for (let i = 1; i <= 4; i++) {
      const shifted = block.geometry.coordinates[0].map(([x, y]) => [x + i * width * 1.5, y]);
      await createBlock(t, parkId, { type: "Polygon", coordinates: [shifted] }, { status: "recognized" });
    }
    expect(south).toBe(40.0);
    const above = await decision(block.id);
    expect(above).toMatchObject({ shareClass: "at-threshold", rule: 2, action: "reduce", keepRatio: 0.5 });
    expectClose(above.shareOfPark, 0.2);
    const below = await decision(block.id, "?shareAtThreshold=below");
    expect(below).toMatchObject({ shareClass: "at-threshold", rule: 1, action: "eliminate" });
    expect(below.settings.shareAtThreshold).toBe("below");

    const saved = await t.app.inject({
      method: "PUT",
      url: "/api/settings",
      payload: { shareAtThreshold: "below" },
    });
    expect(saved.statusCode).toBe(200);
    expect((await decision(block.id)).rule).toBe(1);
    await t.app.inject({ method: "PUT", url: "/api/settings", payload: { shareAtThreshold: "above" } });
    expect((await decision(block.id)).rule).toBe(2);
  });
});

describe("the 0.5 km² floor of row 2", () => {
  it("raises the target to 0.5 km² when half the block would be less (a 0.9, s 30%)", async () => {
    const { block } = await blockWithShare(t, "floor-binds", 0.9, 0.3);
    const result = await decision(block.id);
    expect(result).toMatchObject({
      rule: 2,
      action: "reduce",
      keepRatio: 0.5,
      floorApplied: true,
      floorKm2: 0.5,
    });
    expect(result.targetAreaKm2).toBe(0.5);
  });

  it("keeps half when half is above the floor (a 1.1, s 30%)", async () => {
    const { block } = await blockWithShare(t, "floor-free", 1.1, 0.3);
    const result = await decision(block.id);
    expect(result).toMatchObject({ rule: 2, action: "reduce", keepRatio: 0.5, floorApplied: false });
    expectClose(result.targetAreaKm2 * KM2, block.referenceAreaM2 * 0.5);
  });

  it("a block just over the floor keeps the floor (a 0.55, s 30%)", async () => {
    const { block } = await blockWithShare(t, "just-over", 0.55, 0.3);
    const result = await decision(block.id);
    expect(result).toMatchObject({ rule: 2, action: "reduce", floorApplied: true, underFloor: false });
    expect(result.targetAreaKm2).toBe(0.5);
  });

  it("a block already under 0.5 km² in row 2 goes to a person by default, or is eliminated by the setting", async () => {
    const { block } = await blockWithShare(t, "under-floor", 0.45, 0.3);
    const manual = await decision(block.id);
    expect(manual).toMatchObject({
      rule: 2,
      action: "manual-review",
      underFloor: true,
      keepRatio: null,
      targetAreaKm2: null,
    });
    const eliminated = await decision(block.id, "?underFloorAction=eliminate");
    expect(eliminated).toMatchObject({ rule: 2, action: "eliminate", underFloor: true, keepRatio: 0 });
    expect(eliminated.settings.underFloorAction).toBe("eliminate");
  });

  it("a block under 0.5 km² with a small share is simply row 1 (a 0.45, s 10%)", async () => {
    const { block } = await blockWithShare(t, "under-small", 0.45, 0.1);
    expect(await decision(block.id)).toMatchObject({ rule: 1, action: "eliminate", underFloor: false });
  });
});

describe("parkShares and parkShareOfBlock (reused by the park-shares API)", () => {
  it("lists the blocks in force that make up the park area with their shares, by basis", async () => {
    const parkId = await createPark(t, "shares");
    const a = await createBlock(t, parkId, rectangleOfArea(1, 116.3, 40.0));
    const b = await createBlock(t, parkId, rectangleOfArea(3, 116.32, 40.0), {
      level: "national",
      status: "recognized",
    });
    const union = await parkShares(t.db.knex, parkId, { parkAreaBasis: "in-force-union" });
    const totalM2 = a.referenceAreaM2 + b.referenceAreaM2;
    expect(union).toMatchObject({ basis: "in-force-union", setting: "in-force-union", official: null });
    expectClose((union?.parkAreaKm2 ?? 0) * KM2, totalM2);
    expect(union?.blocks.map((block) => block.id)).toEqual([a.id, b.id]);
    expect(union?.blocks[0]).toMatchObject({ name: "测试区块", level: "municipal", status: "rectifying" });
    expectClose(union?.blocks[0].shareOfPark ?? 0, a.referenceAreaM2 / totalM2);
    expectClose(union?.blocks[1].areaKm2 ?? 0, b.referenceAreaM2 / KM2);
    const sum = await parkShares(t.db.knex, parkId, { parkAreaBasis: "in-force-sum" });
    expect(sum?.basis).toBe("in-force-sum");
    expectClose((sum?.parkAreaKm2 ?? 0) * KM2, totalM2);
    expect(await parkShares(t.db.knex, 999999, { parkAreaBasis: "in-force-union" })).toBeUndefined();
    expect(await parkShareOfBlock(t.db.knex, 999999, { parkAreaBasis: "in-force-union" })).toBeUndefined();
  });

  it("on every demo park, the in-force sum is the sum of the areas of its blocks in force", async () => {
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json().features;
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    for (const park of parks.filter((p: { code: string }) => !p.code.startsWith("test-"))) {
      const inForce = blocks.filter(
        (f: { properties: { parkId: number; status: string } }) =>
          f.properties.parkId === park.id &&
          ["recognized", "rectifying", "reduced"].includes(f.properties.status),
      );
      const shares = await parkShares(t.db.knex, park.id, { parkAreaBasis: "in-force-sum" });
      const expected = inForce.reduce(
        (total: number, f: { properties: { areaKm2: number } }) => total + f.properties.areaKm2,
        0,
      );
      expectClose(shares?.parkAreaKm2 ?? 0, expected, 1e-12);
      expect(shares?.blocks).toHaveLength(inForce.length);
    }
  });
});

describe("requests the decision refuses", () => {
  it("404 for an unknown block, 409 for an ended one, 400 for an unknown setting", async () => {
    expectError(
      await t.app.inject({ method: "GET", url: "/api/blocks/999999/exit-decision" }),
      404,
      "not-found",
    );
    const { block, filler } = await blockWithShare(t, "refuse", 1, 0.5);
    const bad = await t.app.inject({
      method: "GET",
      url: `/api/blocks/${block.id}/exit-decision?shareAtThreshold=maybe`,
    });
    expect(bad.statusCode).toBe(400);
    // The route schema refuses the value (it was "bad-setting" from the route's own check before).
    expect(bad.json().error).toMatchObject({
      code: "invalid-request",
      details: { path: "querystring/shareAtThreshold", keyword: "enum" },
    });
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/blocks/${block.id}/exit-decision?colour=red`,
    });
    // Unknown keys are refused by the route schema too (it was "bad-setting" before the schemas).
    expectError(unknown, 400, "invalid-request");
    expect(unknown.json().error.details.path).toBe("querystring/colour");
    // A block 整改中 is not ended by hand (its exit is its 淘汰方式 decision's): the 已认定 filler is.
    const end = await t.app.inject({ method: "DELETE", url: `/api/blocks/${filler.id}` });
    expect(end.statusCode, end.body).toBe(200);
    const ended = await t.app.inject({ method: "GET", url: `/api/blocks/${filler.id}/exit-decision` });
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error.code).toBe("block-ended");
  });
});
