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
import { loadavg } from "node:os";
import { buildApp, CLIENT_DIST_DIR } from "../server/app.js";
import { readConfig } from "../server/config.js";
import type { Database } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { zoneStore } from "../server/db/zone-store.js";
import { signInBenchApp } from "./bench-account.js";
import { firstMapIdle, type MapIdle } from "./bench-browser.js";
import { analysisRows } from "./bench-issue16-analysis.js";
import { reductionRows } from "./bench-issue16-reductions.js";
import { tileRows } from "./bench-issue16-tiles.js";
import { benchDatabase, seededRandom, starRing } from "./bench-support.js";
import { printTable, seconds, type TableRow, timed, times } from "./bench-table.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const BLOCKS = Number(process.env.BLOCKS || (serverUrl ? 20_000 : 3_000));
const ZONES = Number(process.env.ZONES || (serverUrl ? 200 : 40));
const PARKS = 16;
const SAMPLES = Number(process.env.SAMPLES || 40);
const REDUCTIONS = Number(process.env.REDUCTIONS || 20);
const BROWSER = process.env.BROWSER !== "0";
const BBOX = { west: 115.7, south: 39.6, east: 117.2, north: 40.8 };

function randomPoint(rand: () => number): [number, number] {
  return [BBOX.west + rand() * (BBOX.east - BBOX.west), BBOX.south + rand() * (BBOX.north - BBOX.south)];
}

async function generate(db: Database, rand: () => number): Promise<number[]> {
  const parkIds: number[] = [];
  for (let i = 0; i < PARKS; i++) {
    const [{ id }] = await db
      .knex("parks")
      .insert({
        code: `bench-${i}`,
        name: `基准分园${i}`,
        name_en: `Bench ${i}`,
        district: "—",
        category: "A",
      })
      .returning("id");
    parkIds.push(id);
  }
  const zones = zoneStore(db.knex);
  for (let i = 0; i < ZONES; i++) {
    const [lng, lat] = randomPoint(rand);
    await zones.insert({
      code: `z${i}`,
      kind: "municipal-development-zone",
      name: `z${i}`,
      nameEn: `z${i}`,
      geometry: {
        type: "Polygon",
        coordinates: [starRing(rand, lng, lat, 0.03 + rand() * 0.07, 1000, 0.05)],
      },
    });
  }
  for (let start = 0; start < BLOCKS; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(BLOCKS, start + 500); i++) {
      const [lng, lat] = randomPoint(rand);
      const draw = rand();
      rows.push({
        name: `b${i}`,
        park_id: parkIds[i % PARKS],
        level: i % 10 === 0 ? "national" : "municipal",
        status: draw < 0.85 ? "recognized" : draw < 0.92 ? "rectifying" : "candidate",
        geometry: {
          type: "MultiPolygon",
          coordinates: [[starRing(rand, lng, lat, 0.002 + rand() * 0.006, 20 + Math.floor(rand() * 21))]],
        },
      });
    }
    // Bulk load (no history rows: synthetic data); one statement a batch, so the triggers derive set-based.
    await db.knex.raw(
      `insert into blocks (name, park_id, level, status, geom, area_m2, created_by, updated_by)
       select r.name, r.park_id, r.level, r.status, g.geom, ST_Area(g.geom::geography), 'bench', 'bench'
         from json_to_recordset(?::json) as r(name text, park_id integer, level text, status text, geometry json),
         lateral (select ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4490) as geom) g`,
      [JSON.stringify(rows)],
    );
  }
  await db.knex.raw("analyze");
  return (await db.knex("blocks").select("id").orderBy("id")).map((row) => Number(row.id));
}

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
  const { db, drop } = await benchDatabase(serverUrl, "bench_issue16");
  try {
    await migrateToLatest(db.knex);
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    const token = await signInBenchApp(app, db.knex);
    const notReady = browserReady();
    const baseUrl = notReady ? "" : await app.listen({ port: 0, host: "127.0.0.1" });
    // The browser's peer: the same app and page before any block is loaded.
    const empty = notReady ? undefined : await firstMapIdle(baseUrl, token);
    const [generateMs, blockIds] = await timed(() => generate(db, rand));
    const postgis = (await db.knex.raw("select postgis_lib_version() as v")).rows[0].v;
    const server =
      db.kind === "postgresql" ? (await db.knex.raw("show server_version")).rows[0].server_version : "";
    const load = () =>
      loadavg()
        .map((value) => value.toFixed(2))
        .join(" ");
    console.log(
      `${db.kind} ${server} PostGIS ${postgis}: ${BLOCKS} blocks (20–40 vertices) in ${PARKS} sub-parks, ${ZONES} zones ` +
        `(1,000 vertices), loaded in ${seconds(generateMs)}; load average ${load()}`,
    );
    await app.ready();
    const rows: TableRow[] = [];
    const section = async (name: string, work: () => Promise<TableRow[]>) => {
      const [took, found] = await timed(work);
      console.log(`  ${name}: ${seconds(took)} (load average ${load()})`);
      rows.push(...found);
    };
    await section("analysis rows", () => analysisRows(db, app, blockIds, rand, SAMPLES));
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
    printTable(`Issue #16 on ${db.kind}, ${BLOCKS} blocks, load average ${load()} (2 cores)`, rows);
    await app.close();
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
