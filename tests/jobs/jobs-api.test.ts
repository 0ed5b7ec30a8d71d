import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import { readZip } from "../../server/formats/zip-read.js";
import { jobInState } from "../helpers/job-wait.js";
import { readValue } from "../helpers/read-result.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14 / #18.6: the catalogue package as a job over HTTP — 202, progress as server-sent events, the file
 * from the database, the account's recent jobs, cancel rights, the per-account limit, expiry, and what a
 * server that starts finds left running by one that stopped.
 */
let t: TestApp;
const PER_ACCOUNT = 2;
beforeAll(async () => {
  t = await startTestApp({ config: { jobs: { concurrency: 1, resultHours: 24, perAccount: PER_ACCOUNT } } });
});
afterAll(async () => t?.close());

/** Debian's fonts-noto-cjk, the first font the maps look for (installed on the CI machine). */
const NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const IN_FORCE = ["recognized", "rectifying", "reduced"];

async function jobCount(): Promise<number> {
  const [{ n }] = await t.db.knex("jobs").count({ n: "*" });
  return Number(n);
}

/** The events stream until it ends (it ends once the job has): each `event: job`'s data. */
async function eventsOf(id: number): Promise<{ state: string; progress: { stage: string } }[]> {
  const response = await t.app.inject({ method: "GET", url: `/api/jobs/${id}/events` });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("text/event-stream");
  return response.body
    .split("\n\n")
    .filter((chunk) => chunk.startsWith("event: job"))
    .map((chunk) =>
      JSON.parse(
        chunk
          .split("\n")
          .find((line) => line.startsWith("data: "))
          ?.slice(6) ?? "",
      ),
    );
}

function waitFor(id: number, states: string[]): Promise<Record<string, unknown>> {
  return jobInState((options) => t.app.inject(options), id, states);
}

describe("the catalogue package as a job", () => {
  it("answers 202, streams its stages, then serves the zip of the blocks in force from the database", async () => {
    const parkId = (
      await t.db
        .knex("blocks")
        .whereIn("status", IN_FORCE)
        .select("park_id")
        .groupBy("park_id")
        .orderBy("park_id")
    )[0].park_id as number;
    const expected = (await t.db
      .knex("blocks")
      .where({ park_id: parkId })
      .whereIn("status", IN_FORCE)
      .orderBy("id")
      .limit(2)
      .pluck("id")) as number[];
    const started = await t.app.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: { parkId, ids: expected },
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(started.headers.location).toBe(`/api/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: "catalogue-package", state: "queued", file: null });
    expect(job.params.blockIds).toEqual(expected);

    const events = await eventsOf(job.id);
    expect(events.at(-1)?.state).toBe("succeeded");
    const stages = new Set(events.map((event) => event.progress.stage));
    expect([...stages].some((stage) => ["reading", "boundaries", "maps", "zipping"].includes(stage))).toBe(
      true,
    );

    const done = (await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}` })).json();
    expect(done.progress).toMatchObject({ done: expected.length, total: expected.length, stage: "done" });
    expect(done.file).toMatchObject({ name: "catalogue-package.zip", contentType: "application/zip" });
    const file = await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-disposition"]).toContain("catalogue-package.zip");
    expect(file.rawPayload.byteLength).toBe(done.file.bytes);
    const entries = readValue(await readZip(file.rawPayload));
    const names = entries.map((entry) => entry.name);
    expect(names).toContain("开发区目录.xlsx");
    expect(names.filter((name) => name.startsWith("界址点/"))).toHaveLength(expected.length);
    // The maps are drawn in worker threads (issue #14 item 2): one PDF per block where the machine has a CJK font.
    const maps = entries.filter((entry) => entry.name.startsWith("地图/"));
    expect(maps).toHaveLength(existsSync(NOTO_CJK) ? expected.length : 0);
    for (const map of maps) expect(Buffer.from(map.data.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const recent = (await t.app.inject({ method: "GET", url: "/api/jobs" })).json();
    expect(recent[0]).toMatchObject({ id: job.id, state: "succeeded", file: { bytes: done.file.bytes } });
  }, 240_000);

  it("refuses a selection naming a block outside it with 404 and queues nothing", async () => {
    const before = await jobCount();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: { ids: [2_000_000_000] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.details.ids).toEqual([2_000_000_000]);
    const unknownPark = await t.app.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: { parkId: 2_000_000_000 },
    });
    expect(unknownPark.statusCode).toBe(400);
    expect(await jobCount()).toBe(before);
  });
});

