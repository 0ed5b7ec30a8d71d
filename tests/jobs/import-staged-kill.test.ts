import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/connect.js";
import { jobStore } from "../../server/db/job-store.js";
import { upload } from "../formats/helpers.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { expectNextServerFailsJob, killChildren, killed, squareGrid, startJobChild } from "./job-child.js";

/**
 * Issue #14 on PGlite, where an import's commit is staged in short chunks before its one publish: a server
 * killed with SIGKILL while it stages leaves no block, the preview pending and no audit row — only staged rows,
 * which no read looks at — and the next server to start drops those and fails the job with the reason. The child
 * opens a copy of the test database on disk (where a test trigger holds the staging of the 100th block for a
 * minute), says when it stages its second chunk, is killed a second later, and the folder is opened again as after
 * a crash. On PostgreSQL the commit is one transaction (import-commit-kill.test.ts): its case checks nothing is staged.
 */
let t: TestApp;
const N = 150;
const scratch = mkdtempSync(path.join(os.tmpdir(), "import-staged-kill-"));

beforeAll(async () => {
  t = await startTestApp({
    config: { jobs: { concurrency: 0, resultHours: 24, perAccount: 3, importInlineFeatures: 1000 } },
  });
});
afterAll(async () => {
  killChildren();
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const count = async (db: { knex: TestApp["db"]["knex"] }, table: string) =>
  Number((await db.knex(table).count({ n: "*" }))[0].n);

// Each database runs its own case (defined, not skipped: CI fails on a skipped test).
const onPostgres = Boolean(process.env.DATABASE_URL);
const itWhen = (runs: boolean) =>
  runs ? it : (_name: string, _body: () => Promise<void>, _timeoutMs?: number) => undefined;

describe("kill -9 while an import's commit is staged", () => {
  itWhen(onPostgres)("PostgreSQL commits in one transaction: nothing is staged", async () => {
    const previewed = await upload(t.app, "plain.geojson", squareGrid(N, "分批断电", "SKILL", 40.8));
    expect(previewed.statusCode, previewed.body).toBe(201);
    const parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
    const blocksBefore = await count(t.db, "blocks");
    const commit = await t.app.inject({
      method: "POST",
      url: `/api/imports/${previewed.json().id}/commit`,
      payload: { parkId, level: "municipal" },
    });
    expect(commit.statusCode, commit.body).toBe(201);
    expect(await count(t.db, "blocks")).toBe(blocksBefore + N);
    expect(await count(t.db, "import_stagings")).toBe(0);
    expect(await count(t.db, "import_staged_blocks")).toBe(0);
  });

  itWhen(!onPostgres)(
    "leaves no block, and the next server drops the staged rows and fails the job",
    async () => {
      const previewed = await upload(t.app, "staged-kill.geojson", squareGrid(N, "分批断电", "SKILL", 40.8));
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
      const blocksBefore = await count(t.db, "blocks");

      // In the child's copy only: the 100th block's staging waits a minute, so the kill falls inside the staging.
      await t.db.knex.raw(`create function hold_staging() returns trigger language plpgsql as $$
      begin perform pg_sleep(60); return new; end; $$`);
      await t.db.knex.raw(`create trigger hold_staging after insert on import_staged_blocks for each row
      when (new.code = 'SKILL-100') execute function hold_staging()`);
      await t.db.knex.raw("checkpoint");
      const { pglite } = t.db.knex.client as { pglite: PGlite };
      const tar = path.join(scratch, "snapshot.tar");
      writeFileSync(tar, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
      const dataDir = path.join(scratch, "pglite");
      await t.db.knex.raw("drop trigger hold_staging on import_staged_blocks");
      await t.db.knex.raw("drop function hold_staging()");
      const running = await startJobChild(
        // Told at the second chunk's insert: the first chunk has committed (chunks at most double: the held
        // 100th block is in neither).
        { SNAPSHOT: tar, DATA_DIR: dataDir, TELL_ON_INSERT: "import_staged_blocks", TELL_AT_INSERT: "2" },
        "creating",
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await killed(running);
      const db = await openDatabase({ databaseUrl: undefined, dataDir });

      try {
        const left = await db.knex("jobs").where({ id: job.id }).first("state");
        expect(left.state, "killed inside the job, before it ended").toBe("running");
        expect(await count(db, "blocks")).toBe(blocksBefore);
        expect(await db.knex("blocks").where("code", "like", "SKILL-%").first()).toBeUndefined();
        expect((await db.knex("import_previews").where({ id: importId }).first()).status).toBe("pending");
        expect(await db.knex("audit_events").where({ action: "import.commit" }).first()).toBeUndefined();
        // The kill fell in the staging: chunks before the held one were staged (and committed), nothing else.
        const staged = await count(db, "import_staged_blocks");
        expect(staged).toBeGreaterThan(0);
        expect(staged).toBeLessThan(100);

        await expectNextServerFailsJob(db, job.id, async () => {
          expect(await db.knex("blocks").where("code", "like", "SKILL-%").first()).toBeUndefined();
          for (const table of ["import_stagings", "import_staged_blocks", "import_staged_layer_overlaps"])
            expect(await count(db, table), table).toBe(0);
        });
      } finally {
        await db.close();
      }
    },
    240_000,
  );
});
