import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoRoundIfEmpty } from "../../server/db/round-demo.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** The demo round (示意, issue #13): one round, applications in several states, loaded once. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("the demo recognition round", () => {
  it("shows one round with applications in five states, and loads only once", async () => {
    expect(await loadDemoRoundIfEmpty(t.db.knex)).toEqual({ loaded: true, applications: 5 });
    expect((await loadDemoRoundIfEmpty(t.db.knex)).loaded).toBe(false);
    const rounds = (await t.app.inject({ method: "GET", url: "/api/rounds" })).json();
    expect(rounds).toHaveLength(1);
    const list = (
      await t.app.inject({ method: "GET", url: `/api/rounds/${rounds[0].id}/applications` })
    ).json();
    expect(list.map((a: { state: string }) => a.state).sort()).toEqual(
      ["draft", "rejected", "reported", "returned", "reviewing"].sort(),
    );
    const draft = list.find((a: { state: string }) => a.state === "draft");
    const detail = (await t.app.inject({ method: "GET", url: `/api/applications/${draft.id}` })).json();
    expect(detail.missingMaterials).toEqual(["plans", "space-use"]);
    const reported = list.find((a: { state: string }) => a.state === "reported");
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${reported.blockIds[0]}` })).json();
    expect(block.properties.status).toBe("applied");
    const reportedDetail = (
      await t.app.inject({ method: "GET", url: `/api/applications/${reported.id}` })
    ).json();
    expect(reportedDetail.versions[0].prechecks.blocks[0].blockId).toBe(reported.blockIds[0]);
  });
});
