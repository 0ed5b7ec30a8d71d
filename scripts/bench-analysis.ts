/**
 * Benchmark of the spatial analysis (issue #3). Generates a synthetic Beijing-sized data set — BLOCKS blocks of
 * 20–40 vertices and ZONES zones of ~1,000 vertices — in a fresh database, then prints p50/p95 of one block's
 * analysis and the time of a full overlap + share recompute, each with zones subdivided (ours) and whole
 * (the naive baseline), and the ratios.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-analysis.ts
 *   npx tsx scripts/bench-analysis.ts            # embedded PGlite, smaller by default (for information)
 * Env: BLOCKS, ZONES, SAMPLES override the sizes.
 */

import { ZONE_PART_MAX_VERTICES } from "../migrations/20261129_06_zone_parts.js";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { analysisStore, type ZoneSource } from "../server/db/analysis-store.js";
import type { Database } from "../server/db/connect.js";
import { geometryFromGeoJson } from "../server/db/geometry.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { zoneStore } from "../server/db/zone-store.js";
import { signInBenchApp } from "./bench-account.js";
import { scaleRows } from "./bench-scale-rows.js";
import { benchDatabase, seededRandom, starRing } from "./bench-support.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const BLOCKS = Number(process.env.BLOCKS || (serverUrl ? 20_000 : 2_000));
const ZONES = Number(process.env.ZONES || (serverUrl ? 200 : 40));
const SAMPLES = Number(process.env.SAMPLES || 200);
const BBOX = { west: 115.7, south: 39.6, east: 117.2, north: 40.8 };

function randomPoint(rand: () => number): [number, number] {
  return [BBOX.west + rand() * (BBOX.east - BBOX.west), BBOX.south + rand() * (BBOX.north - BBOX.south)];
}

