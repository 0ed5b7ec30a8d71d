/**
 * Vector-tile timing (issue #6): a z10 tile over central Beijing holding TILE_BLOCKS synthetic blocks
 * (default 3,000), rendered by ST_AsMVT on a PostgreSQL server and by geojson-vt in Node on the embedded
 * database, through the app's tile endpoint. Prints cold (index build / first query) and warm medians.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-tiles.ts
 */
import { loadavg } from "node:os";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import type { Database } from "../server/db/connect.js";
import { geometryFromGeoJson } from "../server/db/geometry.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { signInBenchApp } from "./bench-account.js";
import { benchDatabase, seededRandom } from "./bench-support.js";

const COUNT = Number(process.env.TILE_BLOCKS || 3000);
const RUNS = 20;
// z10 tile 843/387 spans about 116.37–116.72°E, 39.91–40.18°N.
const TILE = { z: 10, x: 843, y: 387 };
const BOX = { west: 116.38, south: 39.92, east: 116.71, north: 40.17 };

async function populate(db: Database) {
  const rand = seededRandom(7);
  const [{ id: parkId }] = await db
    .knex("parks")
    .insert({ code: "bench", name: "基准分园", name_en: "Bench park", district: "—", category: "A" })
    .returning("id");
  for (let i = 0; i < COUNT; i++) {
    const lng = BOX.west + rand() * (BOX.east - BOX.west);
    const lat = BOX.south + rand() * (BOX.north - BOX.south);
    const vertices = 20 + Math.floor(rand() * 21);
    const ring = Array.from({ length: vertices }, (_, k) => {
      const angle = (2 * Math.PI * k) / vertices;
      const r = 0.002 * (0.7 + 0.3 * rand());
      return [lng + r * Math.cos(angle), lat + r * Math.sin(angle)];
    });
    ring.push(ring[0]);
    await db.knex.raw(
      `insert into blocks (name, park_id, level, status, geom, area_m2, created_by, updated_by)
       select ?, ?, 'municipal', 'recognized', ST_Multi(g), ST_Area(g::geography), 'bench', 'bench' from (select ? as g) s`,
      [`b${i}`, parkId, geometryFromGeoJson(db.knex, { type: "Polygon", coordinates: [ring] })],
    );
  }
}

const BASELINE_SQL = `with t as (select e as envelope, ST_Transform(ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * ${64 / 4096}), 4490) as search
    from (select ST_TileEnvelope(?, ?, ?) as e) s)
  select (select coalesce(ST_AsMVT(q, 'blocks', 4096, 'geom'), ''::bytea) from (
      select b.id, b.name, b.level, b.status, ST_AsMVTGeom(ST_Transform(b.geom, 3857), t.envelope, 4096, 64, true) as geom
        from blocks b, t where b.geom && t.search) q where q.geom is not null)
   || (select coalesce(ST_AsMVT(q, 'zones', 4096, 'geom'), ''::bytea) from (
      select b.id, b.kind, ST_AsMVTGeom(ST_Transform(b.geom, 3857), t.envelope, 4096, 64, true) as geom
        from zones b, t where b.geom && t.search) q where q.geom is not null) as tile`;

async function main() {
  const { db, drop } = await benchDatabase(process.env.DATABASE_URL || undefined, "bench_tiles");
  try {
    await migrateToLatest(db.knex);
    await populate(db);
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    await signInBenchApp(app, db.knex);
    const url = `/api/tiles/${TILE.z}/${TILE.x}/${TILE.y}.pbf`;
    const timeOne = async () => {
      const started = performance.now();
      const response = await app.inject({ method: "GET", url });
      if (response.statusCode !== 200) throw new Error(`tile failed: ${response.statusCode}`);
      return { ms: performance.now() - started, bytes: response.rawPayload.length };
    };
    const cold = await timeOne();
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push((await timeOne()).ms);
    warm.sort((a, b) => a - b);
    console.log(
      `${db.kind}: z10 tile with ${COUNT} polygons: ${(cold.bytes / 1024).toFixed(1)} KB, first ${cold.ms.toFixed(0)} ms, ` +
        `then median ${warm[RUNS / 2].toFixed(1)} ms (p95 ${warm[Math.floor(RUNS * 0.95)].toFixed(1)} ms) over ${RUNS} requests`,
    );
    if (db.kind === "postgresql") {
      // Baseline in the same run: the tile query before issue #16 (whole geometries transformed, no clip or
      // simplification), straight through knex.
      const baseline: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await db.knex.raw(BASELINE_SQL, [TILE.z, TILE.x, TILE.y]);
        baseline.push(performance.now() - started);
      }
      baseline.sort((a, b) => a - b);
      console.log(
        `  baseline (the untuned ST_AsMVT query): median ${baseline[RUNS / 2].toFixed(1)} ms → ours is ` +
          `${(baseline[RUNS / 2] / warm[RUNS / 2]).toFixed(2)}× faster (load average ${loadavg()[0].toFixed(1)})`,
      );
    }
    await app.close();
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
