import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/connect.js";
import { withDatabase } from "../helpers/database-template.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { flagRunWrites, flagYear } from "./flag-year.js";
import { expectNextServerFailsJob, killChildren, killed, startJobChild } from "./job-child.js";

/**
 * Issue #14 item 3: a 责令整改 flag run job is ONE transaction with the job's success. A second server process
 * (import-commit-child.ts) claims the job and is killed with SIGKILL inside the run, while a test trigger holds
 * the first flag row's insert for a minute; the database then holds none of the run — no flag, rectification,
 * outcome, run record or audit row, every block's status as before — and the next server to start fails the job
 * with the reason. PostgreSQL: the kill comes once another session sees the held insert (the killed client's
 * backend is then terminated, as PostgreSQL would once it noticed). PGlite: the child opens a copy of the test
 * database on disk, says when the run inserts its first flag, is killed a second later, and the folder is
 * opened again as after a crash.
 */
const YEAR = 2037;
let t: TestApp;
const scratch = mkdtempSync(path.join(os.tmpdir(), "flag-kill-"));

beforeAll(async () => {
  // This app runs no jobs: the child process claims the flag run.
  t = await startTestApp({ config: { jobs: { ...readConfig({}).jobs, concurrency: 0 } } });
});
afterAll(async () => {
  killChildren();
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const HOLD = `create function hold_flag() returns trigger language plpgsql as $$
  begin perform pg_sleep(60); return new; end; $$`;
const TRIGGER =
  "create trigger hold_flag after insert on evaluation_flags for each row execute function hold_flag()";

describe("kill -9 during a flag run job", () => {
  it("leaves nothing of the run, and the next server fails the job with the reason", async () => {
    await flagYear(t, YEAR, "断电");
    const started = await t.app.inject({ method: "POST", url: `/api/evaluations/${YEAR}/flag-bottom` });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id as number;
    const before = await flagRunWrites(t.db.knex, YEAR);
    expect(before).toMatchObject({ flags: 0, runs: 0, audit: 0 });

    let db = t.db;
    await t.db.knex.raw(HOLD);
    await t.db.knex.raw(TRIGGER);
    if (t.db.kind === "postgresql") {
      const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
      const running = await startJobChild(
        {
          DATABASE_URL: withDatabase(process.env.DATABASE_URL as string, name),
          TELL_ON_INSERT: "evaluation_flags",
        },
        "ready",
      );
      const held = async () =>
        (
          await t.db.knex.raw(
            `select pid from pg_stat_activity where datname = current_database() and state = 'active'
               and query ilike 'insert into "evaluation_flags"%'`,
          )
        ).rows as { pid: number }[];
      await expect.poll(async () => (await held()).length, { timeout: 120_000 }).toBe(1);
      const [{ pid }] = await held();
      await killed(running);
      await t.db.knex.raw("select pg_terminate_backend(?)", [pid]);
      await expect.poll(async () => (await held()).length, { timeout: 30_000 }).toBe(0);
      // The stopped server's heartbeat is 30 s stale for the sweep; here that time is taken as passed.
      await t.db
        .knex("jobs")
        .where({ id })
        .update({ heartbeat_at: t.db.knex.raw("now() - interval '1 hour'") });
    } else {
      await t.db.knex.raw("checkpoint");
      const { pglite } = t.db.knex.client as { pglite: PGlite };
      const tar = path.join(scratch, "snapshot.tar");
      writeFileSync(tar, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
      const dataDir = path.join(scratch, "pglite");
      const running = await startJobChild(
        { SNAPSHOT: tar, DATA_DIR: dataDir, TELL_ON_INSERT: "evaluation_flags" },
        "creating",
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await killed(running);
      db = await openDatabase({ databaseUrl: undefined, dataDir });
    }
    await t.db.knex.raw("drop trigger hold_flag on evaluation_flags");
    await t.db.knex.raw("drop function hold_flag()");

    try {
      const left = await db.knex("jobs").where({ id }).first("state");
      expect(left.state, "killed inside the job, before it ended").toBe("running");
      expect(await flagRunWrites(db.knex, YEAR)).toEqual(before);

      await expectNextServerFailsJob(db, id, async () =>
        expect(await flagRunWrites(db.knex, YEAR)).toEqual(before),
      );
    } finally {
      if (db !== t.db) await db.close();
    }
  }, 240_000);
});