describe("who may do what with a job", () => {
  it("lets a viewer start and cancel its own job; another's needs analysis.run; past the limit 429", async () => {
    const viewer = await t.clientFor({ roles: ["viewer"] });
    // Jobs of a kind no server runs stay queued: they fill the viewer's limit.
    const idle = async () =>
      (
        await t.db
          .knex("jobs")
          .insert({ kind: "never-run", owner: "viewer", owner_account_id: viewer.account.id, params: "{}" })
          .returning("id")
      )[0].id as number;
    const first = await idle();
    await idle();
    const before = await jobCount();
    const refused = await viewer.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: {},
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe("10");
    expect(refused.json().error).toMatchObject({ code: "too-many-jobs", details: { limit: PER_ACCOUNT } });
    expect(await jobCount()).toBe(before);

    const other = await t.clientFor({ roles: ["viewer"] });
    const notTheirs = await other.inject({ method: "DELETE", url: `/api/jobs/${first}` });
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.json().error.code).toBe("missing-permission");
    const own = await viewer.inject({ method: "DELETE", url: `/api/jobs/${first}` });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().state).toBe("cancelled");
    expect(
      await t.db
        .knex("audit_events")
        .where({ action: "job.cancel", entity_id: String(first) })
        .count({ n: "*" }),
    ).toEqual([{ n: 1 }]);

    const allowed = await viewer.inject({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: {},
    });
    expect(allowed.statusCode, allowed.body).toBe(202);
    const mine = (await viewer.inject({ method: "GET", url: "/api/jobs" })).json();
    expect(mine.map((job: { id: number }) => job.id).slice(0, 2)).toEqual([allowed.json().id, first + 1]);
    await waitFor(allowed.json().id, ["succeeded"]);
  }, 240_000);
});

describe("a server starting after one stopped", () => {
  it("starts over the reads it left running, fails the rest with the reason, and cleans up expired files", async () => {
    const gone = { state: "running", worker: "stopped-server:1:x", started_at: t.db.knex.raw("now()") };
    const old = t.db.knex.raw("now() - interval '1 hour'");
    const [{ id: report }] = await t.db
      .knex("jobs")
      .insert({
        kind: "overlap-report",
        owner: "t",
        params: JSON.stringify({ selection: {}, layers: ["etdz"] }),
        ...gone,
        heartbeat_at: old,
      })
      .returning("id");
    const [{ id: write }] = await t.db
      .knex("jobs")
      .insert({ kind: "import-commit", owner: "t", params: "{}", ...gone, heartbeat_at: old })
      .returning("id");
    const [{ id: expired }] = await t.db
      .knex("jobs")
      .insert({
        kind: "catalogue-package",
        owner: "t",
        params: "{}",
        state: "succeeded",
        file_name: "catalogue-package.zip",
        content_type: "application/zip",
        file_bytes: 2,
        expires_at: old,
      })
      .returning("id");
    await t.db.knex("job_file_chunks").insert({ job_id: expired, n: 0, data: Buffer.from("PK") });

    // A second server over the same database starts (on PostgreSQL it is a second process's worth of app).
    const config = { ...readConfig({}), databaseUrl: process.env.DATABASE_URL || undefined };
    const app = await buildApp({ config, db: t.db, logger: false });
    await app.ready();
    try {
      const resumed = await waitFor(report, ["succeeded", "failed"]);
      expect(resumed.state).toBe("succeeded");
      expect(resumed.interrupted).toContain("queued again");
      const failed = (await t.app.inject({ method: "GET", url: `/api/jobs/${write}` })).json();
      expect(failed.state).toBe("failed");
      expect(failed.error).toMatch(/^interrupted: /);
      const file = await t.app.inject({ method: "GET", url: `/api/jobs/${expired}/file` });
      expect(file.statusCode).toBe(410);
      expect(file.json().error.code).toBe("job-result-expired");
      const row = await t.db.knex("jobs").where({ id: expired }).first("expired_at");
      expect(row.expired_at).not.toBeNull();
      const [chunks] = await t.db.knex("job_file_chunks").where({ job_id: expired }).count({ n: "*" });
      expect(Number(chunks.n)).toBe(0);
    } finally {
      await app.close();
    }
  }, 240_000);
});
