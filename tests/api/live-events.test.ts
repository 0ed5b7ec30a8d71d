import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { readConfig } from "../../server/config.js";
import { type Database, openDatabase } from "../../server/db/connect.js";
import { withDatabase } from "../helpers/database-template.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #18 item 4: GET /api/events announces block writes, finished jobs and setting changes read from the
 * database, so a page on a second server learns of a write the first server made.
 */
let t: TestApp;
let second: FastifyInstance;
let secondDb: Database | undefined;
let secondUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  // The second server: on PostgreSQL its own connection pool to the same database; PGlite is one process's
  // database, so there the second app shares the connection (the events still come only from the table).
  if (t.db.kind === "postgresql") {
    const name = (await t.db.knex.raw("select current_database() as name")).rows[0].name as string;
    secondDb = await openDatabase({
      databaseUrl: withDatabase(process.env.DATABASE_URL as string, name),
      dataDir: "",
    });
  }
  second = await buildApp({
    config: { ...readConfig({}), databaseUrl: undefined },
    db: secondDb ?? t.db,
    logger: false,
  });
  secondUrl = await second.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await second?.close();
  await secondDb?.close();
  await t?.close();
});

interface Received {
  event: string;
  id?: string;
  data: Record<string, unknown>;
}

/** An open SSE stream on the second server, parsed as it arrives. */
async function openStream(headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${secondUrl}/api/events`, {
    headers: { ...t.admin.headers, ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            lines.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field("data");
          if (data)
            received.push({ event: field("event") ?? "message", id: field("id"), data: JSON.parse(data) });
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  async function next(match: (event: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(received)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  await next((event) => event.event === "ready");
  return { received, next, close: () => controller.abort() };
}

describe("GET /api/events", () => {
  it("needs a signed-in account", async () => {
    const response = await fetch(`${secondUrl}/api/events`);
    expect(response.status).toBe(401);
  });

  it("a block written on the first server is announced on the second, with its version", async () => {
    const stream = await openStream();
    try {
      const created = await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: {
          type: "Feature",
          geometry: rectangle(116.7, 40.7, 116.71, 40.71),
          properties: { name: "实时区块", parkId: t.parkIds[0], level: "municipal" },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = String(created.json().properties.id);
      const first = await stream.next((e) => e.event === "change" && e.data.entityId === id);
      expect(first.data).toMatchObject({ kind: "block", version: 1, state: "candidate" });
      expect(first.id).toBe(String(first.data.id));
      const patched = await t.app.inject({
        method: "PATCH",
        url: `/api/blocks/${id}`,
        headers: { "if-match": '"1"' },
        payload: { properties: { name: "实时区块（改）" } },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const second = await stream.next((e) => e.data.entityId === id && e.data.version === 2);
      expect(second.data.kind).toBe("block");
      expect(Number(second.data.id)).toBeGreaterThan(Number(first.data.id));
    } finally {
      stream.close();
    }
  });

  it("announces a setting changed and a job finished", async () => {
    const stream = await openStream();
    try {
      const put = await t.app.inject({
        method: "PUT",
        url: "/api/settings",
        payload: { shareAtThreshold: "above" },
      });
      expect(put.statusCode, put.body).toBe(200);
      const setting = await stream.next((e) => e.data.kind === "setting");
      expect(setting.data.entityId).toBe("shareAtThreshold");
      const started = await t.app.inject({
        method: "POST",
        url: "/api/reports/overlaps",
        payload: { parkId: t.parkIds[0] },
      });
      expect(started.statusCode, started.body).toBe(202);
      const job = await stream.next(
        (e) => e.data.kind === "job" && e.data.entityId === String(started.json().id),
        30_000,
      );
      expect(job.data.state).toBe("succeeded");
    } finally {
      stream.close();
    }
  });

  it("a reconnecting page resumes after the Last-Event-ID it had", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.72, 40.7, 116.73, 40.71),
        properties: { name: "断线期间的区块", parkId: t.parkIds[0], level: "municipal" },
      },
    });
    const id = String(created.json().properties.id);
    const row = await t.db.knex("change_events").where({ kind: "block", entity_id: id }).first();
    const stream = await openStream({ "last-event-id": String(Number(row.id) - 1) });
    try {
      const missed = await stream.next((e) => e.data.entityId === id);
      expect(missed.data).toMatchObject({ kind: "block", version: 1 });
    } finally {
      stream.close();
    }
  });
});
