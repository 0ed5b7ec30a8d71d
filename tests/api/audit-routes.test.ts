import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { mutatingApiRoutes as mutatingRoutesOf } from "../hostile/route-table.js";
import { ROUTE_FIXTURES } from "./audit-fixtures.js";

/**
 * Issue #11 · 审计留痕: every mutating /api route, taken from the app's own route table, makes a real successful
 * call and leaves exactly the audit rows of what it did — no more, no fewer — and the chain still verifies.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

function mutatingApiRoutes(): string[] {
  return mutatingRoutesOf(t.app);
}

async function lastAuditId(): Promise<number> {
  const [{ id }] = await t.db.knex("audit_events").max("id as id");
  return Number(id ?? 0);
}

describe("the audit walk over the route table", () => {
  it("has a fixture for every mutating /api route (and none for a route that does not exist)", () => {
    const routes = mutatingApiRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(21);
    expect(routes.filter((route) => !(route in ROUTE_FIXTURES))).toEqual([]);
    expect(Object.keys(ROUTE_FIXTURES).filter((route) => !routes.includes(route))).toEqual([]);
  });

  for (const [route, fixture] of Object.entries(ROUTE_FIXTURES)) {
    it(`${route} leaves exactly its audit rows`, async () => {
      const made = (await fixture.setup?.(t)) ?? {};
      const before = await lastAuditId();
      const response = await fixture.call(t, made);
      expect(response.statusCode, response.body.slice(0, 300)).toBeGreaterThanOrEqual(200);
      expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(300);
      const rows = await t.db.knex("audit_events").where("id", ">", before).orderBy("id");
      const expected = await fixture.expect(response, t);
      expect(rows.map((row) => row.action).sort()).toEqual([...expected].sort());
      // One request: every row it left carries its request id, the actor and the client address.
      expect(new Set(rows.map((row) => row.request_id)).size).toBeLessThanOrEqual(1);
      for (const row of rows) {
        expect(row.actor_name).toBe(fixture.actorName?.(made) ?? t.admin.account.name);
        expect(row.client_address).toBe("127.0.0.1");
      }
    });
  }

  it("leaves a chain that verifies, and says how many rows the walk wrote", async () => {
    const verify = (await t.app.inject({ method: "GET", url: "/api/audit/verify" })).json();
    expect(verify.ok).toBe(true);
    const [{ n }] = await t.db.knex("audit_events").count("* as n");
    expect(verify.rows).toBe(Number(n));
    console.log(
      `audit walk: ${mutatingApiRoutes().length} mutating routes, ${verify.rows} audit rows written`,
    );
  });
});
