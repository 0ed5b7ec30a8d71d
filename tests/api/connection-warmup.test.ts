import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/connect.js";
import { openTestDatabase, withDatabase } from "../helpers/database-template.js";

const serverUrl = process.env.DATABASE_URL;

/**
 * Each new PostgreSQL connection is warmed (PostGIS loaded, the PROJ transformations into both Gauss-Krüger
 * zones and Web Mercator built) before it serves a query, and `warm()` opens the whole requests' pool at start
 * (issue #16: the first use of a plane on a fresh connection cost 7–70 ms on whichever request drew it).
 */
if (serverUrl) {
  describe("connection warm-up on PostgreSQL", () => {
    const name = `warmup_${process.pid}_${Date.now()}`;
    let admin: Database;
    let db: Database;

    beforeAll(async () => {
      admin = await openDatabase({ databaseUrl: serverUrl, dataDir: "" });
      // From template0: no PostGIS yet, as on a first start (the warm-up must not stop the extension being made).
      await admin.knex.raw(`create database "${name}" template template0`);
      db = await openDatabase({
        databaseUrl: withDatabase(serverUrl as string, name),
        dataDir: "",
        pool: { max: 3, statementTimeoutMs: 5000, jobMax: 1, jobStatementTimeoutMs: 0 },
      });
    });
    afterAll(async () => {
      await db?.close();
      await admin?.knex.raw(`drop database if exists "${name}" with (force)`);
      await admin?.close();
    });

    const openConnections = async () =>
      Number(
        (await admin.knex.raw("select count(*) as n from pg_stat_activity where datname = ?", [name])).rows[0]
          .n,
      );

    it("opens on a database without PostGIS and creates the extension through the warmed pool", async () => {
      const installed = await db.knex.raw("select extname from pg_extension where extname = 'postgis'");
      expect(installed.rows).toEqual([{ extname: "postgis" }]);
    });

    it("warm() opens every connection of the requests' pool, and the pool keeps them while idle", async () => {
      await db.warm();
      expect(await openConnections()).toBe(3);
      const transformed = await db.knex.raw(
        "select round(ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(117, 40), 4490), 4548))::numeric, 3) as x",
      );
      expect(Number(transformed.rows[0].x)).toBe(500000);
      expect(await openConnections()).toBe(3);
    });
  });
} else {
  describe("connection warm-up on PGlite", () => {
    it("has one connection and nothing to warm", async () => {
      const db = await openTestDatabase(undefined, inject("databaseTemplate"));
      try {
        await db.warm();
        expect((await db.knex.raw("select 1 as one")).rows).toEqual([{ one: 1 }]);
        expect(db.jobKnex).toBe(db.knex);
      } finally {
        await db.drop();
      }
    });
  });
}
