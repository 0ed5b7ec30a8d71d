import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { hostileSegment } from "./fuzz-arbitraries.js";
import { fuzzTarget, newTally, type RealIds, sendAndCheck, tallyLine } from "./fuzz-harness.js";
import { hostileMultipart } from "./multipart-arbitraries.js";
import { mutatingApiRoutes } from "./route-table.js";
import { fullStateChecksum } from "./state-checksum.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 · multipart fuzz: every upload route gets hand-built hostile multipart bodies (fixed seed): none
 * answers 5xx, a refused one changes no table (fuzz-harness.ts), and /api/health answers after each.
 */
const SEED = 20261215;
const RUNS_PER_ROUTE = 40;
/** The routes that read multipart/form-data (grep "multipart" in server/routes). */
const UPLOAD_ROUTES = [
  "POST /api/imports",
  "PUT /api/evaluations/:year/indicators",
  "POST /api/applications/:id/materials",
  "POST /api/applications/:id/opinion-materials",
];

let t: TestApp;
let ids: RealIds;
let state: string;
const tally = newTally();

beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
  ids = await fuzzTarget(t, "上传模糊测试区块");
  state = await fullStateChecksum(t.db.knex);
});
afterAll(async () => {
  console.log(tallyLine("fuzz-multipart", "upload routes", RUNS_PER_ROUTE, tally));
  await t?.close();
});

function url(route: string): fc.Arbitrary<string> {
  const path = route.split(" ")[1];
  const real = path.replace(":year", "2024").replace(":id", String(ids.byTable.round_applications ?? 1));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(real) },
    {
      weight: 1,
      arbitrary: hostileSegment.map((segment) =>
        path.replace(/:[A-Za-z]+/u, segment).replace(/:[A-Za-z]+/u, "1"),
      ),
    },
  );
}

describe("fuzz: hostile multipart bodies against every upload route (0 × 5xx, refused uploads write nothing)", () => {
  it("the upload routes are the app's (its route table has each)", () => {
    const routes = new Set(mutatingApiRoutes(t.app));
    for (const route of UPLOAD_ROUTES) expect(routes, route).toContain(route);
  });

  it.each(UPLOAD_ROUTES)("%s", async (route) => {
    const method = route.split(" ")[0] as InjectOptions["method"];
    await fc.assert(
      fc.asyncProperty(url(route), hostileMultipart, async (path, body) => {
        const request: InjectOptions = {
          method,
          url: path,
          payload: body.payload,
          headers: { "content-type": body.contentType },
        };
        state = await sendAndCheck(t, route, request, state, tally);
        const health = await t.anonymous({ method: "GET", url: "/api/health" });
        expect(health.statusCode, body.shape).toBe(200);
      }),
      { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );
  });
});
