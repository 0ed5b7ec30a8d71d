/**
 * Benchmark of reduced-boundary generation (issue #4, DOMAIN.md §4.5). Generates BLOCKS synthetic blocks
 * (20–40 vertices: near-convex, concave, with a hole, two-part, and dumbbells), reduces each to 50% or 75% by
 * every strategy, and prints per strategy: median / p95 ms per block, mean solver steps, share of multi-part
 * results, worst target error (PostGIS on the stored geometry, and GeographicLib independently), failures by
 * reason. The baseline, measured in the same run, is one query that buffers a block once and measures its
 * ellipsoidal area: the ratio says how many such queries a reduction costs.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bjhtz_dev npx tsx scripts/bench-reductions.ts
 *   npx tsx scripts/bench-reductions.ts          # embedded PGlite, 200 blocks by default (for information)
 * Env: BLOCKS overrides the count. Read-only: it creates no tables, the blocks travel as GeoJSON literals.
 */
import type { MultiPolygon, Polygon, Position } from "geojson";
import { type Database, openDatabase } from "../server/db/connect.js";
import { GK_ZONE_39_SRID, multiPolygonFromGeoJson, STORAGE_SRID } from "../server/db/geometry.js";
import { type ReductionSpec, reduceGeometry } from "../server/db/reduction-run.js";
import { GRS80 } from "../server/domain/geodesic.js";
import type { KeepSide } from "../server/domain/reduction-cut.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const BLOCKS = Number(process.env.BLOCKS || (serverUrl ? 1000 : 200));
const KM_PER_DEG_LAT = 111.0;

type Kind = "near-convex" | "concave" | "hole" | "two-part" | "dumbbell";
const KINDS: Kind[] = ["near-convex", "concave", "concave", "hole", "two-part", "dumbbell"];

interface Strategy {
  name: string;
  spec: (random: () => number) => Pick<ReductionSpec, "strategy" | "largestPartOnly" | "cut">;
}
const SIDES: KeepSide[] = ["left", "right"];
const STRATEGIES: Strategy[] = [
  { name: "inset", spec: () => ({ strategy: "inset", largestPartOnly: false }) },
  { name: "cut", spec: (r) => ({ strategy: "cut", largestPartOnly: false, cut: cutOf(r) }) },
  { name: "inset, largest part", spec: () => ({ strategy: "inset", largestPartOnly: true }) },
  { name: "cut, largest part", spec: (r) => ({ strategy: "cut", largestPartOnly: true, cut: cutOf(r) }) },
];

function cutOf(random: () => number) {
  return { angleDegrees: Math.floor(random() * 360), keepSide: SIDES[Math.floor(random() * 2)] };
}

/** Deterministic pseudo-random numbers (mulberry32) so every run measures the same data. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Local km offsets → lon/lat around a centre (authoring approximation; areas are measured ellipsoidally). */
function toLngLat(center: [number, number], points: [number, number][]): Position[] {
  const kmPerDegLng = KM_PER_DEG_LAT * Math.cos((center[1] * Math.PI) / 180);
  const ring = points.map(([x, y]) => [center[0] + x / kmPerDegLng, center[1] + y / KM_PER_DEG_LAT]);
  return [...ring, ring[0]];
}

/** A star-shaped ring (angles increase: always simple), radii in [minRadius, 1] × scale. */
function star(
  random: () => number,
  vertices: number,
  scaleKm: number,
  minRadius: number,
  offset: [number, number] = [0, 0],
  clockwise = false,
): [number, number][] {
  return Array.from({ length: vertices }, (_, i) => {
    const angle = ((clockwise ? -1 : 1) * 2 * Math.PI * i) / vertices;
    const r = scaleKm * (minRadius + (1 - minRadius) * random());
    return [offset[0] + r * Math.cos(angle), offset[1] + r * Math.sin(angle)] as [number, number];
  });
}

/** Two discs joined by a narrow corridor, as one ring (counter-clockwise). */
function dumbbell(random: () => number, scaleKm: number): [number, number][] {
  const [r1, r2] = [scaleKm * (0.7 + 0.3 * random()), scaleKm * (0.4 + 0.5 * random())];
  const halfWidth = scaleKm * (0.05 + 0.1 * random());
  const d = scaleKm * 1.3;
  const a1 = Math.asin(halfWidth / r1);
  const a2 = Math.asin(halfWidth / r2);
  const arc = (cx: number, r: number, from: number, to: number, n: number) =>
    Array.from({ length: n + 1 }, (_, i) => {
      const angle = from + ((to - from) * i) / n;
      return [cx + r * Math.cos(angle), r * Math.sin(angle)] as [number, number];
    });
  return [...arc(d, r2, Math.PI + a2, 3 * Math.PI - a2, 14), ...arc(-d, r1, a1, 2 * Math.PI - a1, 14)];
}

