import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { type StartOptions, startTestApp, type TestApp } from "../helpers/test-app.js";
import { databaseKind, FIGURES_DIR, type SuiteFigures } from "./suite-figures.js";

/**
 * Issue #15's closing figures, per hostile suite: how many hostile requests (cases) reached how many endpoints,
 * how many were answered 5xx, the slowest answer and the process's peak RSS (the parse workers are threads of
 * this process, so their heaps are in it). Measured by an onResponse hook on the suite's app, written to
 * test-results/hostile/<suite>.<database>.json when the app closes; summary-reporter.ts prints the table.
 *
 * Probes are not cases: GET /api/health (asked while an upload runs; the outage suite wants its 503) and the
 * job polls GET /api/jobs/:id. A request that matched no route (a fuzzed path) counts as a case, not as an
 * endpoint. The suite's own set-up requests (a block to aim at) are cases too: every answer counts. The first
 * answer is kept apart from the worst (it pays the fresh database's warm-up, whatever it asks).
 */
const PROBES = new Set(["GET /api/health", "GET /api/jobs/:id"]);
const RSS_EVERY_MS = 100;

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/** The figures of one suite, fed by the hook `watch` adds to its app. */
export function suiteMeter(suite: string) {
  const endpoints = new Set<string>();
  const figures: SuiteFigures = {
    suite,
    database: databaseKind(),
    cases: 0,
    endpoints: 0,
    endpointNames: [],
    fiveXx: 0,
    firstMs: 0,
    firstRequest: "",
    worstMs: 0,
    worstRequest: "",
    peakRssMb: rssMb(),
    finishedAt: "",
  };
  const sampleRss = () => {
    figures.peakRssMb = Math.max(figures.peakRssMb, rssMb());
  };
  const sampler = setInterval(sampleRss, RSS_EVERY_MS);
  sampler.unref();
  return {
    watch(app: FastifyInstance): void {
      app.addHook("onResponse", async (request, reply) => {
        sampleRss();
        const route = request.routeOptions.url ? `${request.method} ${request.routeOptions.url}` : undefined;
        if (route && PROBES.has(route)) return;
        figures.cases += 1;
        if (route) endpoints.add(route);
        if (reply.statusCode >= 500) figures.fiveXx += 1;
        const shown = `${route ?? `${request.method} (no route)`} → ${reply.statusCode}`;
        if (figures.cases === 1) {
          figures.firstMs = reply.elapsedTime;
          figures.firstRequest = shown;
        } else if (reply.elapsedTime > figures.worstMs) {
          figures.worstMs = reply.elapsedTime;
          figures.worstRequest = shown;
        }
      });
    },
    /** Writes the figures (once the suite is done) and gives them back. */
    finish(): SuiteFigures {
      clearInterval(sampler);
      sampleRss();
      figures.endpoints = endpoints.size;
      figures.endpointNames = [...endpoints].sort();
      figures.finishedAt = new Date().toISOString();
      mkdirSync(FIGURES_DIR, { recursive: true });
      writeFileSync(
        path.join(FIGURES_DIR, `${suite}.${figures.database}.json`),
        `${JSON.stringify(figures, null, 2)}\n`,
      );
      return figures;
    },
  };
}

/**
 * startTestApp for a hostile suite: the app is metered (suiteMeter) and its close() writes the suite's figures.
 * `fileUrl` is the test file's import.meta.url (the suite is its name without `.test.ts`).
 */
export async function startHostileApp(fileUrl: string, options: StartOptions = {}): Promise<TestApp> {
  const meter = suiteMeter(path.basename(fileURLToPath(fileUrl)).replace(/\.test\.ts$/u, ""));
  const t = await startTestApp({
    ...options,
    beforeReady: (app) => {
      meter.watch(app);
      options.beforeReady?.(app);
    },
  });
  const close = t.close.bind(t);
  return {
    ...t,
    close: async () => {
      meter.finish();
      await close();
    },
  };
}
