import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fastifyCompress from "@fastify/compress";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config.js";
import { type Database, openDatabase } from "../../server/db/connect.js";
import type { ApiError } from "../../server/errors.js";
import { type RequestQueueState, requestQueue } from "../../server/plugins/request-queue.js";
import { serveClient } from "../../server/plugins/static-headers.js";
import { withDatabase } from "../helpers/database-template.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14 items 4, 5 and 7: requests on the embedded database wait in a bounded queue and past it get 503 with
 * Retry-After; on PostgreSQL a pool per route class with its own statement timeout, and a database that drops
 * the app's connections gives 503 for the moment and recovers; the web app's hashed files cache for a year.
 * The file picks its database: the checks that need the other one are not defined there (never skipped).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);

/** A promise and its resolve, to hold a request open until the test lets it go. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("the request queue (its own small app)", () => {
  let app: FastifyInstance;
  let held = gate();
  let entered = 0;
  let queue: RequestQueueState;
  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler((error: ApiError, _request, reply) =>
      reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } }),
    );
    queue = requestQueue(app, { concurrent: 1, limit: 1, waitMs: 60_000 });
    app.get("/api/hold", async () => {
      entered += 1;
      await held.opened;
      return { ok: true };
    });
    app.get("/api/quick", async () => ({ ok: true }));
    app.get("/api/events", async () => ({ stream: true }));
    app.get("/index.html", async () => "page");
    await app.ready();
  });
  afterAll(async () => app?.close());

  it("queues past the concurrency, answers 503 busy with Retry-After past the limit, then serves the queued", async () => {
    held = gate();
    const first = app.inject({ method: "GET", url: "/api/hold" });
    await expect.poll(() => entered).toBe(1);
    const queued = app.inject({ method: "GET", url: "/api/quick" });
    await expect.poll(() => queue.waiting()).toBe(1);
    const refused = await app.inject({ method: "GET", url: "/api/quick" });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("2");
    expect(refused.json().error.code).toBe("busy");
    // Event streams and static files do not queue.
    expect((await app.inject({ method: "GET", url: "/api/events" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/index.html" })).statusCode).toBe(200);
    held.open();
    expect((await first).statusCode).toBe(200);
    const served = await queued;
    expect(served.statusCode).toBe(200);
    expect(served.headers["retry-after"]).toBeUndefined();
    // Every place was given back.
    expect((await app.inject({ method: "GET", url: "/api/quick" })).statusCode).toBe(200);
  });

  it("gives the place back when the client hangs up before the answer (a real socket, not inject)", async () => {
    const server = Fastify();
    // Counts the hang-ups the server has seen (registered first: it runs before the queue's hook waits).
    let hungUp = 0;
    server.addHook("onRequest", (_request, reply, done) => {
      reply.raw.once("close", () => {
        if (!reply.raw.writableFinished) hungUp += 1;
      });
      done();
    });
    const hangUp = requestQueue(server, { concurrent: 2, limit: 10, waitMs: 60_000 });
    const hold = gate();
    let inside = 0;
    server.get("/api/hold", async () => {
      inside += 1;
      await hold.opened;
      return { ok: true };
    });
    const address = await server.listen({ port: 0, host: "127.0.0.1" });
    // Two clients that give up while their requests are inside, one more that gives up while it waits.
    const aborted = [1, 2, 3].map(() => {
      const controller = new AbortController();
      const done = fetch(`${address}/api/hold`, { signal: controller.signal }).catch(() => "aborted");
      return { controller, done };
    });
    await expect.poll(() => inside).toBe(2);
    await expect.poll(() => hangUp.waiting()).toBe(1);
    for (const { controller } of aborted) controller.abort();
    await Promise.all(aborted.map(({ done }) => done));
    // The answers are written only once the server knows the clients are gone (so they never finish), and
    // the one that waited has left the queue.
    await expect.poll(() => hungUp).toBe(3);
    expect(hangUp.waiting()).toBe(0);
    hold.open();
    await expect.poll(() => hangUp.active() + hangUp.waiting()).toBe(0);
    // The places are free: two new requests are served, not queued behind ghosts.
    const served = await Promise.all([1, 2].map(() => fetch(`${address}/api/hold`)));
    expect(served.map((response) => response.status)).toEqual([200, 200]);
    expect(hangUp.active()).toBe(0);
    await server.close();
  });

  it("answers 503 when a request has waited its longest", async () => {
    const waiter = Fastify();
    waiter.setErrorHandler((error: ApiError, _request, reply) =>
      reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } }),
    );
    requestQueue(waiter, { concurrent: 1, limit: 10, waitMs: 50 });
    const hold = gate();
    let inside = 0;
    waiter.get("/api/hold", async () => {
      inside += 1;
      await hold.opened;
      return { ok: true };
    });
    await waiter.ready();
    const first = waiter.inject({ method: "GET", url: "/api/hold" });
    await expect.poll(() => inside).toBe(1);
    const late = await waiter.inject({ method: "GET", url: "/api/hold" });
    expect(late.statusCode).toBe(503);
    expect(late.json().error.message).toContain("waited 50 ms");
    hold.open();
    expect((await first).statusCode).toBe(200);
    await waiter.close();
  });
});

describe("the web app's files", () => {
  let app: FastifyInstance;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "client-"));
    await mkdir(path.join(root, "assets"));
    await writeFile(
      path.join(root, "index.html"),
      `<!doctype html><title>x</title>${"<p>高新区</p>".repeat(400)}`,
    );
    await writeFile(path.join(root, "assets", "index-Dk3_x9aQ.js"), `console.log(1);${" ".repeat(4000)}`);
    app = Fastify();
    await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ["br", "gzip"] });
    await serveClient(app, root);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("serves hashed assets immutable for a year and index.html no-cache, both compressed", async () => {
    const asset = await app.inject({
      method: "GET",
      url: "/assets/index-Dk3_x9aQ.js",
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.headers["content-encoding"]).toBe("br");
    const page = await app.inject({
      method: "GET",
      url: "/index.html",
      headers: { "accept-encoding": "gzip" },
    });
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.headers["content-encoding"]).toBe("gzip");
  });
});

describe("the app's database connections", () => {
  let t: TestApp;
  let own: Database | undefined;
  let sleeping = 0;
  let held = gate();
  beforeAll(async () => {
    t = await startTestApp({
      config: { requestQueue: { concurrent: 1, limit: 1, waitMs: 60_000 } },
      beforeReady: (app) => {
        // A slow request of the test's own: a database sleep of `seconds` (to hold the queue, or a connection).
        app.get<{ Querystring: { seconds: string } }>("/api/test-sleep", async (request) => {
          sleeping += 1;
          await t.db.knex.raw("select pg_sleep(?)", [Number(request.query.seconds)]);
          return { slept: true };
        });
        // A request that holds its place in the queue until the test opens the gate, then reads the database.
        app.get("/api/test-hold", async () => {
          await held.opened;
          return (await t.db.knex.raw("select 1 as one")).rows[0];
        });
      },
    });
    if (onPostgres) {
      const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
      own = await openDatabase({
        databaseUrl: withDatabase(process.env.DATABASE_URL as string, name),
        dataDir: "",
        pool: { max: 2, statementTimeoutMs: 300, jobMax: 1, jobStatementTimeoutMs: 0 },
      });
    }
  });
  afterAll(async () => {
    await own?.close();
    await t?.close();
  });

  if (!onPostgres) {
    it("on PGlite, queues the app's requests and refuses past the queue with 503 and Retry-After", async () => {
      held = gate();
      const slow = t.app.inject({ method: "GET", url: "/api/test-hold" });
      await expect.poll(() => t.app.requestQueue.active()).toBe(1);
      const queued = t.app.inject({ method: "GET", url: "/api/parks" });
      await expect.poll(() => t.app.requestQueue.waiting()).toBe(1);
      const refused = await t.app.inject({ method: "GET", url: "/api/parks" });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers["retry-after"]).toBe("2");
      expect(refused.json().error.code).toBe("busy");
      held.open();
      expect((await slow).statusCode).toBe(200);
      expect((await queued).statusCode).toBe(200);
      await expect.poll(() => t.app.requestQueue.active()).toBe(0);
      // Jobs use the one connection too (no second pool on PGlite).
      expect(t.db.jobKnex).toBe(t.db.knex);
    });
  } else {
    it("on PostgreSQL, sets each pool's statement timeout: requests are cut at theirs, jobs run on", async () => {
      const db = own as Database;
      expect((await db.knex.raw("show statement_timeout")).rows[0].statement_timeout).toBe("300ms");
      expect((await db.jobKnex.raw("show statement_timeout")).rows[0].statement_timeout).toBe("0");
      await expect(db.knex.raw("select pg_sleep(1)")).rejects.toMatchObject({ code: "57014" });
      const slept = await db.jobKnex.raw("select pg_sleep(0.5) as slept");
      expect(slept.rows).toHaveLength(1);
      expect(readConfig({ DB_POOL_MAX: "4", DB_STATEMENT_TIMEOUT_MS: "5000" }).pool).toMatchObject({
        max: 4,
        statementTimeoutMs: 5000,
      });
    });

    it("on PostgreSQL, answers 503 with Retry-After while its connections are terminated, then recovers", async () => {
      const db = own as Database;
      const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
      const before = sleeping;
      const cut = t.app.inject({ method: "GET", url: "/api/test-sleep?seconds=30" });
      await expect.poll(() => sleeping).toBe(before + 1);
      await expect
        .poll(async () => {
          const active = await db.jobKnex.raw(
            "select count(*)::int as n from pg_stat_activity where datname = ? and state = 'active' and query like 'select pg_sleep%'",
            [name],
          );
          return active.rows[0].n;
        })
        .toBe(1);
      // Every connection of the app's database but this one (a restart of the shared server, in small).
      await db.jobKnex.raw(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()",
        [name],
      );
      const response = await cut;
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(response.json().error.code).toBe("database-unavailable");
      // The pool opens new connections: no app restart. Until then only 503s, never a 500.
      const seen = new Set<number>();
      await expect
        .poll(async () => {
          const parks = await t.app.inject({ method: "GET", url: "/api/parks" });
          seen.add(parks.statusCode);
          return parks.statusCode;
        })
        .toBe(200);
      expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
      expect((await t.app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    });
  }
});
