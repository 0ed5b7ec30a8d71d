/**
 * The first map idle alone, with its request log (issue #16): BLOCKS blocks (default 20,000) loaded once into the
 * database DATABASE_URL names (kept for the next run; loaded only when it has no blocks), then the page opened in
 * headless Chromium; prints the time to idle, the main-thread time and every request by bytes.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/some_db npx tsx scripts/bench-map-idle.ts
 */
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { firstMapIdle } from "./bench-browser.js";
import { generateBenchData } from "./bench-data.js";
import { seededRandom } from "./bench-support.js";

const BLOCKS = Number(process.env.BLOCKS || 20_000);

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL: the database to keep the bench blocks in");
  const db = await openDatabase({ databaseUrl, dataDir: "" });
  try {
    await migrateToLatest(db.knex);
    const [{ n }] = (await db.knex.raw("select count(*)::int as n from blocks")).rows;
    if (n === 0)
      await generateBenchData(db, seededRandom(20261201), { parks: 16, zones: 200, blocks: BLOCKS });
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    const token = await signInBenchApp(app, db.knex);
    await app.ready();
    await db.warm();
    const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    const idle = await firstMapIdle(baseUrl, token);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    console.log(
      `${n || BLOCKS} blocks: first map idle ${(idle.idleMs / 1000).toFixed(2)} s, ` +
        `${(idle.transferredBytes / 1024 / 1024).toFixed(2)} MB in ${idle.requests} requests; ` +
        `main thread ${(idle.mainThreadMs / 1000).toFixed(2)} s (script ${(idle.scriptMs / 1000).toFixed(2)} s)`,
    );
    for (const span of [...idle.log].sort((a, b) => b.bytes - a.bytes))
      console.log(
        `${kb(span.bytes).padStart(10)}  ${span.startMs.toFixed(0).padStart(6)}–${span.endMs.toFixed(0).padEnd(6)} ms  ${span.path}`,
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
