import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blockWithShare, createBlock, rectangleOfArea } from "./exit-fixtures.js";

/**
 * 动态调整 applies to 市级高新区 only (《管理办法》第三部分 · 动态调整: "退出市级高新区序列"): a national block has no
 * exit decision, no reduction preview or proposal, and the exit batch refuses it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("a national block", () => {
  it("gets no exit decision: 409 not-applicable with the reason", async () => {
    const { parkId } = await blockWithShare(t, "national", 1, 0.5);
    const national = await createBlock(t, parkId, rectangleOfArea(1.2, 116.5, 40.0), {
      level: "national",
      status: "recognized",
    });
    const response = await t.app.inject({ method: "GET", url: `/api/blocks/${national.id}/exit-decision` });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: "not-applicable",
      details: { reason: "national", blockId: national.id },
    });
    expect(response.json().error.details.explanation.zh).toContain("动态调整");
    expect(response.json().error.details.explanation.zh).toContain("只适用于市级高新区");

    for (const url of [
      `/api/blocks/${national.id}/reduction-preview`,
      `/api/blocks/${national.id}/reduction-proposals`,
    ]) {
      const refused = await t.app.inject({ method: "POST", url, payload: { strategy: "inset" } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe("not-applicable");
    }
    const proposals = (
      await t.app.inject({ method: "GET", url: `/api/blocks/${national.id}/reduction-proposals` })
    ).json();
    expect(proposals.features).toHaveLength(0);

    const batch = await t.app.inject({
      method: "POST",
      url: "/api/exit-batch",
      payload: { blockIds: [national.id] },
    });
    expect(batch.statusCode).toBe(202);
    let job = batch.json();
    for (let i = 0; i < 100; i++) {
      job = (await t.app.inject({ method: "GET", url: `/api/exit-batch/${batch.json().jobId}` })).json();
      if (job.state !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(job.results).toEqual([
      expect.objectContaining({
        blockId: national.id,
        error: expect.objectContaining({ code: "not-applicable" }),
      }),
    ]);
  });
});
