import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import { rectangle } from "../helpers/geodesic.js";
import { boundsOf, canvasPoints, clickRing, fitTo } from "./draw-browser.js";
import {
  type BlockFeature,
  type BrowserSuite,
  screenshot,
  selectBlock,
  withBrowserSuite,
} from "./review-helpers.js";

/** Issue #18 items 3 and 4 in headless Chromium: block-over-block warnings, and live updates between pages. */
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

/** A candidate block in an empty corner of the map, created through the API (as another user would). */
async function createBlock(name: string, west: number, south: number): Promise<BlockFeature> {
  const response = await suite.testApp.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: {
      type: "Feature",
      geometry: rectangle(west, south, west + 0.02, south + 0.015),
      properties: { name, parkId: suite.testApp.parkIds[0], level: "municipal" },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as BlockFeature;
}

async function renameInEditor(page: Page, name: string) {
  await page.getByTestId("draw-edit").click();
  await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
  await page.getByTestId("draw-name").fill(name);
  await page.getByTestId("draw-save").click();
  await expect.poll(() => page.getByTestId("block-title").textContent(), { timeout: 20_000 }).toBe(name);
}

describe("issue #18 in the browser", { timeout: 180_000 }, () => {
  test("item 3: drawing over a block warns with area and shares, hatches it, and saves only when confirmed", async () => {
    const existing = await createBlock("重叠检查区块", 116.8, 40.8);
    const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
    await fitTo(page, boundsOf(existing.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.getByTestId("draw-snapping").uncheck();
    // A quadrilateral in the middle of the map: inside the block, which fills the view (padding 80 px).
    await clickRing(
      page,
      await canvasPoints(page, [
        [0.4, 0.4],
        [0.6, 0.4],
        [0.6, 0.6],
        [0.4, 0.6],
      ]),
    );
    const warning = page.getByTestId("draw-block-overlaps");
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.textContent()).toContain("重叠检查区块");
    const row = warning.locator(`li[data-block-id="${existing.properties.id}"]`);
    // Wholly inside: 100% of the drawing lies in the existing block.
    expect(Number(await row.getAttribute("data-share-of-geometry"))).toBeGreaterThan(0.999);
    await page.getByTestId("draw-name").fill("有意重画的区块");
    await page.getByTestId("draw-park").selectOption(String(suite.testApp.parkIds[0]));
    expect(await page.getByTestId("draw-save").isDisabled()).toBe(true);
    // The overlap is hatched on the map (the review's overlay source).
    await expect
      .poll(() => page.evaluate(() => window.__map?.querySourceFeatures("overlay-overlaps").length ?? 0))
      .toBeGreaterThan(0);
    await screenshot(page, "workspace-3-draw-overlap.png");
    await page.getByTestId("draw-overlap-confirm").check();
    expect(await page.getByTestId("draw-save").isDisabled()).toBe(false);
    await page.getByTestId("draw-save").click();
    await expect
      .poll(() => page.getByTestId("block-title").textContent(), { timeout: 20_000 })
      .toBe("有意重画的区块");
    // Its overlaps tab says so too, and the pre-check is 需关注.
    await page.getByTestId("tab-overlaps").click();
    const review = page.getByTestId("review-block-overlaps");
    await review.waitFor({ timeout: 20_000 });
    expect(await review.textContent()).toContain("重叠检查区块");
    expect(await page.getByTestId("prechecks").textContent()).toContain("与其他区块重叠");
    await screenshot(page, "workspace-3-review-overlap.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("item 4: a block saved on one page is announced on the other, whose open panel says so", async () => {
    const block = await createBlock("实时更新区块", 116.85, 40.85);
    const other = await suite.testApp.clientFor({
      roles: ["lead", "district"],
      name: "第二位规划员",
      password: true,
    });
    const first = await openMapPage(suite.browser, suite.baseUrl);
    const second = await openMapPage(suite.browser, suite.baseUrl, "zh-CN", {
      login: other.login,
      password: other.password as string,
    });
    await selectBlock(first.page, block);
    await selectBlock(second.page, block);
    await renameInEditor(second.page, "实时更新区块（第二位改名）");
    // The first page: its panel shows version 2 and says who changed it; no reload was done.
    const notice = first.page.getByTestId("block-changed-notice");
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getAttribute("data-version")).toBe("2");
    expect(await notice.textContent()).toContain("第二位规划员");
    await expect
      .poll(() => first.page.getByTestId("block-title").textContent(), { timeout: 20_000 })
      .toBe("实时更新区块（第二位改名）");
    // The page that saved it says nothing of its own change.
    expect(await second.page.getByTestId("block-changed-notice").count()).toBe(0);
    await screenshot(first.page, "workspace-4-live-update.png");
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await first.page.close();
    await second.page.close();
  });
});
