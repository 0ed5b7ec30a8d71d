import { type ChildProcess, spawn } from "node:child_process";
import { expect } from "vitest";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import type { Database } from "../../server/db/connect.js";
import { rectangle } from "../helpers/geodesic.js";

/**
 * The kill -9 tests' second server process (import-commit-child.ts): started with `env`, resolved once it
 * printed `until` ("ready", or "creating" when its job's transaction inserts its first row of TELL_ON_INSERT).
 */
const children = new Set<ChildProcess>();

export function startJobChild(env: Record<string, string>, until = "ready"): Promise<ChildProcess> {
  const started = spawn(process.execPath, ["--import", "tsx", "tests/jobs/import-commit-child.ts"], {
    env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(started);
  return new Promise((resolve, reject) => {
    started.stdout?.on("data", (data: Buffer) => {
      if (data.toString().includes(until)) resolve(started);
    });
    started.once("exit", (code) => reject(new Error(`the child exited (${code}) before "${until}"`)));
  });
}

/** SIGKILL, resolved once the process has gone. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** afterAll: no child outlives its test file. */
export function killChildren(): void {
  for (const child of children) child.kill("SIGKILL");
}

/**
 * After the kill: the next server to start over `db` finds job `id` left running — a write, so it fails the
 * job with the reason (`interrupted: …`); `stillNothing` then checks that the start wrote none of the job.
 */
export async function expectNextServerFailsJob(
  db: Database,
  id: number,
  stillNothing: () => Promise<void>,
): Promise<void> {
  const next = await buildApp({
    config: { ...readConfig({}), databaseUrl: process.env.DATABASE_URL || undefined },
    db,
    logger: false,
  });
  await next.ready();
  try {
    const failed = await db.knex("jobs").where({ id }).first("state", "error");
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/^interrupted: /);
    await stillNothing();
  } finally {
    await next.close();
  }
}

/**
 * `n` small squares (~100 × 100 m) in rows of 40 from (116.0, `south`), named and coded `${tag} i` / `${code}-i`:
 * the kill tests' import file.
 */
export function squareGrid(n: number, tag: string, code: string, south: number): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: "Feature",
    properties: { name: `${tag} ${i + 1}`, code: `${code}-${i + 1}` },
    geometry: rectangle(
      116.0 + (i % 40) * 0.002,
      south + Math.floor(i / 40) * 0.002,
      116.0012 + (i % 40) * 0.002,
      south + 0.0009 + Math.floor(i / 40) * 0.002,
    ),
  }));
  return JSON.stringify({ type: "FeatureCollection", features });
}
