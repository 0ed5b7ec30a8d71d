/**
 * What the issue-table benchmark (scripts/bench-issue16.ts) shares: timing helpers and the table of rows, each
 * with its measured figure, the baseline or peer measured in the same run, the ratio, the goal and pass/fail.
 */

import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { FastifyInstance } from "fastify";
import type { Knex } from "knex";

export interface TableRow {
  measure: string;
  measured: string;
  baseline: string;
  /** How many times the baseline's figure the measured one is (under 1: faster than the baseline). */
  ratio: string;
  goal: string;
  pass: boolean | "n/a";
}

/** The 1, 5 and 15 minute load averages, for the line each figure is printed with. */
export const loadAverageText = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
export const times = (measured: number, baseline: number) =>
  baseline > 0 ? `${(measured / baseline).toFixed(2)}×` : "—";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

export async function sequential(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await timed(() => work(i)))[0]);
  return result;
}

export interface ConcurrentRun {
  perSecond: number;
  errors: number;
  p50: number;
  p99: number;
}

/** `concurrency` requests in flight at a time until `requests` are done: throughput, non-2xx, p50/p99. */
export async function concurrent(
  app: FastifyInstance,
  requests: { method: "GET" | "POST"; url: string; payload?: object }[],
  concurrency: number,
): Promise<ConcurrentRun> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const [t, response] = await timed(() => app.inject(request));
        if (response.statusCode >= 300) errors++;
        latencies.push(t);
      }
    }),
  );
  return {
    perSecond: requests.length / ((performance.now() - started) / 1000),
    errors,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

/** The rows as a Markdown table (what the closing note quotes), then how many rows meet their goal. */
export function printTable(title: string, rows: TableRow[]): void {
  const header = ["measure", "measured", "baseline / peer (same run)", "ratio", "goal", "pass"];
  const cells = rows.map((row) => [
    row.measure,
    row.measured,
    row.baseline,
    row.ratio,
    row.goal,
    row.pass === "n/a" ? "n/a" : row.pass ? "yes" : "NO",
  ]);
  console.log(`\n${title}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const line of cells) console.log(`| ${line.map((cell) => cell.replaceAll("|", "/")).join(" | ")} |`);
  const judged = rows.filter((row) => row.pass !== "n/a");
  console.log(
    `\n${judged.filter((row) => row.pass === true).length} of ${judged.length} rows meet their goal`,
  );
}

/** A baseline query without the app's statement timeout (the old plain SQL runs longer than a request may). */
export function unbounded(
  knex: Knex,
  sql: string,
  bindings: readonly Knex.RawBinding[] = [],
): Promise<{ rows: Record<string, unknown>[] }> {
  return knex.transaction(async (trx) => {
    await trx.raw("set local statement_timeout = 0");
    return (await trx.raw(sql, bindings)) as { rows: Record<string, unknown>[] };
  }) as Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * CPU time per request of this process and of the database's backends (read from /proc when the server runs on
 * this machine; else null): on a shared 2-core machine the figure that does not move with the others' load.
 * `start` before a batch, `perRequest(n)` after it.
 */
export async function cpuMeter(knex: Knex) {
  const pids = (
    (await knex.raw("select pid from pg_stat_activity where datname = current_database()")).rows as {
      pid: number;
    }[]
  ).map((row) => row.pid);
  // utime + stime of a process, in clock ticks (USER_HZ = 100 on Linux); null when /proc has no such process.
  const backendTicks = (): number | null => {
    let sum = 0;
    for (const pid of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        sum += Number(fields[11]) + Number(fields[12]);
      } catch {
        return null;
      }
    }
    return sum;
  };
  let node = process.cpuUsage();
  let backends = backendTicks();
  return {
    start() {
      node = process.cpuUsage();
      backends = backendTicks();
    },
    perRequest(requests: number): string {
      const used = process.cpuUsage(node);
      const now = backendTicks();
      const dbMs = now === null || backends === null ? null : ((now - backends) * 10) / requests;
      return `CPU per request: node ${ms((used.user + used.system) / 1000 / requests)}, database ${dbMs === null ? "n/a (not on this machine)" : ms(dbMs)} (${pids.length} backends)`;
    },
  };
}
