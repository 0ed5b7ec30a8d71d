import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { BLOCK_LEVELS, BLOCK_STATUSES } from "../../server/domain/block.js";
import type { TestApp } from "../helpers/test-app.js";
import { openApp, withBrowserSuite } from "./review-helpers.js";

/**
 * The layer catalogue's counts come from the server's group by (GET /api/blocks/counts), checked here against
 * the rows of the blocks table itself. Needs `npm run build` first.
 */
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ testApp, browser, baseUrl } = suite);
});

async function tableCounts(column: "level" | "status"): Promise<Map<string, number>> {
  const rows = await testApp.db.knex("blocks").select(column).count("* as n").groupBy(column);
  return new Map(rows.map((row) => [String(row[column]), Number(row.n)]));
}

describe("the layer catalogue's counts", { timeout: 120_000 }, () => {
  test("show how many blocks the table holds per level and status", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    const levels = await tableCounts("level");
    const statuses = await tableCounts("status");
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    for (const level of BLOCK_LEVELS) {
      const text = await page.getByTestId(`level-${level}`).locator(".catalogue-count").textContent();
      expect(text?.replace(/\D/g, "")).toBe(String(levels.get(level) ?? 0));
    }
    for (const status of BLOCK_STATUSES) {
      const text = await page.getByTestId(`status-${status}`).locator(".catalogue-count").textContent();
      expect(text?.replace(/\D/g, "")).toBe(String(statuses.get(status) ?? 0));
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
