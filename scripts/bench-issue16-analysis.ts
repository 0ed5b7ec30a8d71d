/**
 * Issue #16's analysis rows, each against its baseline in the same run: the overlap report (plain dissolved
 * SQL, and QGIS when `qgis_process` is installed: bench-qgis.ts), one edit's overlap re-derivation, the stored-
 * block analysis single and 50 concurrent, POST /api/analysis against hand-written SQL, the kept Zhongguancun
 * layer, the tile data version, a sub-park's block list at 50 concurrent.
 */
import type { FastifyInstance } from "fastify";
import type { Database } from "../server/db/connect.js";
import { qgisOverlaps, qgisProcess } from "./bench-qgis.js";
import {
  type ConcurrentRun,
  concurrent,
  ms,
  percentile,
  seconds,
  sequential,
  type TableRow,
  timed,
  times,
  unbounded,
} from "./bench-table.js";

async function get(app: FastifyInstance, url: string) {
  const response = await app.inject({ method: "GET", url });
  if (response.statusCode !== 200)
    throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  return response;
}

/** The overlap report as a job, until its JSON result. */
async function overlapReport(app: FastifyInstance) {
  const started = await app.inject({ method: "POST", url: "/api/reports/overlaps", payload: {} });
  if (started.statusCode !== 202 && started.statusCode !== 200) throw new Error(`report: ${started.body}`);
  const id = started.json().id;
  for (;;) {
    const job = (await app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    if (job.state === "succeeded") break;
    if (job.state !== "queued" && job.state !== "running")
      throw new Error(`report ${job.state}: ${job.error}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await app.inject({ method: "GET", url: `/api/jobs/${id}/result` })).json();
}

/** What hand-written SQL needs for one block's facts: its area, the zones and the blocks it meets. */
const HAND_SQL = `with s as (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as g)
  select ST_Area(s.g::geography),
         (select count(*) from zone_parts p where p.geom && s.g and ST_Intersects(p.geom, s.g)),
         (select count(*) from blocks b where b.geom && s.g and ST_Intersects(b.geom, s.g)) from s`;

/** The overlap report's row against the plain SQL's totals and QGIS when it is installed. */
async function reportRow(
  db: Database,
  report: { rows: unknown[] },
  reportMs: number,
  totals: Record<string, unknown>,
  plainMs: number,
  databaseUrl: string | undefined,
): Promise<TableRow> {
  const reportTotalM2 = (report.rows as { layers: Record<string, { areaKm2: number }> }[]).reduce(
    (sum, row) => sum + Object.values(row.layers).reduce((s, layer) => s + layer.areaKm2 * 1e6, 0),
    0,
  );
  const plainTotalM2 = Number(totals.total);
  const drift = Math.abs(reportTotalM2 - plainTotalM2) / Math.max(plainTotalM2, 1);
  const command = qgisProcess();
  const qgis = command && databaseUrl ? await qgisOverlaps(command, db.knex, databaseUrl) : undefined;
  const relative = (a: number, b: number) =>
    (Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)).toExponential(1);
  return qgis
    ? {
        measure: `overlap report, all ${report.rows.length} blocks (job → JSON result), dissolved per layer`,
        measured:
          `${seconds(reportMs)}; totals vs plain SQL differ by ${drift.toExponential(1)}; plain SQL vs QGIS: ` +
          `planar (degrees²) ${relative(Number(totals.total_deg2), qgis.planarTotalDeg2)}, ellipsoidal ` +
          `${relative(Number(totals.total_all), qgis.ellipsoidTotalM2)} (QGIS's own ellipsoidal area formula)`,
        baseline: `QGIS ${qgis.version} native:calculatevectoroverlaps (GRS 1980) ${seconds(qgis.ellipsoidMs)}; plain dissolved PostGIS SQL ${seconds(plainMs)}`,
        ratio: `${(qgis.ellipsoidMs / reportMs).toFixed(1)}× faster than QGIS`,
        goal: "≥ 15× faster than QGIS, totals equal QGIS to ≤ 1e-9",
        pass:
          reportMs * 15 <= qgis.ellipsoidMs &&
          drift <= 1e-9 &&
          Math.abs(Number(totals.total_deg2) - qgis.planarTotalDeg2) <= 1e-9 * qgis.planarTotalDeg2,
      }
    : {
        measure: `overlap report, all ${report.rows.length} blocks (job → JSON result), dissolved per layer`,
        measured: `${seconds(reportMs)}; totals differ by ${drift.toExponential(1)}`,
        baseline: `plain dissolved PostGIS SQL ${seconds(plainMs)} (QGIS not installed)`,
        ratio: times(reportMs, plainMs),
        goal: "≥ 15× faster than QGIS; without QGIS: faster than the plain SQL (QGIS ran ~10× it), totals ≤ 1e-9",
        pass: reportMs * 1.5 <= plainMs && drift <= 1e-9,
      };
}

export async function analysisRows(
  db: Database,
  app: FastifyInstance,
  blockIds: number[],
  rand: () => number,
  samples: number,
  /** The bench database's URL (PostgreSQL): QGIS reads the same tables when qgis_process is installed. */
  databaseUrl?: string,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const pick = () => blockIds[Math.floor(rand() * blockIds.length)];

  // 1. The overlap report (a read of the kept tables) against plain PostGIS computing the same dissolved
  // quantity from the whole zones (QGIS's semantics: per block, per layer, zones dissolved).
  const [reportMs, report] = await timed(() => overlapReport(app));
  const [plainMs, plain] = await timed(() =>
    unbounded(
      db.knex,
      `select coalesce(sum(a) filter (where a > 0.01), 0) as total, coalesce(sum(a), 0) as total_all,
              coalesce(sum(deg2), 0) as total_deg2 from (
         select ST_Area(u::geography) as a, ST_Area(u) as deg2 from (
           select ST_Union(ST_Intersection(b.geom, z.geom)) as u
             from blocks b join zones z on z.geom && b.geom and ST_Intersects(z.geom, b.geom)
            where b.status not in ('exited', 'withdrawn') group by b.id, z.kind) d) e`,
    ),
  );
  if (plain.rows.length === 0) {
    // PGlite answers this statement with no row and no error from about 3,000 bench blocks (GEOS in WASM on
    // some block's ST_Union(ST_Intersection); a chunk of the blocks without that block answers): no peer then.
    rows.push({
      measure: `overlap report, all ${report.rows.length} blocks (job → JSON result), dissolved per layer`,
      measured: seconds(reportMs),
      baseline: `plain dissolved PostGIS SQL: ${db.kind} returned no row (${seconds(plainMs)})`,
      ratio: "—",
      goal: "≥ 15× faster than QGIS (measured on PostgreSQL)",
      pass: "n/a",
    });
  } else {
    rows.push(await reportRow(db, report, reportMs, plain.rows[0], plainMs, databaseUrl));
  }

  // One edit re-deriving its own overlap rows (the write's statement triggers), against the same update with
  // the derivation triggers disabled (the bare write).
  const edit = () =>
    db.knex.raw("update blocks set geom = ST_Translate(geom, 1e-7, 0), version = version + 1 where id = ?", [
      pick(),
    ]);
  const editMs = await sequential(20, edit);
  await db.knex.raw("alter table blocks disable trigger blocks_derive_on_update");
  const bareMs = await sequential(20, edit);
  await db.knex.raw("alter table blocks enable trigger blocks_derive_on_update");
  rows.push({
    measure: "one block edit re-deriving its overlap rows (in the write's transaction)",
    measured: `p50 ${ms(percentile(editMs, 0.5))}`,
    baseline: `the same update without the derivation trigger p50 ${ms(percentile(bareMs, 0.5))}`,
    ratio: times(percentile(editMs, 0.5), percentile(bareMs, 0.5)),
    goal: "≤ 20 ms",
    pass: percentile(editMs, 0.5) <= 20,
  });

  rows.push(...(await servingRows(db, app, blockIds, rand, samples)));
  return rows;
}

/**
 * Rows 2–5 (the reads a reviewer's page makes): the stored-block analysis, POST /api/analysis, the kept layer,
 * the tile version and a sub-park's block list — also run alone on a kept database (bench-issue16-kept.ts).
 */
export async function servingRows(
  db: Database,
  app: FastifyInstance,
  blockIds: number[],
  rand: () => number,
  samples: number,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const pick = () => blockIds[Math.floor(rand() * blockIds.length)];
  // 2–3. Stored-block analysis, single and 50 concurrent; hand-written SQL and POST as the peers.
  const geometries = await Promise.all(
    Array.from({ length: samples }, async () => {
      const id = pick();
      const row = (await db.knex.raw("select ST_AsGeoJSON(geom, 9, 0) as g from blocks where id = ?", [id]))
        .rows[0];
      return { id, geometry: JSON.parse(row.g) };
    }),
  );
  // The first read of a park after a write rebuilds its kept union (the edits above made every park's stale):
  // timed once per park, then the reads that follow are what a reviewer sees.
  const parks = (await db.knex("parks").select("id").orderBy("id")).map((row) => Number(row.id));
  const firstOfPark = (id: number) =>
    db
      .knex("blocks")
      .where({ park_id: id })
      .first("id")
      .then((row) => Number(row.id));
  const rebuild = await sequential(parks.length, async (i) =>
    get(app, `/api/blocks/${await firstOfPark(parks[i])}/analysis`),
  );
  rows.push({
    measure:
      "GET /api/blocks/:id/analysis, the first read of a sub-park after a write (rebuilds its kept union)",
    measured: `p50 ${ms(percentile(rebuild, 0.5))}, max ${ms(Math.max(...rebuild))}`,
    baseline: "—",
    ratio: "—",
    goal: "(for information: once per sub-park and write)",
    pass: "n/a",
  });
  const single = await sequential(samples, (i) => get(app, `/api/blocks/${geometries[i].id}/analysis`));
  const hand = await sequential(samples, (i) =>
    db.knex.raw(HAND_SQL, [JSON.stringify(geometries[i].geometry)]),
  );
  rows.push({
    measure: "GET /api/blocks/:id/analysis, single",
    measured: `p50 ${ms(percentile(single, 0.5))}, p95 ${ms(percentile(single, 0.95))}`,
    baseline: `hand-written SQL p50 ${ms(percentile(hand, 0.5))}, p95 ${ms(percentile(hand, 0.95))}`,
    ratio: times(percentile(single, 0.95), percentile(hand, 0.95)),
    goal: "p95 ≤ 15 ms",
    pass: percentile(single, 0.95) <= 15,
  });
  // 50 concurrent, twice: the first burst after the single requests above, then the same again. The first burst
  // also pays what a fresh process and pool pay once (among them V8 compiling the request path, and the analysis and account
  // statements parsed and custom-planned five times on each of the pool's connections, since sequential
  // requests reuse one connection): its Node CPU per request ran ~1.5× the later rounds'
  // (bench-analysis-concurrent.ts). The row is judged on the second round, the peer measured the same way.
  const burst = async () => {
    const get = await concurrent(
      app,
      Array.from({ length: 200 }, () => ({ method: "GET" as const, url: `/api/blocks/${pick()}/analysis` })),
      50,
    );
    const post = await concurrent(
      app,
      Array.from({ length: 200 }, (_, i) => ({
        method: "POST" as const,
        url: "/api/analysis",
        payload: { geometry: geometries[i % geometries.length].geometry },
      })),
      50,
    );
    return { get, post };
  };
  const first = await burst();
  const { get: manyGet, post: manyPost } = await burst();
  const figures = (run: ConcurrentRun) =>
    `${run.perSecond.toFixed(0)} req/s, ${run.errors} errors, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}`;
  rows.push({
    measure: "the same, 50 concurrent (200 requests), after a first burst of 200 (shown after ;)",
    measured: `${figures(manyGet)}; first burst: ${figures(first.get)}`,
    baseline: `POST /api/analysis, same blocks: ${figures(manyPost)}; first burst: ${figures(first.post)}`,
    ratio: times(manyGet.p99, manyPost.p99),
    goal: "0 errors, p99 ≤ 200 ms",
    pass: manyGet.errors === 0 && manyGet.p99 <= 200 && first.get.errors === 0,
  });

  // POST /api/analysis single against the hand-written SQL.
  const post = await sequential(samples, (i) =>
    app.inject({ method: "POST", url: "/api/analysis", payload: { geometry: geometries[i].geometry } }),
  );
  rows.push({
    measure: "POST /api/analysis, single",
    measured: `p50 ${ms(percentile(post, 0.5))}, p95 ${ms(percentile(post, 0.95))}`,
    baseline: `hand-written SQL p50 ${ms(percentile(hand, 0.5))}, p95 ${ms(percentile(hand, 0.95))}`,
    ratio: times(percentile(post, 0.95), percentile(hand, 0.95)),
    goal: "p95 ≤ 15 ms",
    pass: percentile(post, 0.95) <= 15,
  });

  // 4–5. The kept Zhongguancun layer and the tile data version, against what they replaced.
  await get(app, "/api/layers/zgc"); // the one rebuild after the load
  const zgc = await sequential(samples, () => get(app, "/api/layers/zgc"));
  const union = await sequential(3, () =>
    unbounded(
      db.knex,
      "select ST_AsGeoJSON(ST_Union(geom), 9, 0) from blocks where level = 'national' and status not in ('exited', 'withdrawn')",
    ),
  );
  rows.push({
    measure: "GET /api/layers/zgc (every page load)",
    measured: `p50 ${ms(percentile(zgc, 0.5))}`,
    baseline: `ST_Union of the national blocks per request ${ms(percentile(union, 0.5))}`,
    ratio: times(percentile(zgc, 0.5), percentile(union, 0.5)),
    goal: "≤ 20 ms (kept, not recomputed)",
    pass: percentile(zgc, 0.5) <= 20,
  });
  const version = await sequential(samples, () => get(app, "/api/tiles/version"));
  const scans = await sequential(5, () =>
    db.knex.raw(
      "select count(*), max(updated_at) from blocks union all select count(*), max(updated_at) from zones",
    ),
  );
  // The request's floor on this loaded machine: a public route with one trivial query (no sign-in lookups).
  const health = await sequential(samples, () => get(app, "/api/health"));
  const versionSql = await sequential(samples, () =>
    db.knex.raw("select name, version from data_versions order by name"),
  );
  rows.push({
    measure: "GET /api/tiles/version (before every tile)",
    measured: `p50 ${ms(percentile(version, 0.5))}; its query (one row per table, trigger-kept) ${ms(percentile(versionSql, 0.5))}`,
    baseline: `count(*) + max(updated_at) scans ${ms(percentile(scans, 0.5))}; GET /api/health ${ms(percentile(health, 0.5))}`,
    ratio: times(percentile(versionSql, 0.5), percentile(scans, 0.5)),
    goal: "O(1): a read of two rows whatever the block count (query ≤ 1 ms)",
    pass: percentile(versionSql, 0.5) <= 1,
  });

  // A sub-park's block list (~1/16 of the blocks), 50 concurrent: the map's view (bbox + fields + precision) and
  // the properties-only list, against the full-geometry list.
  const parkId = (await db.knex("parks").select("id").orderBy("id").first()).id;
  const [{ n: inPark }] = (
    await db.knex.raw("select count(*)::int as n from blocks where park_id = ?", [parkId])
  ).rows;
  const listOf = (query: string) =>
    concurrent(
      app,
      Array.from({ length: 50 }, () => ({
        method: "GET" as const,
        url: `/api/blocks?park=${parkId}${query}`,
      })),
      50,
    );
  const full = await listOf("");
  const properties = await listOf("&fields=name,code,status,level,areaKm2");
  const view = await listOf("&bbox=116.3,40.0,116.6,40.2&fields=name,level,status,geometry&precision=6");
  rows.push({
    measure: `GET /api/blocks?park= (${inPark} blocks), properties only (fields=), 50 concurrent`,
    measured: `p50 ${ms(properties.p50)}, ${properties.perSecond.toFixed(0)} req/s, ${properties.errors} errors`,
    baseline: `full geometry: p50 ${ms(full.p50)}, ${full.perSecond.toFixed(1)} req/s`,
    ratio: times(properties.p50, full.p50),
    goal: "p50 ≤ 300 ms",
    pass: properties.p50 <= 300 && properties.errors === 0,
  });
  rows.push({
    measure: "  the same with bbox= (one map view) + fields + precision=6, 50 concurrent",
    measured: `p50 ${ms(view.p50)}, ${view.perSecond.toFixed(0)} req/s, ${view.errors} errors`,
    baseline: `full geometry: p50 ${ms(full.p50)}`,
    ratio: times(view.p50, full.p50),
    goal: "p50 ≤ 300 ms",
    pass: view.p50 <= 300 && view.errors === 0,
  });
  return rows;
}
