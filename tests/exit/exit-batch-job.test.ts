import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import { type Database, openDatabase } from "../../server/db/connect.js";
import { withDatabase } from "../helpers/database-template.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { startTwoApps, type TwoApps } from "../helpers/two-apps.js";
import { createBlock, createPark } from "./exit-fixtures.js";

/**
 * Issue #14: the exit batch is a job in the jobs table. Started on server A (which runs no jobs), run by B,
 * followed from A; and a server killed with SIGKILL while its batch runs leaves no proposal of it, and the next
 * start marks the job failed with the reason.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A 1 km² block in a park of 2 km² (share 50%: §4.5 row 4, a reduction), with the park's other block. */
async function reducible(t: TestApp, label: string, west: number) {
  const parkId = await createPark(t, label);
  const square = rectangle(west, 40.0, west + 0.0142 / Math.cos((40.007 * Math.PI) / 180), 40.0142);
  const block = await createBlock(t, parkId, square);
  await createBlock(t, parkId, rectangle(west + 0.05, 40.0, west + 0.0642, 40.0142), {
    status: "recognized",
  });
  return block;
}

describe("the exit batch as a job", () => {
  let two: TwoApps;
  it("started on A is run by B, its progress and results read on A; the proposals saved once", async () => {
    two = await startTwoApps({ config: { jobs: { concurrency: 0, resultHours: 24, perAccount: 5 } } });
    cleanups.push(() => two.close());
    const a = two.a;
    const blocks = [await reducible(a, "job-a", 116.3), await reducible(a, "job-b", 116.45)];
    const started = await a.app.inject({
      method: "POST",
      url: "/api/exit-batch",
      payload: { blockIds: blocks.map((block) => block.id), save: true },
    });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ kind: "exit-batch", state: "queued", jobId: job.id, total: 2 });
    expect(job.statusUrl).toBe(`/api/exit-batch/${job.id}`);
    expect(started.headers.location).toBe(`/api/jobs/${job.id}`);
    const seen = new Set<string>();
    let view: Record<string, unknown> = {};
    for (let i = 0; i < 1200; i++) {
      view = (await a.app.inject({ method: "GET", url: job.statusUrl })).json();
      seen.add(`${view.jobState}:${view.done}`);
      if (view.state !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(view).toMatchObject({ state: "done", jobState: "succeeded", done: 2, total: 2, progress: 1 });
    const results = view.results as { blockId: number; proposal: { id: number; action: string } }[];
    expect(results.map((row) => row.blockId)).toEqual(blocks.map((block) => block.id));
    const [row] = await a.db.knex("jobs").where({ id: job.id }).select("worker");
    expect(row.worker).toEqual(expect.any(String));
    // Saved once, all in the job's transaction: one proposal per block, each with its audit row.
    const saved = await a.db.knex("reduction_proposals").whereIn(
      "block_id",
      blocks.map((block) => block.id),
    );
    expect(saved.map((proposal) => proposal.id).sort()).toEqual(results.map((r) => r.proposal.id).sort());
    expect(saved.every((proposal) => proposal.source === "batch")).toBe(true);
    const audits = await a.db
      .knex("audit_events")
      .where({ action: "proposal.create" })
      .whereIn(
        "entity_id",
        blocks.map((block) => String(block.id)),
      );
    expect(audits).toHaveLength(2);
    // The same job through the jobs API, from B.
    const fromB = (await two.b.inject({ method: "GET", url: `/api/jobs/${job.id}` })).json();
    expect(fromB).toMatchObject({ state: "succeeded", progress: { done: 2, total: 2 } });
  }, 120_000);

  it("a server killed (SIGKILL) while its batch runs: no proposal written, the next start fails the job with the reason", async () => {
    const pg = Boolean(process.env.DATABASE_URL);
    let t: TestApp | undefined;
    let dataDir = "";
    const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: "silent" };
    if (pg) {
      t = await startTestApp({ config: { jobs: { concurrency: 0, resultHours: 24, perAccount: 5 } } });
      cleanups.push(() => (t as TestApp).close());
      const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
      env.DATABASE_URL = withDatabase(process.env.DATABASE_URL as string, name);
    } else {
      dataDir = await mkdtemp(path.join(tmpdir(), "exit-kill-"));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      delete env.DATABASE_URL;
      env.DATA_DIR = dataDir;
      env.SNAPSHOT = inject("databaseTemplate");
    }
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "tests/exit/exit-batch-child.ts")],
      { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] },
    );
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    });
    const exited = new Promise<string | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let jobId = 0;
    let total = 0;
    let doneAtKill = -1;
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      const [word, ...rest] = line.split(" ");
      if (word === "FAILED") throw new Error(line);
      if (word === "JOB") [jobId, total] = rest.map(Number);
      if (word === "PROGRESS" && rest[2] === "running" && Number(rest[0]) >= 1) {
        doneAtKill = Number(rest[0]);
        child.kill("SIGKILL");
        break;
      }
    }
    expect(await exited).toBe("SIGKILL");
    expect(jobId).toBeGreaterThan(0);
    expect(doneAtKill).toBeGreaterThanOrEqual(1);
    expect(doneAtKill).toBeLessThan(total);

    // The next start over the same database (PGlite: the folder the killed process left, recovered).
    const db: Database = pg ? (t as TestApp).db : await openDatabase({ databaseUrl: undefined, dataDir });
    const config = readConfig({});
    const app = await buildApp({
      config: {
        ...config,
        databaseUrl: pg ? env.DATABASE_URL : undefined,
        jobs: { ...config.jobs, concurrency: 1, staleSeconds: 0 },
      },
      db,
      logger: false,
    });
    await app.ready();
    try {
      const job = await db.knex("jobs").where({ id: jobId }).first();
      expect(job.state).toBe("failed");
      expect(job.error).toMatch(/^interrupted: the server stopped while this job ran; it wrote nothing/);
      expect(job.interrupted).toBe("A server stopped while this job ran.");
      const proposals = await db.knex("reduction_proposals").where({ source: "batch" }).count("* as n");
      expect(Number(proposals[0].n)).toBe(0);
      const audits = await db.knex("audit_events").where({ action: "proposal.create" }).count("* as n");
      expect(Number(audits[0].n)).toBe(0);
      expect(await db.knex("audit_events").where({ action: "exit-batch.start" }).count("* as n")).toEqual([
        { n: 1 },
      ]);
    } finally {
      await app.close();
      if (!pg) await db.close();
    }
  }, 300_000);
});
