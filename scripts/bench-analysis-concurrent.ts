/**
 * Issue #16/#14's concurrent analysis rows alone, for comparing two builds of the app under the same load: on a
 * kept database (bench-issue16-kept.ts makes it), the statements each request sends (counted from knex's query
 * events — independent of the machine's load), then ROUNDS rounds of 200 requests at 50 concurrent of
 * GET /api/blocks/:id/analysis and POST /api/analysis, each round's req/s, p50, p99 and the load average, and
 * the CPU time per request of Node and of the database's backends (the figure the others' load moves least).
 * Run it from two checkouts in turn (A, B, A, B) to compare them on a shared machine.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/h16c_bench npx tsx scripts/bench-analysis-concurrent.ts
 * Env: ROUNDS (default 3), REQUESTS (200), CONCURRENCY (50).
 */
import type { InjectOptions } from "fastify";
import { buildApp } from "../server/app.js";
import { readConfig } from "../server/config.js";
import { openDatabase } from "../server/db/connect.js";
import { signInBenchApp } from "./bench-account.js";
import { seededRandom } from "./bench-support.js";
import { concurrent, cpuMeter, loadAverageText, ms, percentile } from "./bench-table.js";

const databaseUrl = process.env.DATABASE_URL;
const ROUNDS = Number(process.env.ROUNDS || 3);
const REQUESTS = Number(process.env.REQUESTS || 200);
const CONCURRENCY = Number(process.env.CONCURRENCY || 50);

async function main() {
  if (!databaseUrl) throw new Error("Set DATABASE_URL to a kept bench database (bench-issue16-kept.ts).");
  const db = await openDatabase({ databaseUrl, dataDir: "" });
  try {
    const rand = seededRandom(20261203);
    const blockIds = (await db.knex("blocks").select("id").orderBy("id")).map((row) => Number(row.id));
    const pick = () => blockIds[Math.floor(rand() * blockIds.length)];
    const geometries = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const row = (
          await db.knex.raw("select ST_AsGeoJSON(geom, 9, 0) as g from blocks where id = ?", [pick()])
        ).rows[0];
        return JSON.parse(row.g);
      }),
    );
    const app = await buildApp({ config: readConfig({}), db, logger: false });
    await signInBenchApp(app, db.knex);
    await app.ready();
    await db.warm();
    let statements = 0;
    db.knex.on("query", () => statements++);
    const count = async (request: InjectOptions) => {
      const before = statements;
      const response = await app.inject(request);
      if (response.statusCode !== 200)
        throw new Error(`${response.statusCode} ${response.body.slice(0, 200)}`);
      return statements - before;
    };
    const getStatements = await count({ method: "GET", url: `/api/blocks/${pick()}/analysis` });
    const postStatements = await count({
      method: "POST",
      url: "/api/analysis",
      payload: { geometry: geometries[0] },
    });
    console.log(
      `${blockIds.length} blocks; statements per request: GET analysis ${getStatements}, POST analysis ${postStatements}; load average ${loadAverageText()}`,
    );
    const meter = await cpuMeter(db.knex);
    const gets: number[] = [];
    const posts: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      meter.start();
      const get = await concurrent(
        app,
        Array.from({ length: REQUESTS }, () => ({
          method: "GET" as const,
          url: `/api/blocks/${pick()}/analysis`,
        })),
        CONCURRENCY,
      );
      const getCpu = meter.perRequest(REQUESTS);
      meter.start();
      const post = await concurrent(
        app,
        Array.from({ length: REQUESTS }, (_, i) => ({
          method: "POST" as const,
          url: "/api/analysis",
          payload: { geometry: geometries[i % geometries.length] },
        })),
        CONCURRENCY,
      );
      const postCpu = meter.perRequest(REQUESTS);
      gets.push(get.p99);
      posts.push(post.p99);
      console.log(
        `round ${round + 1}: GET ${get.perSecond.toFixed(0)} req/s, ${get.errors} errors, p50 ${ms(get.p50)}, p99 ${ms(get.p99)}; ` +
          `POST ${post.perSecond.toFixed(0)} req/s, ${post.errors} errors, p50 ${ms(post.p50)}, p99 ${ms(post.p99)}; load average ${loadAverageText()}`,
      );
      console.log(`  GET ${getCpu}; POST ${postCpu}`);
    }
    console.log(
      `median p99 of ${ROUNDS} rounds: GET ${ms(percentile(gets, 0.5))}, POST ${ms(percentile(posts, 0.5))}`,
    );
    await app.close();
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
