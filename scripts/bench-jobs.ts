/**
 * Benchmark of issue #14: is the server responsive while long work runs? Generates BLOCKS blocks (default
 * 5,000), listens on a port, and samples `GET /api/health` and `GET /api/blocks/:id` every SAMPLE_MS over HTTP
 * (a) idle, (b) while the catalogue package of every block in force runs as a job (POST, 202), (c) while the
 * same package is built inline by the old synchronous GET (the baseline); prints p50/p99/max, the package's
 * time and the process's peak RSS; then autocannon (its own process) with 50 connections for DURATION_S
 * seconds on `POST /api/analysis`: errors, non-2xx (503 busy counted apart), p99.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-jobs.ts
 *   npx tsx scripts/bench-jobs.ts                       # embedded PGlite
 * Then (d) while a FEATURES-feature GeoJSON (default 5,000 small squares) is imported: POST /api/imports and
 * POST /api/imports/:id/commit, each answered 201/200 (inline, today's behaviour: the baseline) or 202 with a job
 * that is polled to its end — the import's time and the same samples.
 * Env: BLOCKS (5000), FEATURES (5000), SAMPLE_MS (50), DURATION_S (20), CONNECTIONS (50), SKIP_INLINE=1,
 * SKIP_PACKAGE=1, SKIP_IMPORT=1, SKIP_LOAD=1, BENCH_PGLITE_DISK=1 (PGlite on disk, as npm start); the app's own settings (REQUEST_QUEUE_WAIT_MS, DB_POOL_MAX,
 * PGLITE_WORKER, …) are read from the environment. The machine's load (os.loadavg) is printed first.
 */
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildApp } from "../server/app.js";
import { ROLES } from "../server/auth/account.js";
import { randomSecret, secretHash } from "../server/auth/secrets.js";
import { readConfig } from "../server/config.js";
import { accountStore } from "../server/db/account-store.js";
import { analyzedBlockIds, type BulkBlockRow, bulkLoadBlocks } from "../server/db/bulk-load.js";
import type { Database } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { BENCH_BBOX } from "./bench-data.js";
import { benchDatabase, seededRandom, starRing } from "./bench-support.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const BLOCKS = Number(process.env.BLOCKS || 5000);
const SAMPLE_MS = Number(process.env.SAMPLE_MS || 50);
const DURATION_S = Number(process.env.DURATION_S || 20);
const CONNECTIONS = Number(process.env.CONNECTIONS || 50);
const FEATURES = Number(process.env.FEATURES || 5000);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function generate(db: Database, rand: () => number): Promise<number[]> {
  const [{ id: parkId }] = await db
    .knex("parks")
    .insert({ code: "bench-jobs", name: "基准分园", name_en: "Bench", district: "—", category: "A" })
    .returning("id");
  for (let start = 0; start < BLOCKS; start += 500) {
    const rows: BulkBlockRow[] = [];
    for (let i = start; i < Math.min(BLOCKS, start + 500); i++) {
      const lng = BENCH_BBOX.west + rand() * (BENCH_BBOX.east - BENCH_BBOX.west);
      const lat = BENCH_BBOX.south + rand() * (BENCH_BBOX.north - BENCH_BBOX.south);
      rows.push({
        name: `b${i}`,
        park_id: parkId,
        level: i % 10 === 0 ? "national" : "municipal",
        status: "recognized",
        geometry: { type: "MultiPolygon", coordinates: [[starRing(rand, lng, lat, 0.004, 30)]] },
      });
    }
    await bulkLoadBlocks(db.knex, rows);
  }
  return analyzedBlockIds(db.knex);
}

