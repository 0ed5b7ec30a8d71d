/**
 * Issue #16's benchmark table in one command: every row of the issue's table measured on one synthetic
 * Beijing-sized data set (BLOCKS blocks of 20–40 vertices in 16 sub-parks, ZONES zones of 1,000 vertices) in a
 * fresh database, each against its baseline or peer measured in the same run, printed as a Markdown table
 * with the ratio, the goal and pass/fail, and the load average of the machine.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-issue16.ts   # 20,000 blocks
 *   npx tsx scripts/bench-issue16.ts                 # embedded PGlite, 3,000 blocks (for information)
 * Env: BLOCKS, ZONES, SAMPLES (default 40), REDUCTIONS (stored blocks reduced, default 20), BROWSER=0 skips
 * the first-map-idle row (it needs `npm run build` and /usr/bin/chromium or CHROMIUM_PATH).
 */
import { existsSync } from "node:fs";
import { buildApp, CLIENT_DIST_DIR } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { firstMapIdle, type MapIdle } from "./bench-browser.js";
import { generateBenchData } from "./bench-data.js";
import { analysisRows } from "./bench-issue16-analysis.js";
import { reductionRows } from "./bench-issue16-reductions.js";
import { tileRows } from "./bench-issue16-tiles.js";
import { benchDatabase, seededRandom } from "./bench-support.js";
import { loadAverageText, printTable, seconds, type TableRow, timed, times } from "./bench-table.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const BLOCKS = Number(process.env.BLOCKS || (serverUrl ? 20_000 : 3_000));
const ZONES = Number(process.env.ZONES || (serverUrl ? 200 : 40));
const PARKS = 16;
const SAMPLES = Number(process.env.SAMPLES || 40);
const REDUCTIONS = Number(process.env.REDUCTIONS || 20);
const BROWSER = process.env.BROWSER !== "0";

const BROWSER_GOAL = "≤ 5 s at 20k (and at 200k)";

/** Whether the browser row can run: asked for, and the client built. */
function browserReady(): string | undefined {
  if (!BROWSER) return "not measured (BROWSER=0)";
  if (!existsSync(`${CLIENT_DIST_DIR}/index.html`))
    return "not measured: the client is not built (npm run build)";
  return undefined;
}

function browserRow(idle: MapIdle, empty: MapIdle): TableRow {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return {
    measure: `first map idle in headless Chromium (SwiftShader), ${BLOCKS} blocks`,
    measured: `${seconds(idle.idleMs)}, ${mb(idle.transferredBytes)} transferred in ${idle.requests} requests`,
    baseline:
      `the same app before the blocks were loaded: ${seconds(empty.idleMs)}, ${mb(empty.transferredBytes)}; ` +
      `all blocks as GeoJSON (the old first fetch) alone: ${seconds(idle.allBlocksMs)}, ${mb(idle.allBlocksBytes)} uncompressed`,
    ratio: `${times(idle.idleMs, empty.idleMs)} empty app`,
    goal: BROWSER_GOAL,
    pass: idle.idleMs <= 5000,
  };
}

async function main() {
  const rand = seededRandom(20261201);
  const { db, url, drop } = await benchDatabase(serverUrl, "bench_issue16");
  try {
    await migrateToLatest(db.knex);
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    const token = await signInBenchApp(app, db.knex);
    const notReady = browserReady();
    const baseUrl = notReady ? "" : await app.listen({ port: 0, host: "127.0.0.1" });
    // The browser's peer: the same app and page before any block is loaded.
    const empty = notReady ? undefined : await firstMapIdle(baseUrl, token);
    const [generateMs, blockIds] = await timed(() =>
      generateBenchData(db, rand, { parks: PARKS, zones: ZONES, blocks: BLOCKS }),
    );
    const postgis = (await db.knex.raw("select postgis_lib_version() as v")).rows[0].v;
    const server =
      db.kind === "postgresql" ? (await db.knex.raw("show server_version")).rows[0].server_version : "";
    console.log(
      `${db.kind} ${server} PostGIS ${postgis}: ${BLOCKS} blocks (20–40 vertices) in ${PARKS} sub-parks, ${ZONES} zones ` +
        `(1,000 vertices), loaded in ${seconds(generateMs)}; load average ${loadAverageText()}`,
    );
    await app.ready();
    await db.warm(); // as the server does before it listens (server/main.ts)
    const rows: TableRow[] = [];
    const section = async (name: string, work: () => Promise<TableRow[]>) => {
      const [took, found] = await timed(work);
      console.log(`  ${name}: ${seconds(took)} (load average ${loadAverageText()})`);
      rows.push(...found);
    };
    await section("analysis rows", () => analysisRows(db, app, blockIds, rand, SAMPLES, url));
    await section("tile rows", () => tileRows(db, app, 20));
    await section("reduction rows", () => reductionRows(db, blockIds, rand, REDUCTIONS));
    await section("browser row", async () => [
      notReady || !empty
        ? {
            measure: "first map idle in headless Chromium",
            measured: notReady ?? "",
            baseline: "—",
            ratio: "—",
            goal: BROWSER_GOAL,
            pass: "n/a" as const,
          }
        : browserRow(await firstMapIdle(baseUrl, token), empty),
    ]);
    printTable(
      `Issue #16 on ${db.kind}, ${BLOCKS} blocks, load average ${loadAverageText()} (2 cores)`,
      rows,
    );
    await app.close();
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
