import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { BLOCK_ACTIONS } from "../../server/domain/block-lifecycle.js";
import { APPLICATION_ACTIONS } from "../../server/domain/round-application.js";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { hostileSegment } from "./fuzz-arbitraries.js";
import { fullStateChecksum } from "./state-checksum.js";

/** What the fuzz suite measured over a file: requests, refusals, accepted writes, worst time and RSS. */
export interface FuzzTally {
  requests: number;
  refused: number;
  accepted: number;
  worstMs: number;
  worstRoute: string;
  peakRssMb: number;
  routes: Set<string>;
}

export function newTally(): FuzzTally {
  return {
    requests: 0,
    refused: 0,
    accepted: 0,
    worstMs: 0,
    worstRoute: "",
    peakRssMb: 0,
    routes: new Set(),
  };
}

/** Real ids the routes' path parameters can point at (so a bad body reaches the body checks too). */
export interface RealIds {
  blockId: number;
  userId: number;
  byTable: Record<string, number>;
}

const TABLE_OF_PREFIX: Record<string, string> = {
  parks: "parks",
  rounds: "recognition_rounds",
  applications: "round_applications",
  filings: "filings",
  tokens: "api_tokens",
  jobs: "jobs",
};

export async function realIds(t: TestApp, blockId: number): Promise<RealIds> {
  const byTable: Record<string, number> = {};
  for (const table of [...Object.values(TABLE_OF_PREFIX), "reduction_proposals", "round_materials"]) {
    const [{ id }] = await t.db.knex(table).min("id as id");
    byTable[table] = Number(id ?? 1);
  }
  // Not the harness's own account: a fuzzed PATCH that happened to be valid must not lock the suite out.
  const spare = await t.clientFor({ roles: ["viewer"], name: "模糊测试 spare" });
  const [{ id: token }] = await t.db.knex("api_tokens").where("account_id", spare.account.id).max("id as id");
  byTable.api_tokens = Number(token);
  return { blockId, userId: spare.account.id, byTable };
}

/** The block a fuzz file aims at (created through the API) and the real ids of every other table. */
export async function fuzzTarget(t: TestApp, blockName: string): Promise<RealIds> {
  const created = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry: rectangle(116.3, 40.0, 116.32, 40.015),
      properties: { name: blockName, parkId: t.parkIds[0], level: "municipal" },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return realIds(t, created.json().properties.id);
}

/** The line a fuzz file prints at its end: cases × routes, refusals, 0 × 5xx, the worst time and RSS seen. */
export function tallyLine(label: string, routeWord: string, runsPerRoute: number, tally: FuzzTally): string {
  return (
    `${label}: ${tally.routes.size} ${routeWord} × ${runsPerRoute} cases = ${tally.requests} requests ` +
    `(${tally.refused} refused, ${tally.accepted} accepted), 0 × 5xx; worst ${Math.round(tally.worstMs)} ms ` +
    `(${tally.worstRoute}), peak RSS ${Math.round(tally.peakRssMb)} MB`
  );
}

/** A value for one path parameter: mostly a real one, else a hostile segment. */
function segment(route: string, name: string, ids: RealIds): fc.Arbitrary<string> {
  const prefix = route.split(" ")[1].split("/")[2];
  let real: fc.Arbitrary<string>;
  if (name === "action") {
    real = fc.constantFrom(...(prefix === "blocks" ? BLOCK_ACTIONS : APPLICATION_ACTIONS));
  } else if (name === "year") real = fc.constantFrom("2024", "2025", "1900", "99999");
  else if (name === "role") real = fc.constant("viewer");
  else if (name === "pid") real = fc.constant(String(ids.byTable.reduction_proposals));
  else if (name === "materialId") real = fc.constant(String(ids.byTable.round_materials));
  else if (name === "blockId" || prefix === "blocks") real = fc.constant(String(ids.blockId));
  else if (prefix === "users") real = fc.constant(String(ids.userId));
  else real = fc.constant(String(ids.byTable[TABLE_OF_PREFIX[prefix]] ?? 1));
  return fc.oneof({ weight: 2, arbitrary: real }, { weight: 1, arbitrary: hostileSegment });
}

/** The route's URL with each `:param` filled in. */
export function urlFor(route: string, ids: RealIds): fc.Arbitrary<string> {
  const path = route.split(" ")[1];
  const names = [...path.matchAll(/:([A-Za-z]+)/gu)].map((match) => match[1]);
  return fc
    .tuple(...names.map((name) => segment(route, name, ids)))
    .map((values) => names.reduce((url, name, i) => url.replace(`:${name}`, values[i]), path));
}

/** The names in the route's JSON body schema, from the app's OpenAPI document. */
export function bodyKeys(spec: unknown, route: string): string[] {
  const [method, path] = route.split(" ");
  const openapiPath = path.replace(/:([A-Za-z]+)/gu, "{$1}");
  const paths = (spec as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  const operation = paths[openapiPath]?.[method.toLowerCase()] as
    | { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }
    | undefined;
  const schema = operation?.requestBody?.content?.["application/json"]?.schema;
  return Object.keys(schema?.properties ?? {});
}

/**
 * Sends one request and holds the app to the suite's two rules: never a 5xx (and a refusal names its reason
 * as `error.code`), and a refused request leaves every table as it was. Returns the state to compare against next.
 */
export async function sendAndCheck(
  t: TestApp,
  route: string,
  request: InjectOptions,
  before: string,
  tally: FuzzTally,
): Promise<string> {
  const started = performance.now();
  const response: LightMyRequestResponse = await t.app.inject(request);
  const ms = performance.now() - started;
  tally.requests++;
  tally.routes.add(route);
  if (ms > tally.worstMs) {
    tally.worstMs = ms;
    tally.worstRoute = `${route} → ${response.statusCode}`;
  }
  tally.peakRssMb = Math.max(tally.peakRssMb, process.memoryUsage().rss / 2 ** 20);
  const shown = `${request.method} ${request.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, shown).toBeLessThan(500);
  const after = await fullStateChecksum(t.db.knex);
  if (response.statusCode >= 400) {
    tally.refused++;
    expect(typeof response.json().error?.code, shown).toBe("string");
    expect(after, shown).toBe(before);
    return after;
  }
  tally.accepted++;
  // An accepted request may have queued a job (a package, a 通报) that writes when it finishes: the next
  // baseline is taken once no job is queued or running.
  await expect
    .poll(
      async () => {
        const [{ n }] = await t.db.knex("jobs").whereIn("state", ["queued", "running"]).count("* as n");
        return Number(n);
      },
      { timeout: 60_000, interval: 50 },
    )
    .toBe(0);
  return fullStateChecksum(t.db.knex);
}
