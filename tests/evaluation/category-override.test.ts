import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** 分类考核 (《管理办法》需要说明的是 二): the park's category by default, a block's override with a reason when set. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("the category a block is ranked in", () => {
  it("a 大兴-亦庄园 block outside 亦庄 with an override is ranked in B and the ranking says why", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    const daxing = parks.find((park: { code: string }) => park.code === "daxing-yizhuang");
    expect(daxing.category).toBe("A");
    const create = async (name: string, attributes: Record<string, unknown>, west: number) =>
      (
        await t.app.inject({
          method: "POST",
          url: "/api/blocks",
          payload: {
            type: "Feature",
            geometry: rectangle(west, 39.6, west + 0.01, 39.61),
            properties: { name, parkId: daxing.id, level: "municipal", status: "recognized", attributes },
          },
        })
      ).json().properties.id;
    const since = { recognizedOn: "2030-01-01" };
    const overridden = await create(
      "生物医药基地（测试）",
      { ...since, categoryOverride: { category: "B", reason: "位于亦庄以外" } },
      116.3,
    );
    const noReason = await create(
      "无理由（测试）",
      { ...since, categoryOverride: { category: "B", reason: " " } },
      116.32,
    );
    const body = (await t.app.inject({ method: "GET", url: "/api/evaluations/2030/ranking" })).json();
    const find = (id: number) =>
      [...body.categories.A, ...body.categories.B].find((entry) => entry.blockId === id);
    expect(body.categories.B.map((entry: { blockId: number }) => entry.blockId)).toContain(overridden);
    expect(find(overridden)).toMatchObject({
      category: "B",
      categorySource: "override",
      categoryReason: "位于亦庄以外",
    });
    expect(body.categories.A.map((entry: { blockId: number }) => entry.blockId)).toContain(noReason);
    expect(find(noReason)).toMatchObject({ category: "A", categorySource: "park", categoryReason: null });
  });
});
