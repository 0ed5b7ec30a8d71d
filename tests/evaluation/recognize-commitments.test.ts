import type { MultiPolygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRound, reportedApplication, step } from "../helpers/round-flow.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * 认定 in the ecological conservation area (《管理办法》第三部分 管理考核 · 过渡培育): a block there is recognized only
 * on its 预估经济指标承诺. The 批复 of a round application (issue #13: the only way to 已认定) approving an eco-area
 * block without commitments is a 409 naming what is missing, and writes nothing; with the commitments entered
 * (its transition) it is recognized. Elsewhere no commitment is asked for.
 */
let t: TestApp;
const demo = new Map<string, { id: number; parkId: number; geometry: MultiPolygon }>();

let roundId: number;

beforeAll(async () => {
  t = await startTestApp();
  roundId = (await openRound(t.app.inject.bind(t.app))).id;
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  for (const feature of blocks.features)
    demo.set(feature.properties.code, { ...feature.properties, geometry: feature.geometry });
});
afterAll(async () => t?.close());

/** An applied municipal block on the land of a demo block (檀营 lies in the eco area, 温泉 does not). */
async function appliedOn(code: string): Promise<{ id: number; version: number }> {
  const source = demo.get(code);
  if (!source) throw new Error(`no demo block ${code}`);
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry: source.geometry,
      properties: {
        name: `认定测试（${code}）`,
        parkId: source.parkId,
        level: "municipal",
        status: "applied",
      },
    },
  });
  expect(response.statusCode).toBe(201);
  return { id: response.json().properties.id, version: response.json().properties.version };
}

/** The 批复 of the block's application (walked to 已报批 once; a refused reply leaves it there). */
const applications = new Map<number, number>();
async function recognize(id: number, _version: number) {
  const inject = t.app.inject.bind(t.app);
  if (!applications.has(id)) applications.set(id, await reportedApplication(inject, roundId, [id]));
  const response = await step(inject, applications.get(id) as number, "approve", {
    reference: "市政府批复",
    repliedOn: "2026-11-30",
    approvedBlockIds: [id],
  });
  if (response.statusCode !== 200) return response;
  const block = await t.app.inject({ method: "GET", url: `/api/blocks/${id}` });
  return { statusCode: 200, json: () => block.json() };
}

describe("recognizing a block in the ecological conservation area", () => {
  it("is refused without indicator commitments, naming them, and nothing is written", async () => {
    const block = await appliedOn("miyun-tanying");
    const refused = await recognize(block.id, block.version);
    expect(refused.statusCode).toBe(409);
    const { error } = refused.json();
    expect(error.code).toBe("eco-commitments-missing");
    expect(error.message).toMatch(/预估经济指标承诺/);
    expect(error.details.missing).toEqual(["commitments"]);
    expect(error.details.ecoShare).toBeGreaterThan(0.5);
    expect(error.details.clause.zh).toMatch(/第三部分 管理考核 · 过渡培育/);
    const stored = (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}` })).json();
    expect(stored.properties).toMatchObject({ status: "applied", version: block.version });
    const application = await t.app.inject({
      method: "GET",
      url: `/api/applications/${applications.get(block.id)}`,
    });
    expect(application.json()).toMatchObject({ state: "reported", reply: null });

    const transition = await t.app.inject({
      method: "PUT",
      url: `/api/evaluations/transitions/${block.id}`,
      payload: { recognizedOn: "2026-06-30", endsOn: "2030-12-31", commitments: { revenueAdded: 5000 } },
    });
    expect(transition.statusCode).toBe(201);
    const recognized = await recognize(block.id, block.version);
    expect(recognized.statusCode).toBe(200);
    expect(recognized.json().properties.status).toBe("recognized");
  });

  it("asks nothing of a block outside it", async () => {
    const block = await appliedOn("haidian-wenquan");
    const recognized = await recognize(block.id, block.version);
    expect(recognized.statusCode).toBe(200);
    expect(recognized.json().properties.status).toBe("recognized");
  });
});
