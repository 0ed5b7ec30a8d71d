import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "../../server/db/connect.js";

/**
 * A process for embedded-durability.test.ts: opens the database as the server does (PostgreSQL: DATABASE_URL;
 * PGlite: the folder DATA_DIR, made from SNAPSHOT when new; PGLITE_WORKER decides the worker thread), then
 * commits one marker row (MARKER, n) per transaction without end and prints "committed <n>" once each commit
 * has returned. The parent kills it with SIGKILL.
 */
const dataDir = process.env.DATA_DIR ?? "";
const fresh = process.env.SNAPSHOT && !existsSync(path.join(dataDir, "PG_VERSION"));
const snapshot = fresh ? new Blob([await readFile(process.env.SNAPSHOT as string)]) : undefined;
const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir,
  ...(snapshot ? { snapshot } : {}),
});
const marker = process.env.MARKER ?? "marker";
await db.knex.raw(
  "create table if not exists durability_markers (marker text not null, n integer not null, primary key (marker, n))",
);
process.stdout.write("ready\n");
for (let n = 1; ; n++) {
  await db.knex.transaction(async (trx) => {
    await trx("durability_markers").insert({ marker, n });
  });
  process.stdout.write(`committed ${n}\n`);
}