/** Samples health and one block every SAMPLE_MS (each probe awaited, so a stall shows as one long sample). */
function probe(base: string, headers: Record<string, string>, blockId: number) {
  const health: number[] = [];
  const block: number[] = [];
  const statuses = new Map<number, number>();
  let peakRss = process.memoryUsage().rss;
  let running = true;
  const timed = async (url: string, into: number[]) => {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    into.push(performance.now() - started);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  };
  // A round's wall time: a stall of this process's event loop (an inline job) delays the probes' own start, so
  // their times miss it; the round does not.
  const rounds: number[] = [];
  const probeStarted = performance.now();
  let longestAtS = 0;
  const loop = (async () => {
    while (running) {
      const round = performance.now();
      await Promise.all([
        timed(`${base}/api/health`, health),
        timed(`${base}/api/blocks/${blockId}`, block),
        new Promise((resolve) => setTimeout(resolve, SAMPLE_MS)),
      ]);
      const roundMs = performance.now() - round;
      if (roundMs > Math.max(0, ...rounds)) longestAtS = (round - probeStarted) / 1000;
      rounds.push(roundMs);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
  })();
  const stop = async () => {
    running = false;
    await loop;
    return { health, block, rounds, longestAtS, statuses, peakRss };
  };
  // The peak so far: read when the job ends, before its download, which this process itself receives.
  return Object.assign(stop, { peakRssSoFar: () => Math.max(peakRss, process.memoryUsage().rss) });
}

/** The response's bytes, counted as they stream in (holding a 400 MB zip here would count in the peak RSS). */
async function streamedBytes(response: Response): Promise<number> {
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
    bytes += read.value.byteLength;
  return bytes;
}

/** FEATURES squares of ~50 m on a grid north-east of the generated blocks' box (no overlaps among them). */
function importFile(): string {
  const side = 0.0005;
  const perRow = Math.ceil(Math.sqrt(FEATURES));
  const features = Array.from({ length: FEATURES }, (_, i) => {
    const west = 117.3 + (i % perRow) * side * 2;
    const south = 40.9 + Math.floor(i / perRow) * side * 2;
    const ring = [
      [west, south],
      [west + side, south],
      [west + side, south + side],
      [west, south + side],
      [west, south],
    ];
    return {
      type: "Feature",
      properties: { name: `导入${i}` },
      geometry: { type: "Polygon", coordinates: [ring] },
    };
  });
  return JSON.stringify({ type: "FeatureCollection", features });
}

type Headers = Record<string, string>;

/** A 202's job polled to its end (its id under `jobId`, `job.id` or `id`); returns the job. */
async function awaitJob(base: string, headers: Headers, answer: Record<string, unknown>) {
  const id = answer.jobId ?? (answer.job as { id?: unknown } | undefined)?.id ?? answer.id;
  let job: Record<string, unknown> = { state: "queued" };
  while (job.state === "queued" || job.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = (await (await fetch(`${base}/api/jobs/${id}`, { headers })).json()) as Record<string, unknown>;
  }
  // A succeeded job's summary (the preview's importId, the commit's blockIds) is under GET /api/jobs/:id/result.
  if (job.state === "succeeded" && job.result === undefined) {
    const result = await fetch(`${base}/api/jobs/${id}/result`, { headers });
    if (result.ok) job.result = await result.json();
  }
  return job;
}

/** The import's two steps over HTTP, inline (201/200) or as jobs (202); their times and how each was answered. */
async function runImport(base: string, headers: Headers, parkId: number) {
  const form = new FormData();
  form.append("file", new Blob([importFile()], { type: "application/geo+json" }), "bench-import.geojson");
  let started = performance.now();
  const upload = await fetch(`${base}/api/imports`, { method: "POST", headers, body: form });
  let answer = (await upload.json()) as Record<string, unknown>;
  let previewId = answer.id;
  if (upload.status === 202) {
    const job = await awaitJob(base, headers, answer);
    if (job.state !== "succeeded")
      throw new Error(`import preview job: ${JSON.stringify(job).slice(0, 500)}`);
    const result = (job.result ?? {}) as Record<string, unknown>;
    previewId = result.importId ?? result.id ?? result.previewId;
  } else if (upload.status !== 201)
    throw new Error(`import preview: ${upload.status} ${JSON.stringify(answer).slice(0, 500)}`);
  const previewMs = performance.now() - started;
  started = performance.now();
  const commit = await fetch(`${base}/api/imports/${previewId}/commit`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ parkId, level: "municipal", namePrefix: "导入" }),
  });
  answer = (await commit.json()) as Record<string, unknown>;
  // The commit's summary counts its blocks (ImportCommitted.committed), inline and as a job alike.
  const count = (summary: Record<string, unknown> | undefined) =>
    (summary?.committed as number | undefined) ?? (summary?.blockIds as unknown[] | undefined)?.length;
  let blocks = count(answer);
  if (commit.status === 202) {
    const job = await awaitJob(base, headers, answer);
    if (job.state !== "succeeded") throw new Error(`import commit job: ${JSON.stringify(job).slice(0, 500)}`);
    blocks = count(job.result as Record<string, unknown> | undefined);
  } else if (commit.status !== 200 && commit.status !== 201)
    throw new Error(`import commit: ${commit.status} ${JSON.stringify(answer).slice(0, 500)}`);
  const commitMs = performance.now() - started;
  return { previewMs, commitMs, previewStatus: upload.status, commitStatus: commit.status, blocks };
}

function report(label: string, result: Awaited<ReturnType<ReturnType<typeof probe>>>, extra = ""): void {
  const line = (name: string, values: number[]) =>
    `${name} p50 ${ms(percentile(values, 0.5))}, p99 ${ms(percentile(values, 0.99))}, max ${ms(Math.max(...values))}`;
  console.log(
    `${label}: ${line("health", result.health)}; ${line("block", result.block)}; n=${result.health.length}; ` +
      `longest round ${ms(Math.max(...result.rounds))} (started at +${result.longestAtS.toFixed(1)} s); ` +
      `statuses ${JSON.stringify(Object.fromEntries(result.statuses))}; peak RSS ${mb(result.peakRss)}${extra}`,
  );
}

