/**
 * Benchmark of issue #16's remaining rows at 3k and 20k blocks: the stored-block analysis and the park shares
 * with the kept park union against the per-request union they replaced (measured in the same run, through the
 * same endpoints: before each "per-request" call the park's kept union is marked stale, so the request unions
 * the park's blocks as the old code did), the old union query alone, and the block list: all blocks vs one map
 * view (bbox, fields, precision), raw and compressed, the layer counts by group by, the server-side search.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-scale.ts
 *   npx tsx scripts/bench-scale.ts          # embedded PGlite, 3k only by default (for information)
 * Env: SIZES (comma-separated block counts), PARKS (default 16, Beijing's sub-parks), SAMPLES (default 40).
 */
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import type { Database } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { generateBenchData } from "./bench-data.js";
import { benchDatabase, seededRandom } from "./bench-support.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const SIZES = (process.env.SIZES || (serverUrl ? "3000,20000" : "3000")).split(",").map(Number);
const PARKS = Number(process.env.PARKS || 16);
const SAMPLES = Number(process.env.SAMPLES || 40);
const ZONES = 50;
/** About one map view at zoom 12 on a 1,000-pixel screen, in the middle of the data. */
const VIEW = [116.3, 40.0, 116.6, 40.2] as const;

const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: "GET", url, headers });
  if (response.statusCode !== 200)
    throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return response;
}

/** p50/p95 of `url(i)` with the park's kept union fresh ("kept") or marked stale before each call ("per request"). */
async function keptVersusPerRequest(
  db: Database,
  app: FastifyInstance,
  urlAndPark: () => { url: string; parkId: number },
) {
  const kept: number[] = [];
  const perRequest: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { url, parkId } = urlAndPark();
    await get(app, url); // the first read after a write rebuilds once; then it is fresh
    kept.push((await timed(() => get(app, url)))[0]);
    await db.knex.raw("update park_unions set generation = generation + 1 where park_id = ?", [parkId]);
    perRequest.push((await timed(() => get(app, url)))[0]);
  }
  return { kept, perRequest };
}

/** `concurrency` requests at a time: throughput, errors (non-200), p50 and p99. */
async function concurrently(app: FastifyInstance, urls: string[], concurrency: number) {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++];
        const [t, response] = await timed(() => app.inject({ method: "GET", url }));
        if (response.statusCode !== 200) errors++;
        times.push(t);
      }
    }),
  );
  return {
    perSecond: urls.length / ((performance.now() - started) / 1000),
    errors,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
  };
}

function row(label: string, after: number[], before: number[], beforeLabel: string) {
  const a50 = percentile(after, 0.5);
  const b50 = percentile(before, 0.5);
  console.log(
    `${label}: p50 ${ms(a50)}, p95 ${ms(percentile(after, 0.95))}; ${beforeLabel} p50 ${ms(b50)}, p95 ${ms(percentile(before, 0.95))} → ${(b50 / a50).toFixed(1)}× faster`,
  );
}

