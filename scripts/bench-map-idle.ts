/**
 * The first map idle alone, with its request log (issue #16): BLOCKS blocks (default 20,000) loaded once into the
 * database DATABASE_URL names (kept for the next run; loaded only when it has no blocks), then the page opened in
 * headless Chromium; prints the time to idle, the main-thread time and every request by bytes. Its peer, in the
 * same run, is the same page over the 56 demo blocks (geodata/) in PEER_DATABASE_URL (loaded there when it is
 * empty), so the ratio says what the block count costs on whatever load the machine has. SCREENSHOT=file.png
 * saves the bench page at its first idle.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/some_db \
 *     PEER_DATABASE_URL=postgres://postgres@127.0.0.1:5432/some_peer_db npx tsx scripts/bench-map-idle.ts
 */
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { type Database, openDatabase } from "../server/db/connect.js";
import { loadDemoDataIfEmpty } from "../server/db/demo-data.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { firstMapIdle, type MapIdle } from "./bench-browser.js";
import { generateBenchData } from "./bench-data.js";
import { seededRandom } from "./bench-support.js";
import { loadAverageText } from "./bench-table.js";

const BLOCKS = Number(process.env.BLOCKS || 20_000);

/** The first idle of the page over the database at `databaseUrl`, after `fill` has loaded it if empty. */
async function measure(databaseUrl: string, fill: (db: Database) => Promise<void>, screenshotPath?: string) {
  const db = await openDatabase({ databaseUrl, dataDir: "" });
  try {
    await migrateToLatest(db.knex);
    await fill(db);
    const [{ n }] = (await db.knex.raw("select count(*)::int as n from blocks")).rows;
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    const token = await signInBenchApp(app, db.knex);
    await app.ready();
    await db.warm();
    const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      return { blocks: n as number, idle: await firstMapIdle(baseUrl, token, screenshotPath) };
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

function summary(blocks: number, idle: MapIdle): string {
  return (
    `${blocks} blocks: first map idle ${(idle.idleMs / 1000).toFixed(2)} s, ` +
    `${(idle.transferredBytes / 1024 / 1024).toFixed(2)} MB in ${idle.requests} requests; ` +
    `main thread ${(idle.mainThreadMs / 1000).toFixed(2)} s (script ${(idle.scriptMs / 1000).toFixed(2)} s)`
  );
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  const peerUrl = process.env.PEER_DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL: the database to keep the bench blocks in");
  if (!peerUrl) throw new Error("PEER_DATABASE_URL: a second database, for the page over the demo blocks");
  console.log(`load average before: ${loadAverageText()}`);
  const peer = await measure(peerUrl, async (db) => {
    await loadDemoDataIfEmpty(db.knex);
  });
  console.log(`peer  ${summary(peer.blocks, peer.idle)} (load average ${loadAverageText()})`);
  const bench = await measure(
    databaseUrl,
    async (db) => {
      const [{ n }] = (await db.knex.raw("select count(*)::int as n from blocks")).rows;
      if (n === 0)
        await generateBenchData(db, seededRandom(20261201), { parks: 16, zones: 200, blocks: BLOCKS });
    },
    process.env.SCREENSHOT,
  );
  console.log(`bench ${summary(bench.blocks, bench.idle)} (load average ${loadAverageText()})`);
  console.log(
    `ratio to the peer: idle ×${(bench.idle.idleMs / peer.idle.idleMs).toFixed(2)}, ` +
      `bytes ×${(bench.idle.transferredBytes / peer.idle.transferredBytes).toFixed(2)}`,
  );
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  for (const span of [...bench.idle.log].sort((a, b) => b.bytes - a.bytes))
    console.log(
      `${kb(span.bytes).padStart(10)}  ${span.startMs.toFixed(0).padStart(6)}–${span.endMs.toFixed(0).padEnd(6)} ms  ${span.path}`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
