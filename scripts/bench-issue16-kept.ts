/**
 * Issue #16's stored-block analysis and block-list rows alone, on a kept database (building 20k blocks takes
 * minutes): the first run creates KEEP_DB (default bench_issue16_kept) on the server in DATABASE_URL, migrates it
 * and loads BLOCKS (20,000) bench blocks; later runs migrate it (new migrations only) and measure again.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres KEEP_DB=h16a_bench npx tsx scripts/bench-issue16-kept.ts
 * Env: SAMPLES (default 80), FRESH=1 drops and rebuilds the kept database.
 */
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { generateBenchData } from "./bench-data.js";
import { servingRows } from "./bench-issue16-analysis.js";
import { seededRandom } from "./bench-support.js";
import { loadAverageText, printTable, seconds, timed } from "./bench-table.js";

const serverUrl = process.env.DATABASE_URL;
const KEEP_DB = process.env.KEEP_DB || "bench_issue16_kept";
const BLOCKS = Number(process.env.BLOCKS || 20_000);
const SAMPLES = Number(process.env.SAMPLES || 80);

async function main() {
  if (!serverUrl) throw new Error("Set DATABASE_URL (PostgreSQL): the kept database lives on a server.");
  const admin = await openDatabase({ databaseUrl: serverUrl, dataDir: "" });
  const exists =
    (await admin.knex.raw("select 1 from pg_database where datname = ?", [KEEP_DB])).rows.length > 0;
  if (exists && process.env.FRESH === "1") await admin.knex.raw(`drop database "${KEEP_DB}" with (force)`);
  const fresh = !exists || process.env.FRESH === "1";
  if (fresh) await admin.knex.raw(`create database "${KEEP_DB}"`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${KEEP_DB}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  try {
    await migrateToLatest(db.knex);
    const rand = seededRandom(20261201);
    if (fresh) {
      const [generateMs] = await timed(() =>
        generateBenchData(db, rand, { parks: 16, zones: 200, blocks: BLOCKS }),
      );
      console.log(`loaded ${BLOCKS} blocks in ${seconds(generateMs)}`);
      await db.knex.raw("analyze");
    }
    const blockIds = (await db.knex("blocks").select("id").orderBy("id")).map((row) => Number(row.id));
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    await signInBenchApp(app, db.knex);
    await app.ready();
    await db.warm();
    console.log(`${blockIds.length} blocks kept in ${KEEP_DB}; load average ${loadAverageText()}`);
    const rows = await servingRows(db, app, blockIds, rand, SAMPLES);
    printTable(
      `Issue #16 analysis + list on ${db.kind}, ${blockIds.length} blocks, load average ${loadAverageText()} (2 cores)`,
      rows,
    );
    await app.close();
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
