import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  type BlockFeature,
  blocksFromApi,
  getJson,
  openApp,
  screenshot,
  selectBlock,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * Issue #18 item 1, "record rectification outcomes", as DOMAIN.md §4.3 allows it: staff record the district's
 * 整改报告 (text, date, who) on an open rectification in 评价年度; the report is listed there and in the block
 * panel, and the record stays 整改中 (only the next year's flag run judges it). Needs `npm run build` first.
 */
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ browser, baseUrl } = suite);
});

interface RecordRow {
  id: number;
  blockId: number;
  orderedYear: number;
  outcome: string;
  reports: unknown[];
}

describe("整改报告 (issue #18 item 1)", { timeout: 90_000 }, () => {
  test("recorded on an open rectification in 评价年度, shown there and in the block panel; the outcome unchanged", async () => {
    const { rectifications } = await getJson<{ rectifications: RecordRow[] }>(
      baseUrl,
      "/api/evaluations/rectifications",
    );
    const open = rectifications.find((record) => record.outcome === "open" && record.reports.length === 0);
    expect(open, "the demo data has an open rectification").toBeDefined();
    const record = open as RecordRow;
    const block = (await blocksFromApi(baseUrl)).find(
      (b) => b.properties.id === record.blockId,
    ) as BlockFeature;

    const { page, errors } = await openApp(browser, baseUrl);
    page.setDefaultTimeout(20_000);
    await page.getByTestId("year-select").selectOption(String(record.orderedYear));
    await page.getByTestId("open-evaluation-year").click();
    await page.getByTestId(`rectification-reports-${record.id}`).waitFor();
    // An empty report is refused by the server, in the UI language.
    await page.getByTestId(`rectification-report-reporter-${record.id}`).fill("海淀区科学技术和信息化局");
    await page.getByTestId(`rectification-report-submit-${record.id}`).click();
    await expect
      .poll(() => page.getByTestId(`rectification-report-problem-${record.id}`).textContent())
      .toContain("请填写整改情况");
    await page
      .getByTestId(`rectification-report-text-${record.id}`)
      .fill("已清理闲置用地 2 宗，亩均税收提升 12%。");
    await page.getByTestId(`rectification-report-date-${record.id}`).fill(`${record.orderedYear + 1}-03-15`);
    await page.getByTestId(`rectification-report-submit-${record.id}`).click();
    const listed = page.getByTestId(`rectification-reports-${record.id}`).locator("li");
    await expect.poll(() => listed.first().textContent()).toContain("已清理闲置用地 2 宗");
    expect(await listed.first().textContent()).toContain(
      `${record.orderedYear + 1}-03-15 · 海淀区科学技术和信息化局`,
    );
    expect(await page.getByTestId(`year-rectification-${record.blockId}`).textContent()).toContain("整改中");
    await screenshot(page, "rectification-report-year.png");

    const after = await getJson<{ rectifications: RecordRow[] }>(
      baseUrl,
      `/api/evaluations/rectifications?blockId=${record.blockId}`,
    );
    const stored = after.rectifications.find((row) => row.id === record.id) as RecordRow;
    expect(stored.outcome).toBe("open");
    expect(stored.reports).toHaveLength(1);

    await page.getByTestId("view-close").click();
    await selectBlock(page, block);
    await expect
      .poll(() => page.getByTestId("block-rectifications").textContent())
      .toContain("已清理闲置用地 2 宗");
    // The outcome is the next year's flag run's and an exit the 淘汰方式 decision's (DOMAIN.md §4.3): the panel
    // offers no action on a block 整改中 — no 整改达标 / 不达标, no 退出.
    await page.getByTestId("block-rectifications").waitFor();
    expect(await page.getByTestId("block-actions").count()).toBe(0);
    expect(await page.locator("[data-testid^=block-action-]").count()).toBe(0);
    await page.getByTestId("block-rectifications").scrollIntoViewIfNeeded();
    await screenshot(page, "rectification-report-block.png");
    // The one error logged is the refused empty report's 400.
    expect(errors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    await page.close();
  });
});
