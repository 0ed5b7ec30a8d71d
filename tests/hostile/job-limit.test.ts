import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp, TestClient } from "../helpers/test-app.js";
import { stateChecksum } from "./state-checksum.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 "Also": a limit of running jobs per user, for the exit batch and the other jobs. Two jobs of a kind no
 * server runs fill a lead's limit (JOBS_PER_ACCOUNT, here 2; no job runs: concurrency 0): the exit batch and the
 * 通报 are then 429 too-many-jobs naming the limit, with Retry-After, and write nothing (no job, no audit row);
 * another account is not held by the lead's jobs, and once one of the lead's ends the batch starts (202).
 */
const PER_ACCOUNT = 2;
let t: TestApp;
let lead: TestClient;
let other: TestClient;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url, {
    config: { jobs: { concurrency: 0, resultHours: 24, perAccount: PER_ACCOUNT } },
  });
  lead = await t.clientFor({ roles: ["lead"], name: "测试 任务上限" });
  other = await t.clientFor({ roles: ["lead"], name: "测试 任务上限 另一人" });
});
afterAll(async () => t?.close());

async function idleJob(accountId: number): Promise<number> {
  const [{ id }] = await t.db
    .knex("jobs")
    .insert({ kind: "never-run", owner: "lead", owner_account_id: accountId, params: "{}" })
    .returning("id");
  return Number(id);
}

const EXIT_BATCH = { method: "POST" as const, url: "/api/exit-batch", payload: { save: false } };
const NOTICE = { method: "POST" as const, url: "/api/evaluations/2025/notices" };

describe("jobs per account", () => {
  it("refuses the exit batch and the 通报 past the account's limit with 429, writing nothing", async () => {
    const first = await idleJob(lead.account.id);
    await idleJob(lead.account.id);
    for (const request of [EXIT_BATCH, NOTICE]) {
      const before = await stateChecksum(t.db.knex);
      const refused = await lead.inject(request);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.headers["retry-after"]).toBeDefined();
      expect(refused.json().error).toMatchObject({ code: "too-many-jobs", details: { limit: PER_ACCOUNT } });
      expect(await stateChecksum(t.db.knex), request.url).toBe(before);
    }
    // Another account's start is not held by the lead's jobs.
    expect((await other.inject(EXIT_BATCH)).statusCode).toBe(202);
    // Once one of the lead's jobs has ended, the lead may start one again.
    await t.db
      .knex("jobs")
      .where({ id: first })
      .update({ state: "cancelled", finished_at: t.db.knex.fn.now() });
    const started = await lead.inject(EXIT_BATCH);
    expect(started.statusCode, started.body).toBe(202);
  });
});
