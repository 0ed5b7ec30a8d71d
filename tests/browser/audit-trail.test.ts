import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import type { TestApp } from "../helpers/test-app.js";
import { blocksFromApi, openApp, screenshot, selectBlock, withBrowserSuite } from "./review-helpers.js";

/**
 * The audit trail in the UI (issue #11): a block's history links to its audit rows, and the audit view lists,
 * filters and verifies them. Over the real API and a fresh copy of the demo database; needs `npm run build`.
 */
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ testApp, browser, baseUrl } = suite);
});

describe("the audit trail", { timeout: 180_000 }, () => {
  test("a block's history opens its audit rows; the audit view filters them and verifies the chain", async () => {
    // A municipal 意向纳入 block: the district may edit it (a block in force would also need evaluations.run).
    const [block] = (await blocksFromApi(baseUrl)).filter(
      (b) => b.properties.level === "municipal" && b.properties.status === "candidate",
    );
    const renamed = `${block.properties.name}（审计）`;
    // The edit is made by an account named audit-reviewer (its API token); the audit rows name it.
    const editor = await testApp.clientFor({ roles: ["district"], name: "audit-reviewer" });
    const edit = await editor.fetch(`${baseUrl}/api/blocks/${block.properties.id}`, {
      method: "PATCH",
      headers: {
        "content-type": "application/json",
        "if-match": `"${block.properties.version}"`,
      },
      body: JSON.stringify({ properties: { name: renamed } }),
    });
    expect(edit.status).toBe(200);

    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, { ...block, properties: { ...block.properties, name: renamed } });
    await page.getByTestId("tab-history").click();
    await page.getByTestId("open-block-audit").click();
    const trail = page.getByTestId("block-audit-trail");
    await trail.waitFor();
    const row = trail.locator('[data-action="block.update"]');
    await expect.poll(() => row.count()).toBe(1);
    const rowText = await row.textContent();
    expect(rowText).toContain("audit-reviewer");
    expect(rowText).toContain("修改区块");
    expect(rowText).toContain(renamed);
    await screenshot(page, "audit-1-block-trail.png");

    await page.getByTestId("open-audit").click();
    await page.getByTestId("audit-view").waitFor();
    await page.getByTestId("audit-actor").fill("audit-reviewer");
    await page.getByTestId("audit-search").click();
    await expect.poll(() => page.getByTestId("audit-shown").textContent()).toContain("共 1 条");
    expect(await page.getByTestId("audit-view").locator('[data-testid="audit-row"]').count()).toBe(1);
    expect(await page.getByTestId("audit-export-csv").getAttribute("href")).toBe(
      "/api/audit/export?actor=audit-reviewer&format=csv",
    );
    await page.getByTestId("audit-verify").click();
    await expect
      .poll(() => page.getByTestId("audit-verify-result").textContent())
      .toMatch(/哈希链完整：已校验 \d+ 条记录/);
    await screenshot(page, "audit-2-view.png");
    expect(errors).toEqual([]);
  });
});