async function main(): Promise<void> {
  const { db, drop } = await benchDatabase(serverUrl, "bench_jobs");
  try {
    await migrateToLatest(db.knex);
    const [load1, load5] = os.loadavg();
    console.log(
      `machine: ${os.cpus().length} cores, load average ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min)`,
    );
    const ids = await generate(db, seededRandom(14));
    // The settings of this environment (REQUEST_QUEUE_*, DB_POOL_MAX, …), so they can be compared run to run.
    const config = { ...readConfig(), databaseUrl: serverUrl, logLevel: "warn" };
    const app = await buildApp({ config, db, logger: false });
    const accounts = accountStore(db.knex);
    const accountId = await accounts.create({
      login: `bench-${Date.now()}`,
      name: "基准测试",
      passwordHash: null,
      roles: [...ROLES],
      parkIds: [],
      allParks: true,
    });
    const token = randomSecret();
    await accounts.createToken(accountId, "bench", secretHash(token));
    const headers = { authorization: `Bearer ${token}` };
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    console.log(`${db.kind}: ${ids.length} blocks in force; sampling every ${SAMPLE_MS} ms`);
    const blockId = ids[Math.floor(ids.length / 2)];

    let stop = probe(base, headers, blockId);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    report("idle", await stop());

    if (!process.env.SKIP_PACKAGE) {
      stop = probe(base, headers, blockId);
      const jobStarted = performance.now();
      const started = await fetch(`${base}/api/exports/catalogue-package`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({}),
      });
      if (started.status !== 202) throw new Error(`package job: ${started.status} ${await started.text()}`);
      const { id } = (await started.json()) as { id: number };
      let job: { state: string; error?: string | null; file?: { bytes: number } | null } = {
        state: "queued",
      };
      while (job.state === "queued" || job.state === "running") {
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = (await (await fetch(`${base}/api/jobs/${id}`, { headers })).json()) as typeof job;
        if (process.env.VERBOSE) console.log(JSON.stringify(job).slice(0, 300));
      }
      const jobMs = performance.now() - jobStarted;
      const jobPeakRss = stop.peakRssSoFar();
      // The download as a user gets it (the file is kept in chunks: job-file-chunks), timed with the samples.
      const downloadStarted = performance.now();
      const download = job.file ? await fetch(`${base}/api/jobs/${id}/file`, { headers }) : undefined;
      const downloaded = download ? await streamedBytes(download) : 0;
      const downloadMs = performance.now() - downloadStarted;
      report(
        "package as a job",
        await stop(),
        `; job ${job.state} in ${(jobMs / 1000).toFixed(1)} s, ${mb(job.file?.bytes ?? 0)} zip, ` +
          `peak RSS until the job ended ${mb(jobPeakRss)}` +
          (download
            ? `, downloaded ${mb(downloaded)} in ${(downloadMs / 1000).toFixed(1)} s (${download.status})`
            : "") +
          (job.error ? `; error: ${job.error.slice(0, 300)}` : ""),
      );
    }

    if (!process.env.SKIP_INLINE && !process.env.SKIP_PACKAGE) {
      stop = probe(base, headers, blockId);
      const inlineStarted = performance.now();
      const inline = await fetch(`${base}/api/exports/catalogue-package`, { headers });
      const bytes = await streamedBytes(inline);
      const inlineMs = performance.now() - inlineStarted;
      report(
        "package inline (baseline)",
        await stop(),
        `; ${inline.status} in ${(inlineMs / 1000).toFixed(1)} s, ${mb(bytes)}`,
      );
    }

    if (!process.env.SKIP_IMPORT) {
      const parkId = Number((await db.knex("parks").where({ code: "bench-jobs" }).first("id")).id);
      stop = probe(base, headers, blockId);
      const done = await runImport(base, headers, parkId);
      report(
        `import of ${FEATURES} features (${done.previewStatus === 202 ? "as jobs" : "inline"})`,
        await stop(),
        `; preview ${done.previewStatus} in ${(done.previewMs / 1000).toFixed(1)} s, commit ${done.commitStatus} in ` +
          `${(done.commitMs / 1000).toFixed(1)} s (${done.blocks ?? "?"} blocks)`,
      );
    }

    if (!process.env.SKIP_LOAD) {
      const geometry = { type: "Polygon", coordinates: [starRing(seededRandom(3), 116.4, 40.0, 0.01, 200)] };
      const bin = path.resolve(import.meta.dirname, "../node_modules/.bin/autocannon");
      const { stdout } = await promisify(execFile)(
        bin,
        [
          "-c",
          String(CONNECTIONS),
          "-d",
          String(DURATION_S),
          "-m",
          "POST",
          "-j",
          "-H",
          `authorization=${headers.authorization}`,
          "-H",
          "content-type=application/json",
          "-b",
          JSON.stringify({ geometry }),
          `${base}/api/analysis`,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const result = JSON.parse(stdout);
      console.log(
        `POST /api/analysis, ${CONNECTIONS} connections ${DURATION_S} s: ${result.requests.total} requests, ` +
          `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, ` +
          `2xx ${result["2xx"]}, statuses ${JSON.stringify(result.statusCodeStats ?? {})}, p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}, max ${ms(result.latency.max)}`,
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
