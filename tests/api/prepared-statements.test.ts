import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisStore } from "../../server/db/analysis-store.js";
import { preparedRaw } from "../../server/db/prepared.js";
import { createBlock, createPark } from "../exit/exit-fixtures.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * The stored-block analysis is a named statement on PostgreSQL (issue #16: it planned for ~0.8 ms of its ~2 ms
 * on every request): each pooled connection parses it once and executes it again and again. PGlite runs it
 * unnamed.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
let t: TestApp;
let blockId: number;
beforeAll(async () => {
  t = await startTestApp();
  const parkId = await createPark(t, "prepared");
  blockId = (await createBlock(t, parkId, rectangle(116.3, 40.0, 116.31, 40.01))).id;
});
afterAll(async () => t?.close());

describe("the stored-block analysis statement", () => {
  it(
    onPostgres
      ? "is prepared once on its connection and executed again (one prepared statement for seven analyses)"
      : "runs unnamed on PGlite and answers",
    async () => {
      await t.db.knex.transaction(async (trx) => {
        const analyses = [];
        for (let i = 0; i < 7; i++) analyses.push(await analysisStore(trx).analyseStoredBlock(blockId));
        expect(new Set(analyses.map((found) => JSON.stringify(found)))).toHaveProperty("size", 1);
        expect(analyses[0]?.facts.measures.areaM2).toBeGreaterThan(0);
        const name = preparedRaw(trx, "select 1", []).toSQL().options?.name;
        if (!onPostgres) {
          expect(name).toBeUndefined();
          return;
        }
        expect(name).toMatch(/^p_[0-9a-f]{24}$/);
        const { rows } = await trx.raw(
          `select name, generic_plans + custom_plans as executions from pg_prepared_statements
            where statement like '%with s as materialized%'`,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].name).toMatch(/^p_[0-9a-f]{24}$/);
        expect(Number(rows[0].executions)).toBeGreaterThanOrEqual(7);
      });
    },
  );

  it(
    onPostgres
      ? "names each statement by the hash of its compiled text, also when its text is remembered (plain values) or spliced (Raw)"
      : "leaves every statement unnamed on PGlite",
    async () => {
      const sql = "select ?::int + 1 as n, ? as geometry";
      const plain = [preparedRaw(t.db.knex, sql, [1, "a"]), preparedRaw(t.db.knex, sql, [2, "b"])];
      const spliced = [
        preparedRaw(t.db.knex, sql, [3, t.db.knex.raw("ST_MakePoint(?, ?)", [1, 2])]),
        preparedRaw(t.db.knex, sql, [4, t.db.knex.raw("ST_MakePoint(?, ?, ?)", [1, 2, 3])]),
      ];
      const names = [...plain, ...spliced].map((raw) => raw.toSQL().options?.name);
      if (!onPostgres) {
        expect(names).toEqual([undefined, undefined, undefined, undefined]);
        return;
      }
      // Written out: the texts knex compiles (its `?` placeholders, before pg numbers them), and their SHA-1.
      const statementName = (text: string) =>
        `p_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
      expect(names).toEqual([
        statementName("select ?::int + 1 as n, ? as geometry"),
        statementName("select ?::int + 1 as n, ? as geometry"),
        statementName("select ?::int + 1 as n, ST_MakePoint(?, ?) as geometry"),
        statementName("select ?::int + 1 as n, ST_MakePoint(?, ?, ?) as geometry"),
      ]);
      expect(new Set(names).size).toBe(3);
      const answers = await Promise.all([...plain, spliced[0]].map(async (raw) => (await raw).rows[0].n));
      expect(answers).toEqual([2, 3, 4]);
    },
  );
});
