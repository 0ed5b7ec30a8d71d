import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import { startTwoApps, type TwoApps } from "../helpers/two-apps.js";

/**
 * Issue #14 item 5: two app servers on one database, requests alternating between them — nothing a request
 * needs lives in one process. On PostgreSQL each server has its own pool; on PGlite they share the embedded
 * database (the same checks: state is read from the database, not from the server that wrote it). Server A
 * runs no jobs (JOB_CONCURRENCY 0), so a job it queues can only be run by B.
 */
let two: TwoApps;
beforeAll(async () => {
  two = await startTwoApps({ config: { jobs: { concurrency: 0, resultHours: 24, perAccount: 5 } } });
});
afterAll(async () => two?.close());

const onA = (options: InjectOptions) => two.a.app.inject(options);
const onB = (options: InjectOptions) => two.b.inject(options);
/** Alternates: request i goes to A when i is even, to B when odd. */
let turn = 0;
const next = (options: InjectOptions): Promise<LightMyRequestResponse> =>
  (turn++ % 2 === 0 ? onA : onB)(options);

describe("two servers, one database", () => {
  it("a block written on A is read and changed on B, A refuses a stale version, and alternating reads agree", async () => {
    const created = await onA({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.74, 40.72, 116.75, 40.73),
        properties: { name: "双服务器区块", parkId: two.a.parkIds[0], level: "municipal" },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().properties.id as number;
    const read = await onB({ method: "GET", url: `/api/blocks/${id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().properties.name).toBe("双服务器区块");
    const patched = await onB({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": '"1"' },
      payload: { properties: { name: "双服务器区块（B 改）" } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const stale = await onA({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": '"1"' },
      payload: { properties: { name: "双服务器区块（A 用旧版本）" } },
    });
    expect(stale.statusCode).toBe(409);
    expect((await onA({ method: "GET", url: `/api/blocks/${id}` })).json().properties.name).toBe(
      "双服务器区块（B 改）",
    );
    for (let i = 0; i < 6; i++) {
      const response = await next({ method: "GET", url: `/api/blocks/${id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().properties.name).toBe("双服务器区块（B 改）");
    }
  });

  it("a session signed in on A is valid on B, and signing out on B ends it on A", async () => {
    const client = await two.a.clientFor({ roles: ["viewer"], password: true });
    const login = await two.a.anonymous({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: client.login, password: client.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const me = await onB({ method: "GET", url: "/api/auth/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().login ?? me.json().account?.login).toBe(client.login);
    const logout = await onB({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie, "x-csrf-token": login.json().csrfToken },
    });
    expect(logout.statusCode, logout.body).toBeLessThan(300);
    expect((await onA({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(401);
  });

  it("a job queued on A is claimed and run by B, followed from both, its result the same from either", async () => {
    const started = await onA({
      method: "POST",
      url: "/api/reports/overlaps",
      payload: { parkId: two.a.parkIds[0] },
    });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id as number;
    await expect
      .poll(async () => (await next({ method: "GET", url: `/api/jobs/${id}` })).json().state, {
        timeout: 60_000,
      })
      .toBe("succeeded");
    const [row] = await two.a.db.knex("jobs").where({ id }).select("worker");
    expect(row.worker).toEqual(expect.any(String));
    const fromA = await onA({ method: "GET", url: `/api/jobs/${id}/result` });
    const fromB = await onB({ method: "GET", url: `/api/jobs/${id}/result` });
    expect(fromA.statusCode, fromA.body).toBe(200);
    expect(fromA.json()).toEqual(fromB.json());
  });

  it("a job queued on A is cancelled on B before it runs, and A sees it cancelled", async () => {
    // A catalogue package for one block, cancelled on B at once (queued, or already running on B).
    const blockId = (await two.a.db.knex("blocks").whereIn("status", ["recognized"]).first("id"))
      .id as number;
    const started = await onA({
      method: "POST",
      url: "/api/exports/catalogue-package",
      payload: { ids: [blockId] },
    });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id as number;
    const cancelled = await onB({ method: "DELETE", url: `/api/jobs/${id}` });
    expect(cancelled.statusCode, cancelled.body).toBeLessThan(300);
    await expect
      .poll(async () => (await onA({ method: "GET", url: `/api/jobs/${id}` })).json().state)
      .toMatch(/^(cancelled|succeeded)$/);
  });
});
