import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_LISTED_ROWS } from "../../server/domain/evaluation-import.js";
import { fileUpload } from "../evaluation/upload.js";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import type { TestApp } from "../helpers/test-app.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 2: an indicator import repeating one blockId built an O(n²) report (3,000 rows → 141 MB;
 * 25,000 CSV rows → process killed). Each repeat is reported once, the listed rows are capped, and the
 * answer stays small and quick.
 */
let t: TestApp;
let blockId: number;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
  blockId = Number((await t.db.knex("blocks").min("id as id"))[0].id);
});
afterAll(async () => t?.close());

const KEYS = Object.keys(INDICATOR_INPUTS) as (keyof typeof INDICATOR_INPUTS)[];
const KB = 1024;

describe("indicator imports that repeat one block", () => {
  it("3,000 JSON rows of one block: 422, every row flagged once, ≤ 200 rows listed, < 200 KB", async () => {
    const rows = Array.from({ length: 3_000 }, () => ({ blockId, ...INDICATOR_INPUTS }));
    const started = Date.now();
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2031/indicators",
      payload: { rows },
    });
    const ms = Date.now() - started;
    expect(response.statusCode).toBe(422);
    const details = response.json().error.details;
    expect(details.rowCount).toBe(3_000);
    expect(details.rejected).toBe(3_000);
    expect(details.rows).toHaveLength(MAX_LISTED_ROWS);
    expect(details.omittedRows).toBe(3_000 - MAX_LISTED_ROWS);
    expect(details.problemCounts).toEqual({ "duplicate-block": 3_000 });
    expect(details.rows[5].problems).toEqual([
      {
        field: "blockId",
        code: "duplicate-block",
        message: `Block ${blockId} appears 3000 times (first at row index 0).`,
      },
    ]);
    expect(response.body.length).toBeLessThan(200 * KB);
    expect(ms).toBeLessThan(15_000);
    console.log(`3,000 repeated rows: ${response.body.length} bytes in ${ms} ms`);
  });

  it("25,000 CSV rows of one block (a 1.2 MB file): 422 with a bounded report, in bounded time", async () => {
    const lines = [["blockId", ...KEYS].join(",")];
    for (let i = 0; i < 25_000; i++)
      lines.push([blockId, ...KEYS.map((key) => INDICATOR_INPUTS[key])].join(","));
    const csv = lines.join("\n");
    const started = Date.now();
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2031/indicators",
      ...fileUpload("repeats.csv", csv, "text/csv"),
    });
    const ms = Date.now() - started;
    expect(response.statusCode, response.body.slice(0, 300)).toBe(422);
    const details = response.json().error.details;
    expect(details.rowCount).toBe(25_000);
    expect(details.rows).toHaveLength(MAX_LISTED_ROWS);
    expect(details.rows[0]).toMatchObject({ line: 2, ok: false });
    expect(details.rows[0].problems[0].message).toContain("appears 25000 times (first at line 2)");
    expect(response.body.length).toBeLessThan(200 * KB);
    expect(ms).toBeLessThan(30_000);
    console.log(`25,000 repeated CSV rows (${csv.length} bytes): ${response.body.length} bytes in ${ms} ms`);
  });
});