function block(kind: Kind, random: () => number): Polygon | MultiPolygon {
  const center: [number, number] = [115.45 + random() * 1.9, 39.5 + random() * 1.3];
  const scaleKm = 0.6 + random() * 1.6;
  const vertices = 20 + Math.floor(random() * 21);
  switch (kind) {
    case "near-convex":
      return { type: "Polygon", coordinates: [toLngLat(center, star(random, vertices, scaleKm, 0.85))] };
    case "concave":
      return { type: "Polygon", coordinates: [toLngLat(center, star(random, vertices, scaleKm, 0.4))] };
    case "hole":
      return {
        type: "Polygon",
        coordinates: [
          toLngLat(center, star(random, vertices, scaleKm, 0.7)),
          toLngLat(center, star(random, 8, scaleKm * 0.3, 0.6, [0, 0], true)),
        ],
      };
    case "two-part":
      return {
        type: "MultiPolygon",
        coordinates: [
          [toLngLat(center, star(random, Math.ceil(vertices / 2), scaleKm * 0.6, 0.6, [-scaleKm * 0.8, 0]))],
          [toLngLat(center, star(random, Math.ceil(vertices / 2), scaleKm * 0.5, 0.6, [scaleKm * 0.8, 0]))],
        ],
      };
    case "dumbbell":
      return { type: "Polygon", coordinates: [toLngLat(center, dumbbell(random, scaleKm))] };
  }
}

function geodesicAreaM2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, index) => {
      const polygon = GRS80.Polygon(false);
      for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
      const area = Math.abs(polygon.Compute(false, true).area ?? Number.NaN);
      total += index === 0 ? area : -area;
    });
  }
  return total;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Tally {
  ms: number[];
  iterations: number;
  ok: number;
  multiPart: number;
  worstError: number;
  worstGeodesicError: number;
  failures: Map<string, number>;
}

async function baselineMs(db: Database, blocks: (Polygon | MultiPolygon)[]): Promise<number[]> {
  const times: number[] = [];
  for (const geometry of blocks) {
    const start = performance.now();
    await db.knex.raw(
      `select ST_Area(ST_Transform(ST_Buffer(ST_Transform(g, ${GK_ZONE_39_SRID}), -10), ${STORAGE_SRID})::geography) from (select ? as g) s`,
      [multiPolygonFromGeoJson(db.knex, geometry)],
    );
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const db = await openDatabase({ databaseUrl: serverUrl, dataDir: "memory://" });
  const version = (await db.knex.raw("select postgis_lib_version() as v")).rows[0].v;
  const random = seeded(20261129);
  const blocks = Array.from({ length: BLOCKS }, (_, i) => block(KINDS[i % KINDS.length], random));
  const areas = blocks.map(geodesicAreaM2);
  console.log(
    `Reductions on ${db.kind} (PostGIS ${version}): ${BLOCKS} synthetic blocks (${KINDS.join(", ")})`,
  );

  // Warm up (plans, PROJ, GEOS) outside the figures.
  for (const geometry of blocks.slice(0, 10)) {
    await reduceGeometry(db.knex, multiPolygonFromGeoJson(db.knex, geometry), {
      strategy: "inset",
      largestPartOnly: false,
      targetAreaM2: geodesicAreaM2(geometry) / 2,
      floorM2: null,
    });
  }
  const baseline = await baselineMs(db, blocks.slice(0, Math.min(200, BLOCKS)));
  const baselineMedian = quantile(baseline, 0.5);
  console.log(`baseline (one buffer + ellipsoidal area query): median ${baselineMedian.toFixed(2)} ms\n`);

  const header = [
    "strategy",
    "ok",
    "median ms",
    "p95 ms",
    "× baseline",
    "mean steps",
    "multi-part",
    "worst |err| (PostGIS)",
    "worst |err| (GeographicLib)",
    "failures",
  ];
  const rows: string[][] = [];
  for (const strategy of STRATEGIES) {
    const tally: Tally = {
      ms: [],
      iterations: 0,
      ok: 0,
      multiPart: 0,
      worstError: 0,
      worstGeodesicError: 0,
      failures: new Map(),
    };
    const choose = seeded(7);
    for (let i = 0; i < blocks.length; i++) {
      const keepRatio = i % 2 === 0 ? 0.5 : 0.75;
      const targetAreaM2 = areas[i] * keepRatio;
      const start = performance.now();
      const outcome = await reduceGeometry(db.knex, multiPolygonFromGeoJson(db.knex, blocks[i]), {
        ...strategy.spec(choose),
        targetAreaM2,
        floorM2: null,
      });
      tally.ms.push(performance.now() - start);
      if (!outcome.ok) {
        tally.failures.set(outcome.failure.reason, (tally.failures.get(outcome.failure.reason) ?? 0) + 1);
        continue;
      }
      const { result } = outcome;
      tally.ok++;
      tally.iterations += result.iterations;
      if (result.parts > 1) tally.multiPart++;
      tally.worstError = Math.max(tally.worstError, Math.abs(result.errorRatio));
      const achieved = geodesicAreaM2(JSON.parse(result.geoJson));
      tally.worstGeodesicError = Math.max(tally.worstGeodesicError, Math.abs(achieved / targetAreaM2 - 1));
    }
    const sorted = [...tally.ms].sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    rows.push([
      strategy.name,
      `${tally.ok}/${blocks.length}`,
      median.toFixed(2),
      quantile(sorted, 0.95).toFixed(2),
      (median / baselineMedian).toFixed(1),
      (tally.iterations / Math.max(1, tally.ok)).toFixed(2),
      `${((100 * tally.multiPart) / Math.max(1, tally.ok)).toFixed(1)}%`,
      tally.worstError.toExponential(2),
      tally.worstGeodesicError.toExponential(2),
      [...tally.failures].map(([reason, count]) => `${reason} ${count}`).join(", ") || "none",
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    "\nTargets (issue #4): median ≤ 10 ms per block on PostgreSQL, worst |error| ≤ 1e-3. Largest-part failures " +
      "are blocks whose largest piece jumps past the target when the shape splits (reported, never returned).",
  );
  await db.close();
}

await main();