async function measure(size: number) {
  const rand = seededRandom(20261201 + size);
  const { db, drop } = await benchDatabase(serverUrl, "bench_scale");
  try {
    await migrateToLatest(db.knex);
    const [generateMs, blockIds] = await timed(() =>
      generateBenchData(db, rand, { parks: PARKS, zones: ZONES, blocks: size }),
    );
    const parkOf = new Map(
      (await db.knex("blocks").select("id", "park_id")).map((r) => [Number(r.id), Number(r.park_id)]),
    );
    console.log(
      `\n== ${db.kind}, ${size} blocks in ${PARKS} sub-parks (~${Math.round(size / PARKS)} each), ${ZONES} zones; ` +
        `generated in ${(generateMs / 1000).toFixed(1)} s ==`,
    );
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    await signInBenchApp(app, db.knex);
    await app.ready();
    const pick = () => blockIds[Math.floor(rand() * blockIds.length)];

    // The park union: kept vs per request, the stored-block analysis and the park's share list.
    const analysis = await keptVersusPerRequest(db, app, () => {
      const id = pick();
      return { url: `/api/blocks/${id}/analysis`, parkId: parkOf.get(id) as number };
    });
    row("GET /api/blocks/:id/analysis", analysis.kept, analysis.perRequest, "union per request");
    const many = await concurrently(
      app,
      Array.from({ length: 200 }, () => `/api/blocks/${pick()}/analysis`),
      50,
    );
    console.log(
      `  50 concurrent (200 requests, unions kept): ${many.perSecond.toFixed(0)} req/s, ${many.errors} errors, ` +
        `p50 ${ms(many.p50)}, p99 ${ms(many.p99)}`,
    );
    const shares = await keptVersusPerRequest(db, app, () => {
      const parkId = parkOf.get(pick()) as number;
      return { url: `/api/parks/${parkId}/shares`, parkId };
    });
    row("GET /api/parks/:id/shares", shares.kept, shares.perRequest, "union per request");
    const unionQuery: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const parkId = parkOf.get(pick()) as number;
      const [t] = await timed(() =>
        db.knex.raw(
          `select coalesce(ST_Area(ST_Union(geom)::geography), 0) from blocks
            where park_id = ? and status in ('recognized', 'rectifying', 'reduced')`,
          [parkId],
        ),
      );
      unionQuery.push(t);
    }
    const keptRead: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const parkId = parkOf.get(pick()) as number;
      keptRead.push(
        (await timed(() => db.knex.raw("select area_m2 from park_unions where park_id = ?", [parkId])))[0],
      );
    }
    row("  the park area query alone: kept row", keptRead, unionQuery, "the old ST_Union query");

    // The block list: everything (what the map fetches today) vs one view with the fields the map needs.
    const [allMs, all] = await timed(() => get(app, "/api/blocks"));
    const view = `/api/blocks?bbox=${VIEW.join(",")}&fields=name,level,status,parkId,geometry&precision=6`;
    const [viewMs, inView] = await timed(() => get(app, view));
    const [viewBrMs, viewBr] = await timed(() => get(app, view, { "accept-encoding": "br" }));
    const [allBrMs, allBr] = await timed(() => get(app, "/api/blocks", { "accept-encoding": "br" }));
    const allBytes = all.rawPayload.length;
    const gzipBytes = gzipSync(all.rawPayload).length;
    console.log(
      `GET /api/blocks (all ${all.json().features.length}): ${kb(allBytes)} in ${ms(allMs)}; ` +
        `compressed br ${kb(allBr.rawPayload.length)} in ${ms(allBrMs)} (gzip would be ${kb(gzipBytes)})`,
    );
    console.log(
      `  one map view (bbox ${VIEW.join(",")}, 5 fields, 6 decimals): ${inView.json().features.length} blocks, ` +
        `${kb(inView.rawPayload.length)} in ${ms(viewMs)}, br ${kb(viewBr.rawPayload.length)} in ${ms(viewBrMs)} → ` +
        `${(allBytes / viewBr.rawPayload.length).toFixed(0)}× fewer bytes than all blocks uncompressed`,
    );
    const counts: number[] = [];
    for (let i = 0; i < SAMPLES; i++) counts.push((await timed(() => get(app, "/api/blocks/counts")))[0]);
    console.log(
      `GET /api/blocks/counts (group by): p50 ${ms(percentile(counts, 0.5))}; counting from all blocks needs the full list: ${ms(allMs)} → ${(allMs / percentile(counts, 0.5)).toFixed(0)}×`,
    );
    const search: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      search.push(
        (
          await timed(() =>
            get(app, `/api/blocks?q=b${Math.floor(rand() * size)}&limit=20&fields=name,parkName,status`),
          )
        )[0],
      );
    }
    console.log(
      `GET /api/blocks?q=&limit=20 (server-side search): p50 ${ms(percentile(search, 0.5))}, p95 ${ms(percentile(search, 0.95))}`,
    );
    const parkPage: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      parkPage.push(
        (await timed(() => get(app, `/api/blocks?park=${parkOf.get(pick())}&fields=name,status,areaKm2`)))[0],
      );
    }
    const parkFull: number[] = [];
    for (let i = 0; i < 10; i++)
      parkFull.push((await timed(() => get(app, `/api/blocks?park=${parkOf.get(pick())}`)))[0]);
    row("GET /api/blocks?park=&fields= (properties only)", parkPage, parkFull, "with full geometry");
    await app.close();
  } finally {
    await drop();
  }
}

async function main() {
  for (const size of SIZES) await measure(size);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
