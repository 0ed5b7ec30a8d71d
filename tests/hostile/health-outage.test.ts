import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
});
afterAll(async () => t?.close().catch(() => undefined));

describe("/api/health reports the database's state", () => {
  it("is 200 with the PostGIS version, then 503 database: unavailable once the database is gone", async () => {
    const up = await t.anonymous({ method: "GET", url: "/api/health" });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: "ok", database: t.db.kind });
    await t.db.knex.destroy();
    const started = Date.now();
    const down = await t.anonymous({ method: "GET", url: "/api/health" });
    expect(down.statusCode, down.body).toBe(503);
    expect(down.json()).toMatchObject({
      status: "unavailable",
      database: "unavailable",
      databaseKind: t.db.kind,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
