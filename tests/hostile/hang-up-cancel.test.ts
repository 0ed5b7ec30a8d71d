import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 3: a client that hangs up during a heavy `POST /api/analysis` has its statement cancelled
 * (PostgreSQL: within 2 s no statement of that request is left in pg_stat_activity; it used to run for
 * minutes, up to the statement timeout). Over a real socket: `inject` has no client to lose.
 * On the embedded database (PGlite, one in-process connection) a statement cannot be interrupted: it runs to
 * its end, its answer is dropped, and the server answers the next request.
 */
let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startHostileApp(import.meta.url, {
    config: { geometryLimits: { maxParts: 20_000, maxVertices: 200_000 } },
  });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => t?.close());

/** `count` disjoint small squares on a 100-wide grid near 中关村. */
function manyParts(count: number) {
  return {
    type: "MultiPolygon",
    coordinates: Array.from({ length: count }, (_, i) => {
      const west = 116.2 + (i % 100) * 0.0008;
      const south = 40.0 + Math.floor(i / 100) * 0.0008;
      return [
        [
          [west, south],
          [west + 0.0004, south],
          [west + 0.0004, south + 0.0004],
          [west, south + 0.0004],
          [west, south],
        ],
      ];
    }),
  };
}

/** Statements of the app's requests pool running the analysis right now (not the test's own). */
async function runningAnalyses(): Promise<number> {
  const result = await t.db.knex.raw(
    `select count(*) as n from pg_stat_activity
      where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
        and query like '%parts as materialized%'`,
  );
  return Number(result.rows[0].n);
}

function startAnalysis(parts: number, signal: AbortSignal): Promise<unknown> {
  return fetch(`${base}/api/analysis`, {
    method: "POST",
    headers: { ...t.admin.headers, "content-type": "application/json" },
    body: JSON.stringify({ geometry: manyParts(parts) }),
    signal,
  }).then(
    (response) => response.text(),
    (error: Error) => error.name,
  );
}

describe("a client that hangs up has its statements cancelled", () => {
  it(
    process.env.DATABASE_URL
      ? "PostgreSQL: within 2 s of the hang-up the analysis is no longer running"
      : "embedded database: the statement runs to its end, then the next request is answered",
    async () => {
      const controller = new AbortController();
      if (t.db.kind === "pglite") {
        // The in-process database blocks while it works: the hang-up is only seen once the statement ended.
        const pending = startAnalysis(400, controller.signal);
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.abort();
        expect(["AbortError", "TimeoutError"]).toContain(await pending);
        const health = await fetch(`${base}/api/health`);
        expect(health.status).toBe(200);
        return;
      }
      // 6,000 parts: tens of seconds of part-gap work in PostgreSQL (the request's statement timeout is 30 s).
      const pending = startAnalysis(6_000, controller.signal);
      await expect.poll(runningAnalyses, { timeout: 30_000, interval: 100 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await runningAnalyses()).toBe(1);
      const hungUp = performance.now();
      controller.abort();
      expect(await pending).toBe("AbortError");
      await expect.poll(runningAnalyses, { timeout: 2_000, interval: 50 }).toBe(0);
      console.log(`hang-up → statement gone in ${Math.round(performance.now() - hungUp)} ms`);
      // The pool is whole again: a plain read and a small analysis are answered.
      expect((await t.admin.fetch(`${base}/api/blocks?limit=1`)).status).toBe(200);
      const small = await t.admin.fetch(`${base}/api/analysis`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ geometry: manyParts(3) }),
      });
      expect(small.status).toBe(200);
    },
  );
});