async function generate(db: Database, rand: () => number) {
  const [{ id: parkId }] = await db
    .knex("parks")
    .insert({ code: "bench", name: "基准分园", name_en: "Bench park", district: "—", category: "A" })
    .returning("id");
  const zones = zoneStore(db.knex);
  for (let i = 0; i < ZONES; i++) {
    const [lng, lat] = randomPoint(rand);
    const ring = starRing(rand, lng, lat, 0.03 + rand() * 0.07, 1000, 0.05);
    await zones.insert({
      code: `z${i}`,
      kind: "municipal-development-zone",
      name: `z${i}`,
      nameEn: `z${i}`,
      geometry: { type: "Polygon", coordinates: [ring] },
    });
  }
  const batch = 500;
  for (let start = 0; start < BLOCKS; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(BLOCKS, start + batch); i++) {
      const [lng, lat] = randomPoint(rand);
      const ring = starRing(rand, lng, lat, 0.002 + rand() * 0.006, 20 + Math.floor(rand() * 21));
      rows.push({
        name: `b${i}`,
        level: i % 10 === 0 ? "national" : "municipal",
        geometry: { type: "MultiPolygon", coordinates: [[ring]] },
      });
    }
    // Bulk load straight into the table (no history rows): this is synthetic benchmark data. One statement a
    // batch: the overlap tables' statement trigger then derives the batch's rows set-based.
    await db.knex.raw(
      `insert into blocks (name, park_id, level, status, geom, area_m2, created_by, updated_by)
       select r.name, ?, r.level, 'recognized', g.geom, ST_Area(g.geom::geography), 'bench', 'bench'
         from json_to_recordset(?::json) as r(name text, level text, geometry json),
         lateral (select ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4490) as geom) g`,
      [parkId, JSON.stringify(rows)],
    );
  }
  await db.knex.raw("analyze");
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function main() {
  const rand = seededRandom(20261129);
  const { db, drop } = await benchDatabase(serverUrl, "bench_analysis");
  try {
    await migrateToLatest(db.knex);
    const [generateMs] = await time(() => generate(db, rand));
    console.log(
      `${db.kind}: ${BLOCKS} blocks (20–40 vertices), ${ZONES} zones (1,000 vertices), generated in ${(generateMs / 1000).toFixed(1)} s`,
    );
    const parts = await db.knex("zone_parts").count("* as n");
    console.log(`zone_parts: ${parts[0].n} subdivided parts (≤ ${ZONE_PART_MAX_VERTICES} vertices)`);

    const app = await buildApp({ config: readConfig({}), db, logger: false });
    await signInBenchApp(app, db.knex);
    const analysis = analysisStore(db.knex);
    const sample = (await db.knex("blocks").select("id").orderByRaw("id").limit(BLOCKS)).map(
      (r) => r.id as number,
    );
    const picks = Array.from({ length: SAMPLES }, () => sample[Math.floor(rand() * sample.length)]);
    const geojsonOf = async (id: number) =>
      JSON.parse(
        (await db.knex.raw("select ST_AsGeoJSON(geom, 9, 0) as g from blocks where id = ?", [id])).rows[0].g,
      );
    const geometries = await Promise.all(picks.map(geojsonOf));

    const httpMs: number[] = [];
    for (const geometry of geometries) {
      const [ms, response] = await time(() =>
        app.inject({ method: "POST", url: "/api/analysis", payload: { geometry } }),
      );
      if (response.statusCode !== 200) throw new Error(`analysis failed: ${response.body}`);
      httpMs.push(ms);
    }
    const queryMs = async (source: ZoneSource) => {
      const times: number[] = [];
      const zoneTimes: number[] = [];
      for (const geometry of geometries) {
        const g = geometryFromGeoJson(db.knex, geometry);
        const [ms] = await time(async () => {
          await analysis.measure(g);
          const [zoneMs] = await time(() => analysis.overlaps(g, undefined, source));
          zoneTimes.push(zoneMs);
          await analysis.insideZgcM2(g);
        });
        times.push(ms);
      }
      return [times.sort((a, b) => a - b), zoneTimes.sort((a, b) => a - b)];
    };
    const [ours, oursOverlap] = await queryMs("parts");
    const [naive, naiveOverlap] = await queryMs("whole");
    httpMs.sort((a, b) => a - b);
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `\nsingle block, POST /api/analysis (HTTP through the app): p50 ${f(percentile(httpMs, 0.5))}, p95 ${f(percentile(httpMs, 0.95))}`,
    );
    console.log(
      `single block, analysis queries, subdivided: p50 ${f(percentile(ours, 0.5))}, p95 ${f(percentile(ours, 0.95))}`,
    );
    console.log(
      `single block, analysis queries, naive:      p50 ${f(percentile(naive, 0.5))}, p95 ${f(percentile(naive, 0.95))}`,
    );
    console.log(
      `  ratio naive/subdivided: p50 ${(percentile(naive, 0.5) / percentile(ours, 0.5)).toFixed(1)}×, p95 ${(percentile(naive, 0.95) / percentile(ours, 0.95)).toFixed(1)}×`,
    );
    const ratio = (slow: number[], fast: number[]) =>
      `p50 ${(percentile(slow, 0.5) / percentile(fast, 0.5)).toFixed(1)}×, p95 ${(percentile(slow, 0.95) / percentile(fast, 0.95)).toFixed(1)}×`;
    console.log(
      `the overlap queries (zones, blocks), subdivided: p50 ${f(percentile(oursOverlap, 0.5))}, p95 ${f(percentile(oursOverlap, 0.95))}`,
    );
    console.log(
      `the overlap queries (zones, blocks), naive:      p50 ${f(percentile(naiveOverlap, 0.5))}, p95 ${f(percentile(naiveOverlap, 0.95))}`,
    );
    console.log(`  ratio naive/subdivided: ${ratio(naiveOverlap, oursOverlap)}`);

    const [fullOurs, totalsOurs] = await time(() => analysis.recomputeAllOverlaps("parts"));
    const [fullNaive, totalsNaive] = await time(() => analysis.recomputeAllOverlaps("whole"));
    console.log(`\nfull recompute of overlaps and park shares for ${BLOCKS} blocks:`);
    console.log(
      `  subdivided ${(fullOurs / 1000).toFixed(2)} s (${totalsOurs.pairs} block×zone pairs), naive ${(fullNaive / 1000).toFixed(2)} s (${totalsNaive.pairs} pairs)`,
    );
    console.log(`  ratio naive/subdivided: ${(fullNaive / fullOurs).toFixed(1)}×`);
    const drift = Math.abs(totalsOurs.overlapM2 - totalsNaive.overlapM2) / Math.max(1, totalsNaive.overlapM2);
    console.log(
      `  same answer: total overlap differs by ${drift.toExponential(2)} (relative), park share sum ${totalsOurs.shareSum.toFixed(6)}`,
    );
    await scaleRows(db, app, sample, rand);
    await app.close();
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
