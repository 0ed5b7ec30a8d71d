import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../server/auth/account.js";
import { createPark } from "../exit/exit-fixtures.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { FIXTURES, type Fixture } from "./auth-matrix-fixtures.js";

/**
 * Issue #11: the role × scope × endpoint matrix, generated from the app's own route table (every write route,
 * every lifecycle action): each role in and out of scope, and anonymous, gets the expected 2xx / 401 / 403,
 * and a refused request changes nothing (row counts of every table, and every table's content, unchanged).
 */
let t: TestApp;
let parkId: number;
let otherParkId: number;
beforeAll(async () => {
  t = await startTestApp();
  parkId = await createPark(t, "matrix-in");
  otherParkId = await createPark(t, "matrix-out");
});
afterAll(async () => t?.close());

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface MatrixCase {
  key: string;
  fixture: Fixture;
}

/** Every write route of the route table, lifecycle actions one case each ("… :action=apply"). */
function matrixCases(): MatrixCase[] {
  const keys: string[] = [];
  for (const route of t.app.guardedRoutes) {
    if (!WRITE_METHODS.has(route.method) || route.config.public) continue;
    const declared = route.config.permission;
    const base = `${route.method} ${route.url}`;
    if (typeof declared === "object") {
      for (const value of Object.keys(declared.values)) keys.push(`${base}=${value}`);
    } else keys.push(base);
  }
  return keys.map((key) => ({ key, fixture: FIXTURES[key] }));
}

async function tableNames(): Promise<string[]> {
  const rows = await t.db
    .knex("information_schema.tables")
    .where({ table_schema: "public", table_type: "BASE TABLE" })
    .whereNot("table_name", "spatial_ref_sys")
    .orderBy("table_name")
    .pluck("table_name");
  return rows as string[];
}

/** Row count and content hash of every table: a refused request must leave both as they were. */
async function databaseState(): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of await tableNames()) {
    const { rows } = await t.db.knex.raw(
      `select count(*)::text as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h
       from "${table}" x`,
    );
    state[table] = `${rows[0].n}:${rows[0].h}`;
  }
  return state;
}

/** Background jobs (overlap reports) write when they finish: wait for them before taking a state. */
async function jobsIdle(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [{ n }] = await t.db.knex("jobs").whereIn("state", ["queued", "running"]).count({ n: "*" });
    if (Number(n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("background jobs still running after 60 s");
}

function expectedFor(
  fixture: Fixture,
  role: Role,
  inScope: boolean,
): "allowed" | "missing-permission" | "out-of-scope" {
  if (!fixture.may.includes(role)) return "missing-permission";
  if (fixture.scoped && !inScope) return "out-of-scope";
  return "allowed";
}

const tally = { cases: 0, allowed: 0, refused: 0 };

describe("the route table", () => {
  it("has a matrix fixture for every write route and lifecycle action, and no fixture without a route", () => {
    const keys = matrixCases().map((entry) => entry.key);
    expect(keys.filter((key) => !FIXTURES[key])).toEqual([]);
    expect(Object.keys(FIXTURES).filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.length).toBeGreaterThan(25);
  });
});

// Each pass builds a fixture for every write route first: minutes on a loaded 2-core machine.
const PASS_TIMEOUT_MS = 240_000;

describe("anonymous", { timeout: PASS_TIMEOUT_MS }, () => {
  it("gets 401 on every write route and writes nothing", async () => {
    const requests: [string, InjectOptions][] = [];
    const context = { t, parkId, password: "none", asker: t.admin.inject };
    for (const { key, fixture } of matrixCases()) requests.push([key, await fixture.request(context)]);
    await jobsIdle();
    const before = await databaseState();
    for (const [key, request] of requests) {
      const response = await t.anonymous(request);
      expect(response.statusCode, key).toBe(401);
      expect(response.json().error.code, key).toBe("not-signed-in");
      tally.cases += 1;
      tally.refused += 1;
    }
    expect(await databaseState()).toEqual(before);
  });
});

describe.each(ROLES.map((role) => [role]))("role %s", { timeout: PASS_TIMEOUT_MS }, (role) => {
  for (const inScope of [true, false]) {
    it(`${inScope ? "in" : "out of"} scope: 2xx where the role may, else 403 naming what is missing, and nothing written`, async () => {
      const client = await t.clientFor({
        roles: [role],
        parkIds: [inScope ? parkId : otherParkId],
        password: true,
      });
      const context = { t, parkId, password: client.password as string, asker: client.inject };
      const cases = matrixCases();
      const refused = cases.filter(({ fixture }) => expectedFor(fixture, role, inScope) !== "allowed");
      const requests = new Map<string, InjectOptions>();
      for (const { key, fixture } of refused) requests.set(key, await fixture.request(context));
      await jobsIdle();
      const before = await databaseState();
      for (const { key, fixture } of refused) {
        const response = await client.inject(requests.get(key) as InjectOptions);
        const expected = expectedFor(fixture, role, inScope);
        expect(response.statusCode, `${key}: ${response.body}`).toBe(403);
        expect(response.json().error.code, key).toBe(expected);
        if (expected === "out-of-scope")
          expect(response.json().error.message, key).toContain("测试分园 matrix-in");
        tally.cases += 1;
        tally.refused += 1;
      }
      expect(await databaseState()).toEqual(before);

      for (const { key, fixture } of cases.filter((entry) => !refused.includes(entry))) {
        const response = await client.inject(await fixture.request(context));
        const ok = fixture.allowed
          ? fixture.allowed.includes(response.statusCode)
          : response.statusCode < 300;
        expect(ok && response.statusCode >= 200, `${key}: ${response.statusCode} ${response.body}`).toBe(
          true,
        );
        tally.cases += 1;
        tally.allowed += 1;
      }
    });
  }
});

describe("the size of the matrix", () => {
  it("covers routes × roles × scopes (+ anonymous)", () => {
    const routes = matrixCases().length;
    expect(tally.cases).toBe(routes * ROLES.length * 2 + routes);
    console.log(
      `auth matrix: ${routes} write routes × ${ROLES.length} roles × 2 scopes + anonymous = ${tally.cases} cases (${tally.allowed} allowed, ${tally.refused} refused)`,
    );
  });
});
