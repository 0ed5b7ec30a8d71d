import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { hostileBody, rawBody, serialiseBody } from "./fuzz-arbitraries.js";
import {
  bodyKeys,
  fuzzTarget,
  newTally,
  type RealIds,
  sendAndCheck,
  tallyLine,
  urlFor,
} from "./fuzz-harness.js";
import { mutatingApiRoutes } from "./route-table.js";
import { fullStateChecksum } from "./state-checksum.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 · the fuzz suite: every write route of the app's own route table gets property-based hostile
 * bodies (bad geometries, NUL and lone surrogates, ids beyond int4, deep nesting, strays, non-JSON) with a
 * fixed seed; none may answer 5xx and a refused one may not change any table (fuzz-harness.ts).
 */
const SEED = 20261201;
const RUNS_PER_ROUTE = 20;

// Started while the file is collected: the tests are one per route of its route table.
const t: TestApp = await startHostileApp(import.meta.url);
const ROUTES = mutatingApiRoutes(t.app);
let ids: RealIds;
let spec: unknown;
let state: string;
const tally = newTally();

beforeAll(async () => {
  ids = await fuzzTarget(t, "模糊测试区块");
  spec = t.app.swagger();
  state = await fullStateChecksum(t.db.knex);
});
afterAll(async () => {
  console.log(tallyLine("fuzz-json", "write routes", RUNS_PER_ROUTE, tally));
  await t.close();
});

function requestArbitrary(route: string): fc.Arbitrary<InjectOptions> {
  const method = route.split(" ")[0] as InjectOptions["method"];
  const json = fc.tuple(urlFor(route, ids), hostileBody(bodyKeys(spec, route))).map(
    ([url, body]): InjectOptions => ({
      method,
      url,
      payload: serialiseBody(body),
      headers: { "content-type": "application/json" },
    }),
  );
  const raw = fc.tuple(urlFor(route, ids), rawBody).map(
    ([url, body]): InjectOptions => ({
      method,
      url,
      payload: body.payload,
      headers: { "content-type": body.contentType },
    }),
  );
  return fc.oneof({ weight: 5, arbitrary: json }, { weight: 1, arbitrary: raw });
}

describe("fuzz: hostile JSON bodies against every write route (0 × 5xx, refused requests write nothing)", () => {
  it("covers the app's whole route table", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(45);
  });

  it.each(ROUTES)("%s", async (route) => {
    await fc.assert(
      fc.asyncProperty(requestArbitrary(route), async (request) => {
        state = await sendAndCheck(t, route, request, state, tally);
      }),
      { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
    );
  });

  it("still knows the harness's account afterwards (no fuzzed write locked it out)", async () => {
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me" });
    expect(me.statusCode).toBe(200);
  });
});
