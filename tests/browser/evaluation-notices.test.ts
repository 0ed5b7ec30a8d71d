import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import { type BrowserSuite, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #13 · 通报 in the UI: in the ranking view of the demo's approved 2025 the lead generates the notification
 * (a job: progress, then the zip to download and a row per district with its PDF and XLSX); a district account,
 * in its own browser context, sees its own district's row only and downloads its PDF. Every wait is a poll on
 * what the page shows. Then a revision of the 优先推荐纳入国家高新区 list recorded in the same view.
 */
const YEAR = 2025;
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

async function openNotices(page: Page): Promise<void> {
  await page.getByTestId("year-select").selectOption(String(YEAR));
  await page.getByTestId("open-ranking").click();
  await page
    .locator('[data-testid="evaluation-notices"][data-state="approved"]')
    .waitFor({ timeout: 60_000 });
  await page.getByTestId("evaluation-notices").scrollIntoViewIfNeeded();
}

describe("通报 in the ranking view", { timeout: 180_000 }, () => {
  test("the lead generates the notification; a district sees and downloads only its own", async () => {
    const districts: string[] = (
      await suite.testApp.db.knex("parks").distinct("district").orderBy("district")
    ).map((row) => String(row.district));
    const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
    await openNotices(page);
    await page.getByTestId("notice-start").click();
    await page.locator('[data-testid="job-progress"][data-state="succeeded"]').waitFor({ timeout: 150_000 });
    await page.getByTestId("job-download").waitFor();
    await expect
      .poll(() => page.locator("[data-testid=notice-districts] tbody tr").count())
      .toBeGreaterThan(1);
    const shown = await page
      .locator("[data-testid=notice-districts] tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-district")));
    for (const name of shown) expect(districts).toContain(name);
    await expect(page.getByTestId("notice-latest").textContent()).resolves.toContain("测试 浏览器");
    await page.getByTestId("evaluation-notices").scrollIntoViewIfNeeded();
    await screenshot(page, "notices-lead.png");
    expect(errors).toEqual([]);
    await page.context().close();

    const own = shown[0] as string;
    const ownParks = (await suite.testApp.db.knex("parks").where({ district: own }).pluck("id")).map(Number);
    const district = await suite.testApp.clientFor({
      roles: ["district"],
      parkIds: ownParks,
      name: "测试 区账户",
      password: true,
    });
    const other = await openMapPage(suite.browser, suite.baseUrl, "zh-CN", {
      login: district.login,
      password: district.password as string,
    });
    await openNotices(other.page);
    await other.page.getByTestId("notice-districts").waitFor();
    await expect
      .poll(() =>
        other.page
          .locator("[data-testid=notice-districts] tbody tr")
          .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-district"))),
      )
      .toEqual([own]);
    await expect(other.page.getByTestId("notice-start").isDisabled()).resolves.toBe(true);
    const [download] = await Promise.all([
      other.page.waitForEvent("download"),
      other.page.getByTestId("notice-pdf").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${YEAR}年度综合评价结果通报_${own}.pdf`);
    await screenshot(other.page, "notices-district.png");
    expect(other.errors).toEqual([]);
    await other.page.context().close();
  });

  test("the lead records a revision of the recommended blocks with reasons; the list in force shows it", async () => {
    const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
    await openNotices(page);
    const form = page.getByTestId("revision-form");
    await form.locator("summary").click();
    const pick = form.locator('[data-testid^="revision-pick-"]').first();
    await pick.waitFor();
    const blockId = Number((await pick.getAttribute("data-testid"))?.replace("revision-pick-", ""));
    await pick.check();
    await page.getByTestId(`revision-block-reason-${blockId}`).fill("综合评价排名靠前（浏览器测试）");
    await page.getByTestId("revision-reason").fill("首次推荐（浏览器测试）");
    await page.getByTestId("revision-save").click();
    await page.getByTestId(`revision-block-${blockId}`).waitFor();
    await expect(page.getByTestId("revision-current").textContent()).resolves.toContain(
      "首次推荐（浏览器测试）",
    );
    await expect(page.getByTestId(`revision-block-${blockId}`).textContent()).resolves.toContain(
      "综合评价排名靠前（浏览器测试）",
    );
    await page.getByTestId("recommendation-revisions").scrollIntoViewIfNeeded();
    await screenshot(page, "recommendation-revision.png");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
