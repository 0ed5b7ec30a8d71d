import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14 item 2: the embedded database runs in a worker thread, so a slow statement on one request no longer
 * stops the server — /api/health and requests that need no database answer meanwhile, over real HTTP. The same
 * checks hold on PostgreSQL (a pool of connections). Errors keep PostgreSQL's fields across the thread, and a
 * transaction's statements stay on its connection.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
// This file's process opens its database in the worker thread whatever the run's default (README: PGLITE_WORKER).
process.env.PGLITE_WORKER = "1";

describe("a slow statement on one request", () => {
  let t: TestApp;
  let base: string;
  let sleeping = 0;
  // Sleep requests that reached the server, and those whose answer (or refusal) was sent, even to nobody.
  let arrived = 0;
  let ended = 0;
  beforeAll(async () => {
    t = await startTestApp({
      // A small request queue (PGlite; PostgreSQL has none): a place it lost would show within seconds.
      config: { requestQueue: { concurrent: 3, limit: 100, waitMs: 4000 } },
      beforeReady: (app) => {
        app.get<{ Querystring: { seconds: string } }>("/api/test-sleep", async (request) => {
          sleeping += 1;
          await t.db.knex.raw("select pg_sleep(?)", [Number(request.query.seconds)]);
          return { slept: true };
        });
        app.server.on("request", (request) => {
          if (request.url?.startsWith("/api/test-sleep")) arrived += 1;
        });
        app.addHook("onSend", async (request) => {
          if (request.url.startsWith("/api/test-sleep")) ended += 1;
        });
        // A transaction whose second statement fails (duplicate key): the route answers with the error.
        app.post("/api/test-failing-transaction", async () =>
          t.db.knex.transaction(async (trx) => {
            await trx.raw("create temporary table worker_fail (id integer primary key) on commit drop");
            await trx.raw("insert into worker_fail values (1), (1)");
          }),
        );
      },
    });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("leaves /api/health answering within 300 ms while the database works for 2 s", async () => {
    // Health has read the PostGIS version once (as a load balancer's first probe would).
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const started = performance.now();
    const slow = t.admin.fetch(`${base}/api/test-sleep?seconds=2`);
    await expect.poll(() => sleeping).toBe(1);
    const probes: { status: number; ms: number }[] = [];
    while (performance.now() - started < 1500) {
      const probeStarted = performance.now();
      const response = await fetch(`${base}/api/health`);
      const body = (await response.json()) as { status: string; database: string };
      probes.push({ status: response.status, ms: performance.now() - probeStarted });
      expect(body).toMatchObject({ status: "ok", database: onPostgres ? "postgresql" : "pglite" });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const answer = await slow;
    const slowMs = performance.now() - started;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ slept: true });
    expect(slowMs).toBeGreaterThanOrEqual(2000);
    // Several probes ran while the statement did, each answered at once.
    expect(probes.length).toBeGreaterThanOrEqual(4);
    expect(probes.filter((probe) => probe.status !== 200)).toEqual([]);
    expect(Math.max(...probes.map((probe) => probe.ms))).toBeLessThan(300);
  });

  it("keeps PostgreSQL's error fields (code, position, detail) that the routes map to 4xx", async () => {
    await expect(t.db.knex.raw("select 1 / 0")).rejects.toMatchObject({ code: "22012" });
    await expect(t.db.knex.raw("select * from no_such_table")).rejects.toMatchObject({
      code: "42P01",
      position: "15",
    });
    await expect(
      t.db.knex.transaction(async (trx) => {
        await trx.raw("create temporary table worker_check (id integer primary key) on commit drop");
        await trx.raw("insert into worker_check values (1)");
        await trx.raw("insert into worker_check values (1)");
      }),
    ).rejects.toMatchObject({ code: "23505", detail: "Key (id)=(1) already exists." });
  });

  it("keeps a transaction's statements together and rolls all of them back on an error", async () => {
    const name = `worker-check-${Date.now()}`;
    await expect(
      t.db.knex.transaction(async (trx) => {
        await trx("parks").insert({ code: name, name, name_en: name, district: "—", category: "A" });
        expect(await trx("parks").where({ code: name }).first()).toBeDefined();
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await t.db.knex("parks").where({ code: name }).first()).toBeUndefined();
  });

  it("still answers at once after clients gave up mid-request and transactions failed", async () => {
    sleeping = 0;
    arrived = 0;
    ended = 0;
    // Six clients hang up while their statements run or wait (the map cancels tile requests like this) …
    const aborted = Array.from({ length: 6 }, () => {
      const controller = new AbortController();
      const done = t.admin
        .fetch(`${base}/api/test-sleep?seconds=0.2`, { signal: controller.signal })
        .then((response) => `answered ${response.status}`)
        .catch((error: Error) => error.name);
      return { controller, done };
    });
    // … and four transactions fail on the database.
    const failing = Array.from({ length: 4 }, () =>
      t.admin.fetch(`${base}/api/test-failing-transaction`, { method: "POST" }).then((r) => r.status),
    );
    await expect.poll(() => sleeping).toBeGreaterThanOrEqual(1);
    for (const { controller } of aborted) controller.abort();
    expect(await Promise.all(aborted.map(({ done }) => done))).toEqual(Array(6).fill("AbortError"));
    const failed = await Promise.all(failing);
    expect(failed.filter((status) => status < 400)).toEqual([]);
    // The abandoned statements run to their end on PGlite (they cannot be interrupted) …
    await expect.poll(() => ended - arrived, { timeout: 20_000 }).toBe(0);
    // … and then every place and the connection are free: a plain request is served at once, not 503 after
    // the queue's 4 s wait.
    const started = performance.now();
    const parks = await t.admin.fetch(`${base}/api/parks`);
    expect(parks.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(t.app.requestQueue.active()).toBe(0);
  });

  if (!onPostgres) {
    it("runs PGlite in its worker thread (PGLITE_WORKER=1)", () => {
      expect(t.db.busyForMs?.()).toBe(0);
    });
  }
});
