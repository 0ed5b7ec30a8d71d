/**
 * Benchmark of issue #14 for the 通报 job: is the server responsive while each district's XLSX and PDF letter
 * and the zip are made? On the demo data (2025 is approved), ROUNDS 通报 jobs of 2025 run one after another with
 * the documents rendered (a) on the event loop (the baseline: config.jobs.noticeOnEventLoop, the code before
 * the change) and (b) in the worker pool (the app's way), while GET /api/health is asked over HTTP every
 * SAMPLE_MS (each probe awaited, so a stall is one long sample). Prints per way the health p50/p99/max, the
 * jobs' mean time and the process's peak RSS (the pool's workers are threads of it), and the ratios b/a.
 * Each way first runs one job that is not measured (the pool's workers load pdfkit and the font once).
 *
 *   npx tsx scripts/bench-notice.ts                                               # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-notice.ts
 * Env: ROUNDS (3), SAMPLE_MS (50). The machine's load (os.loadavg) is printed first.
 */
import os from "node:os";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { loadDemoDataIfEmpty } from "../server/db/demo-data.js";
import { loadDemoEvaluationsIfEmpty } from "../server/db/evaluation-demo.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { workerPool } from "../server/workers/worker-pool.js";
import { signInBenchApp } from "./bench-account.js";
import { benchDatabase } from "./bench-support.js";
import { ms, percentile, printTable, seconds, type TableRow, times } from "./bench-table.js";

const serverUrl = process.env.DATABASE_URL || undefined;
const ROUNDS = Number(process.env.ROUNDS || 3);
const SAMPLE_MS = Number(process.env.SAMPLE_MS || 50);
const YEAR = 2025;

interface Way {
  healthMs: number[];
  jobMs: number[];
  peakRssMb: number;
}

/** GET /api/health every SAMPLE_MS until stopped; the samples and the peak RSS seen. */
function sampleHealth(base: string) {
  const healthMs: number[] = [];
  let peakRssMb = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      healthMs.push(performance.now() - started);
      peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 2 ** 20);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { healthMs, peakRssMb };
  };
}

/** One 通报 job of YEAR over HTTP (202), polled to its end; its time in ms. */
async function notice(base: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const answer = await fetch(`${base}/api/evaluations/${YEAR}/notices`, { method: "POST", headers });
  if (answer.status !== 202) throw new Error(`通报: ${answer.status} ${await answer.text()}`);
  const { id } = (await answer.json()) as { id: number };
  let job: { state: string; error?: string } = { state: "queued" };
  while (job.state === "queued" || job.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = (await (await fetch(`${base}/api/jobs/${id}`, { headers })).json()) as typeof job;
  }
  if (job.state !== "succeeded") throw new Error(`通报 job ${id}: ${job.state} ${job.error ?? ""}`);
  return performance.now() - started;
}

async function measure(
  db: Awaited<ReturnType<typeof benchDatabase>>["db"],
  onEventLoop: boolean,
): Promise<Way> {
  const defaults = readConfig();
  const config = {
    ...defaults,
    databaseUrl: serverUrl,
    logLevel: "warn",
    jobs: { ...defaults.jobs, noticeOnEventLoop: onEventLoop },
  };
  const app = await buildApp({ config, db, logger: false });
  try {
    const token = await signInBenchApp(app, db.knex);
    const headers = { authorization: `Bearer ${token}` };
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    await notice(base, headers);
    const stop = sampleHealth(base);
    const jobMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) jobMs.push(await notice(base, headers));
    return { ...(await stop()), jobMs };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const { db, drop } = await benchDatabase(serverUrl, "bench_notice");
  try {
    await migrateToLatest(db.knex);
    await loadDemoDataIfEmpty(db.knex);
    await loadDemoEvaluationsIfEmpty(db.knex);
    const [load1, load5] = os.loadavg();
    console.log(
      `machine: ${os.cpus().length} cores, load average ${load1.toFixed(1)} (1 min), ${load5.toFixed(1)} (5 min); ` +
        `${db.kind}, ${ROUNDS} 通报 jobs of ${YEAR} per way, health every ${SAMPLE_MS} ms`,
    );
    const loop = await measure(db, true);
    const pool = await measure(db, false);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const row = (
      measure: string,
      measured: number,
      baseline: number,
      show: (v: number) => string,
    ): TableRow => ({
      measure,
      measured: show(measured),
      baseline: show(baseline),
      ratio: times(measured, baseline),
      goal: "—",
      pass: "n/a",
    });
    const mb = (value: number) => `${value.toFixed(0)} MB`;
    printTable(`通报 job in the worker pool (measured) vs on the event loop (baseline), ${db.kind}`, [
      row("health p50 during the jobs", percentile(pool.healthMs, 0.5), percentile(loop.healthMs, 0.5), ms),
      row("health p99 during the jobs", percentile(pool.healthMs, 0.99), percentile(loop.healthMs, 0.99), ms),
      row("health max during the jobs", Math.max(...pool.healthMs), Math.max(...loop.healthMs), ms),
      row("health samples", pool.healthMs.length, loop.healthMs.length, String),
      row("通报 job, mean", mean(pool.jobMs), mean(loop.jobMs), seconds),
      row("peak RSS", pool.peakRssMb, loop.peakRssMb, mb),
    ]);
  } finally {
    await workerPool().close();
    await drop();
  }
}

await main();
