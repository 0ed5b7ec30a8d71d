/**
 * The rows of issue #16's table that bench-analysis.ts prints after its own figures, each against its baseline
 * measured in the same run: the overlap report (vs plain dissolved SQL, and QGIS when `qgis_process` is
 * installed), stored-block analysis single and 50 concurrent, the kept Zhongguancun layer, the tile data
 * version, POST /api/analysis vs hand-written SQL, one edit's overlap re-derivation, a park's block list.
 */
import { execFileSync } from "node:child_process";
import type { FastifyInstance } from "fastify";
import type { Database } from "../server/db/connect.js";

const f = (ms: number) => `${ms.toFixed(1)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function sequential(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await timed(() => work(i)))[0]);
  return times;
}

/** `concurrency` requests at a time for `total` requests: throughput, errors, p50/p99. */
async function concurrent(
  app: FastifyInstance,
  urls: string[],
  concurrency: number,
): Promise<{ perSecond: number; errors: number; p50: number; p99: number }> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++];
        const [ms, response] = await timed(() => app.inject({ method: "GET", url }));
        if (response.statusCode !== 200) errors++;
        times.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: urls.length / seconds,
    errors,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
  };
}

function qgisInstalled(): boolean {
  try {
    execFileSync("qgis_process", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function scaleRows(
  db: Database,
  app: FastifyInstance,
  blockIds: number[],
  rand: () => number,
): Promise<void> {
  const pick = () => blockIds[Math.floor(rand() * blockIds.length)];
  console.log(`\n== issue #16 rows (${db.kind}, load average ${(await loadAverage()).join(" ")}) ==`);

  // 1. The overlap report, against plain PostGIS SQL computing the same dissolved quantity over whole zones.
  const [reportMs, report] = await timed(async () => {
    const started = await app.inject({ method: "POST", url: "/api/reports/overlaps", payload: {} });
    const id = started.json().id;
    for (;;) {
      const job = (await app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
      if (job.state === "succeeded") break;
      if (job.state !== "queued" && job.state !== "running")
        throw new Error(`report ${job.state}: ${job.error}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return (await app.inject({ method: "GET", url: `/api/jobs/${id}/result` })).json();
  });
  const reportTotalM2 = (report.rows as { layers: Record<string, { areaKm2: number }> }[]).reduce(
    (sum, row) => sum + Object.values(row.layers).reduce((s, layer) => s + layer.areaKm2 * 1e6, 0),
    0,
  );
  const [plainMs, plain] = await timed(() =>
    db.knex.raw(
      `select coalesce(sum(a), 0) as total from (
         select ST_Area(ST_Union(ST_Intersection(b.geom, z.geom))::geography) as a
           from blocks b join zones z on z.geom && b.geom and ST_Intersects(z.geom, b.geom)
          where b.status not in ('exited', 'withdrawn') group by b.id, z.kind) d where a > 0.01`,
    ),
  );
  const plainTotalM2 = Number(plain.rows[0].total);
  console.log(
    `overlap report, all ${report.rows.length} blocks (job + JSON result): ${(reportMs / 1000).toFixed(2)} s; ` +
      `plain dissolved SQL ${(plainMs / 1000).toFixed(2)} s → ${(plainMs / reportMs).toFixed(1)}× faster; ` +
      `totals differ by ${(Math.abs(reportTotalM2 - plainTotalM2) / Math.max(plainTotalM2, 1)).toExponential(2)}`,
  );
  console.log(
    qgisInstalled()
      ? "  QGIS: run qgis_process native:calculatevectoroverlaps on the same data to compare (not automated)"
      : "  QGIS not installed: compared with the plain-SQL baseline above",
  );
  const editMs = await sequential(20, async () => {
    await db.knex.raw(
      "update blocks set geom = ST_Translate(geom, 1e-7, 0), version = version + 1 where id = ?",
      [pick()],
    );
  });
  console.log(`  one block edit re-deriving its overlap rows (the write): p50 ${f(percentile(editMs, 0.5))}`);

  // 2–3. Stored-block analysis, single and 50 concurrent (its park share unions the park's blocks per request:
  // with every bench block in one park that dominates; see the report).
  const single = await sequential(20, () =>
    app.inject({ method: "GET", url: `/api/blocks/${pick()}/analysis` }),
  );
  console.log(
    `GET /api/blocks/:id/analysis single: p50 ${f(percentile(single, 0.5))}, p95 ${f(percentile(single, 0.95))}`,
  );
  const urls = Array.from({ length: 50 }, () => `/api/blocks/${pick()}/analysis`);
  const many = await concurrent(app, urls, 50);
  console.log(
    `  50 concurrent: ${many.perSecond.toFixed(0)} req/s, ${many.errors} errors, p50 ${f(many.p50)}, p99 ${f(many.p99)}`,
  );
  const postBodies = await Promise.all(
    Array.from({ length: 100 }, async () => {
      const row = (
        await db.knex.raw("select ST_AsGeoJSON(geom, 9, 0) as g from blocks where id = ?", [pick()])
      ).rows[0];
      return JSON.parse(row.g);
    }),
  );
  const post = await sequential(postBodies.length, (i) =>
    app.inject({ method: "POST", url: "/api/analysis", payload: { geometry: postBodies[i] } }),
  );
  const handSql = await sequential(postBodies.length, (i) =>
    db.knex.raw(
      `with s as (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as g)
       select ST_Area(s.g::geography), (select count(*) from zone_parts p where p.geom && s.g and ST_Intersects(p.geom, s.g)),
              (select count(*) from blocks b where b.geom && s.g and ST_Intersects(b.geom, s.g)) from s`,
      [JSON.stringify(postBodies[i])],
    ),
  );
  console.log(
    `POST /api/analysis single: p50 ${f(percentile(post, 0.5))}, p95 ${f(percentile(post, 0.95))}; ` +
      `hand-written SQL p50 ${f(percentile(handSql, 0.5))} → ${(percentile(post, 0.5) / percentile(handSql, 0.5)).toFixed(1)}×`,
  );

  // 4–5. The kept Zhongguancun layer and the tile data version.
  await app.inject({ method: "GET", url: "/api/layers/zgc" }); // the one rebuild after the load
  const zgc = await sequential(20, () => app.inject({ method: "GET", url: "/api/layers/zgc" }));
  const [unionMs] = await timed(() =>
    db.knex.raw(
      "select ST_AsGeoJSON(ST_Union(geom), 9, 0) from blocks where level = 'national' and status not in ('exited', 'withdrawn')",
    ),
  );
  console.log(
    `GET /api/layers/zgc (kept): p50 ${f(percentile(zgc, 0.5))}; recomputing the union per request ${f(unionMs)}`,
  );
  const version = await sequential(50, () => app.inject({ method: "GET", url: "/api/tiles/version" }));
  const [countMs] = await timed(() =>
    db.knex.raw(
      "select count(*), max(updated_at) from blocks union all select count(*), max(updated_at) from zones",
    ),
  );
  console.log(
    `GET /api/tiles/version: p50 ${f(percentile(version, 0.5))}; the old count(*) + max(updated_at) scans ${f(countMs)}`,
  );

  // The block list of one park, 50 concurrent (not changed by this work: bbox/fields are not built yet).
  const parkId = (await db.knex("parks").select("id").first()).id;
  const list = await concurrent(
    app,
    Array.from({ length: 50 }, () => `/api/blocks?park=${parkId}`),
    50,
  );
  console.log(
    `GET /api/blocks?park= (all ${blockIds.length} bench blocks are in one park), 50 concurrent: ` +
      `p50 ${f(list.p50)}, ${list.perSecond.toFixed(1)} req/s, ${list.errors} errors`,
  );
}

async function loadAverage(): Promise<string[]> {
  const { loadavg } = await import("node:os");
  return loadavg().map((value) => value.toFixed(2));
}
