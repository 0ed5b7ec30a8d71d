import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/connect.js";
import { openTestDatabase, withDatabase } from "../helpers/database-template.js";
import { killed } from "./job-child.js";

/**
 * A commit the caller was told succeeded survives kill -9 of its process. A child process
 * (durability-child.ts) opens the database as the server does and commits one marker row per transaction,
 * printing each commit once it returned; it is killed with SIGKILL right after the k-th report, and the
 * database is opened again as after a crash: at least k of its rows are there. PGlite (the default, embedded
 * mode): one folder on disk, killed once in the worker-thread mode and once with PGLITE_WORKER=0, then opened
 * once to count. PostgreSQL: the same child over a copy of the test database.
 */
const databaseUrl = process.env.DATABASE_URL || undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), "durability-"));
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the child until it reported `k` commits, kills it with SIGKILL, and returns how many it reported. */
function commitThenKill(env: Record<string, string>, k: number): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/jobs/durability-child.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let reported = 0;
    let text = "";
    child.stdout.on("data", (data: Buffer) => {
      text += data.toString();
      const lines = text.split("\n");
      text = lines.pop() ?? "";
      reported += lines.filter((line) => line.startsWith("committed ")).length;
      if (reported >= k && child.exitCode === null && !child.killed) {
        killed(child).then(() => resolve(reported), reject);
      }
    });
    child.once("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`the child exited (${code}) after ${reported} commits`));
    });
  });
}

async function markersOf(db: Database, marker: string): Promise<number> {
  return Number((await db.knex("durability_markers").where({ marker }).count({ n: "*" }))[0].n);
}

/** k between 1 and 30: the kill falls at a different point of the commit loop each run. */
function someK(): number {
  return 1 + Math.floor(Math.random() * 30);
}

describe("kill -9 after k reported commits", () => {
  it("keeps every reported commit", async () => {
    const seen = new Map<string, { k: number; reported: number }>();
    let db: Database;
    let drop: () => Promise<void>;
    if (databaseUrl) {
      const copy = await openTestDatabase(databaseUrl, inject("databaseTemplate"));
      const name = (await copy.knex.raw("select current_database() as name")).rows[0].name as string;
      const k = someK();
      seen.set("postgresql", {
        k,
        reported: await commitThenKill(
          { DATABASE_URL: withDatabase(databaseUrl, name), MARKER: "postgresql" },
          k,
        ),
      });
      db = copy;
      drop = () => copy.drop();
    } else {
      const dataDir = path.join(scratch, "pglite");
      const common = { DATA_DIR: dataDir, SNAPSHOT: inject("databaseTemplate"), DATABASE_URL: "" };
      for (const worker of ["1", "0"]) {
        const k = someK();
        const marker = `worker-${worker}`;
        seen.set(marker, {
          k,
          reported: await commitThenKill({ ...common, PGLITE_WORKER: worker, MARKER: marker }, k),
        });
      }
      db = await openDatabase({ databaseUrl: undefined, dataDir });
      drop = () => db.close();
    }
    try {
      for (const [marker, { k, reported }] of seen) {
        expect(reported, marker).toBeGreaterThanOrEqual(k);
        expect(
          await markersOf(db, marker),
          `${marker}: killed after ${reported} reported commits`,
        ).toBeGreaterThanOrEqual(reported);
      }
    } finally {
      await drop();
    }
  }, 120_000);
});
