import { readFile } from "node:fs/promises";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import { openDatabase } from "../../server/db/connect.js";

/**
 * A second server process for import-commit-kill.test.ts: opens the test's database (PostgreSQL: DATABASE_URL;
 * PGlite: DATA_DIR from the parent's SNAPSHOT), runs one job at a time, and says "ready" — the parent kills it
 * with SIGKILL while the import's commit job (or, evaluation-flags-kill.test.ts, a flag run) runs.
 */
const databaseUrl = process.env.DATABASE_URL || undefined;
const snapshot = process.env.SNAPSHOT ? new Blob([await readFile(process.env.SNAPSHOT)]) : undefined;
const db = await openDatabase({
  databaseUrl,
  dataDir: process.env.DATA_DIR ?? "",
  ...(snapshot ? { snapshot } : {}),
});
// The table whose first insert the child reports ("creating"): blocks for an import, evaluation_flags for a flag run.
const watched = process.env.TELL_ON_INSERT ?? "blocks";
// Which of those inserts to report (1: the first; import-staged-kill.test.ts waits for the second chunk).
const tellAt = Number(process.env.TELL_AT_INSERT ?? 1);
if (db.kind === "pglite") {
  // Tell the parent when the job's transaction creates its first block (the parent cannot read PGlite from
  // another process): a watch on this process's own queries, not a change to what they do.
  const { pglite } = db.knex.client as { pglite: { query: (...args: unknown[]) => Promise<unknown> } };
  const query = pglite.query.bind(pglite);
  let seen = 0;
  pglite.query = (...args: unknown[]) => {
    if (String(args[0]).toLowerCase().includes(`insert into "${watched}"`) && ++seen === tellAt) {
      process.stdout.write("creating\n");
    }
    return query(...args);
  };
}
const base = readConfig({});
const app = await buildApp({
  config: { ...base, databaseUrl, jobs: { ...base.jobs, concurrency: 1 } },
  db,
  logger: false,
});
await app.ready();
process.stdout.write("ready\n");
