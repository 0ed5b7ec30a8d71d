import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/connect.js";
import { jobStore } from "../../server/db/job-store.js";
import { upload } from "../formats/helpers.js";
import { withDatabase } from "../helpers/database-template.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { expectNextServerFailsJob, killChildren, killed, squareGrid, startJobChild } from "./job-child.js";

/**
 * Issue #14 item 3: an import's commit job is ONE transaction with the job's success. A second server process
 * claims the job and is killed with SIGKILL while it creates the blocks; the database then holds none of the
 * import's blocks, the preview is still pending, no audit row, and the next server to start fails the job with
 * the reason (a write is not started over). PostgreSQL: the kill comes once the job's progress (written from
 * another connection) shows blocks created inside the open transaction. PGlite (one process's database, where
 * the blocks are staged first and the kill falls in the publish's one insert; import-staged-kill.test.ts kills
 * the staging): the child opens a copy of the test database on disk (where a test trigger holds the 100th
 * block's insert for a minute), says when the transaction creates its first block, is killed a second later,
 * and the folder is opened again as after a crash.
 */
let t: TestApp;
const N = 150;
const scratch = mkdtempSync(path.join(os.tmpdir(), "import-kill-"));

beforeAll(async () => {
  // This app runs no jobs: the child process claims the commit job.
  t = await startTestApp({
    config: { jobs: { concurrency: 0, resultHours: 24, perAccount: 3, importInlineFeatures: 1000 } },
  });
});
afterAll(async () => {
  killChildren();
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("kill -9 during an import's commit job", () => {
  it("leaves no block of the import, and the next server fails the job with the reason", async () => {
    const previewed = await upload(t.app, "kill.geojson", squareGrid(N, "断电", "KILL", 40.7));
    expect(previewed.statusCode, previewed.body).toBe(201);
    const importId = previewed.json().id as string;
    const parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
    const job = await jobStore(t.db.knex).create({
      kind: "import-commit",
      owner: t.admin.account.name,
      ownerAccountId: t.admin.account.id,
      params: {
        importId,
        body: { parkId, level: "municipal" },
        audit: {
          accountId: String(t.admin.account.id),
          actorName: t.admin.account.name,
          roles: ["admin"],
          requestId: null,
          clientAddress: null,
        },
      },
    });
    const blocksBefore = Number((await t.db.knex("blocks").count({ n: "*" }))[0].n);

    // The 100th block's insert waits a minute (a row trigger inside the one INSERT of its batch), so the kill
    // surely falls inside the job's transaction.
    await t.db.knex.raw(`create function hold_import() returns trigger language plpgsql as $$
      begin perform pg_sleep(60); return new; end; $$`);
    await t.db.knex.raw(`create trigger hold_import after insert on blocks for each row
      when (new.code = 'KILL-100') execute function hold_import()`);
    const dropHold = async () => {
      await t.db.knex.raw("drop trigger hold_import on blocks");
      await t.db.knex.raw("drop function hold_import()");
    };
    let db = t.db;
    if (t.db.kind === "postgresql") {
      const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
      const running = await startJobChild({
        DATABASE_URL: withDatabase(process.env.DATABASE_URL as string, name),
      });
      for (let i = 0; ; i++) {
        const held = await t.db.knex.raw(
          "select 1 from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'",
        );
        if (held.rows.length > 0) break;
        const row = await t.db.knex("jobs").where({ id: job.id }).first("state");
        expect(row.state, "the commit finished before the kill").toMatch(/queued|running/);
        if (i > 1200) throw new Error("the child never started creating blocks");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await killed(running);
      // The killed server's backend would sleep on until it noticed the closed socket: ended as PostgreSQL
      // ends it then (its transaction rolled back).
      await t.db.knex.raw(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'",
      );
      await dropHold();
      // The stopped server's heartbeat is 30 s stale for the sweep; here that time is taken as passed.
      await t.db
        .knex("jobs")
        .where({ id: job.id })
        .update({ heartbeat_at: t.db.knex.raw("now() - interval '1 hour'") });
    } else {
      // In the child's copy only (dropped here before the child starts).
      await t.db.knex.raw("checkpoint");
      const { pglite } = t.db.knex.client as { pglite: PGlite };
      const tar = path.join(scratch, "snapshot.tar");
      writeFileSync(tar, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
      const dataDir = path.join(scratch, "pglite");
      await dropHold();
      const running = await startJobChild({ SNAPSHOT: tar, DATA_DIR: dataDir }, "creating");
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await killed(running);
      db = await openDatabase({ databaseUrl: undefined, dataDir });
    }

    try {
      const left = await db.knex("jobs").where({ id: job.id }).first("state");
      expect(left.state, "killed inside the job, before it ended").toBe("running");
      expect(Number((await db.knex("blocks").count({ n: "*" }))[0].n)).toBe(blocksBefore);
      expect(await db.knex("blocks").where("code", "like", "KILL-%").first()).toBeUndefined();
      expect((await db.knex("import_previews").where({ id: importId }).first()).status).toBe("pending");
      expect(await db.knex("audit_events").where({ action: "import.commit" }).first()).toBeUndefined();

      await expectNextServerFailsJob(db, job.id, async () => {
        expect(await db.knex("blocks").where("code", "like", "KILL-%").first()).toBeUndefined();
        // PGlite stages the blocks before its one publish (import-staging.ts): the staged rows are gone too.
        expect(Number((await db.knex("import_staged_blocks").count({ n: "*" }))[0].n)).toBe(0);
      });
    } finally {
      if (db !== t.db) await db.close();
    }
  }, 240_000);
});
