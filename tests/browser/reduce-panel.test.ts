import type { Browser, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  type BlockFeature,
  blocksFromApi,
  getJson,
  numberIn,
  openApp,
  renderedCount,
  screenshot,
  selectBlock,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * Issue #18 item 9, the reduction panel in headless Chromium over a fresh copy of the demo database: the share the
 * 0.5 km² floor really keeps, old figures cleared when the strategy changes, the cut line turned by dragging its
 * handle on the map, and no next step offered once the reduction is applied. Needs `npm run build` first.
 */
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ browser, baseUrl } = suite);
});

interface Decision {
  action: string;
  rule: number;
  areaKm2: number;
  keepRatio: number | null;
  floorApplied: boolean;
  targetAreaKm2: number;
}

/** The demo's 永定区块 (门头沟园, 整改中): §4.5 row 2, halving it would go below 0.5 km², so the floor binds. */
async function floorBlock(): Promise<{ block: BlockFeature; decision: Decision }> {
  const block = (await blocksFromApi(baseUrl)).find((b) => b.properties.code === "mentougou-yongding");
  if (!block) throw new Error("The demo data has no 永定区块");
  const decision = await getJson<Decision>(baseUrl, `/api/blocks/${block.properties.id}/exit-decision`);
  return { block, decision };
}

/** A share as the panel formats it (one decimal), from the areas the API answered. */
const percent = (share: number) => (share * 100).toFixed(1);

/** The cut line's handles on the screen (page coordinates), read from what the map renders. */
async function handlesOnScreen(page: Page): Promise<{ x: number; y: number }[]> {
  return page.evaluate(() => {
    const map = window.__map;
    if (!map?.getLayer("cut-line-handle")) return [];
    const box = map.getCanvas().getBoundingClientRect();
    const seen = new Map<string, { x: number; y: number }>();
    for (const feature of map.queryRenderedFeatures({ layers: ["cut-line-handle"] })) {
      if (feature.geometry.type !== "Point") continue;
      const [lng, lat] = feature.geometry.coordinates;
      const point = map.project([lng, lat]);
      seen.set(`${lng},${lat}`, { x: box.left + point.x, y: box.top + point.y });
    }
    return [...seen.values()];
  });
}

describe("reduction panel (issue #18 item 9)", { timeout: 60_000 }, () => {
  test("floor share, cleared figures, cut line dragged on the map, no next step after applying", async () => {
    const { block, decision } = await floorBlock();
    expect(decision).toMatchObject({ action: "reduce", rule: 2, floorApplied: true, keepRatio: 0.5 });
    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, block);
    await page.getByTestId("tab-exit").click();

    // The decision says what the floor keeps (0.5 km² of the block), not the rule's 50%.
    const kept = percent(0.5 / block.properties.areaKm2);
    await expect.poll(() => page.getByTestId("decision-kept-share").textContent()).toContain(`${kept}%`);
    expect(await page.getByTestId("decision-kept-share").textContent()).toContain("规则比例 50.0%");
    await page.getByTestId("strategy-inset").check();
    await page.getByTestId("run-preview").click();
    await page.getByTestId("preview-figures").waitFor();
    expect(numberIn(await page.getByTestId("preview-kept-share").textContent())).toBe(kept);
    expect(await page.getByTestId("preview-floor").textContent()).toContain("0.5 平方公里下限");
    expect(numberIn(await page.getByTestId("preview-target").textContent())).toBe("0.5000");
    await screenshot(page, "reduce-1-floor-share.png");

    // Another strategy: the inset's figures go (they describe what is no longer chosen).
    await page.getByTestId("strategy-cut").check();
    await expect.poll(() => page.getByTestId("preview-figures").count()).toBe(0);
    expect(await page.getByTestId("save-proposal").count()).toBe(0);

    // The cut line on the map: drag a handle to a bearing of 60° (clockwise from north) about the line's middle.
    await expect.poll(async () => (await handlesOnScreen(page)).length).toBe(2);
    const [a, b] = await handlesOnScreen(page);
    const centre = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const radius = Math.hypot(b.x - a.x, b.y - a.y) / 2;
    const bearing = (60 * Math.PI) / 180;
    const target = { x: centre.x + radius * Math.sin(bearing), y: centre.y - radius * Math.cos(bearing) };
    const asked = page.waitForRequest(
      (request) => request.url().endsWith("/reduction-preview") && request.method() === "POST",
    );
    await page.mouse.move(b.x, b.y);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 12 });
    await page.mouse.up();
    const body = JSON.parse((await asked).postData() ?? "{}") as { strategy: string; angleDegrees: number };
    expect(body.strategy).toBe("cut");
    // Whole degrees from a pointer at 60°: the handle was released within a pixel of it.
    expect(Math.abs(body.angleDegrees - 60)).toBeLessThanOrEqual(1);
    expect(Number(await page.getByTestId("cut-angle").inputValue())).toBe(body.angleDegrees);
    await page.getByTestId("preview-figures").waitFor();
    expect(numberIn(await page.getByTestId("preview-kept-share").textContent())).toBe(kept);
    await expect.poll(() => renderedCount(page, ["overlay-reduction-kept"])).toBeGreaterThan(0);
    await screenshot(page, "reduce-2-cut-dragged.png");

    // Save and apply the cut: the block is 已压减 and the panel offers no further step this year.
    await page.getByTestId("save-proposal").click();
    await page.locator("button[data-testid^=apply-]").first().click();
    await page.locator("[data-testid^=confirm-apply-]").first().click();
    await expect
      .poll(() => page.getByTestId("reduction-carried-out").textContent())
      .toContain("淘汰方式已执行");
    const applied = await getJson<BlockFeature>(baseUrl, `/api/blocks/${block.properties.id}`);
    expect(applied.properties.status).toBe("reduced");
    expect(applied.properties.version).toBe(block.properties.version + 1);
    await expect.poll(() => page.getByTestId("block-current").textContent()).toContain("已压减");
    expect(await page.getByTestId("run-preview").count()).toBe(0);
    expect(await page.getByTestId("save-elimination").count()).toBe(0);
    expect(await page.locator("button[data-testid^=apply-]").count()).toBe(0);
    // The year judged comes from the block's rectification records, fetched when the notice mounts.
    await expect
      .poll(() => page.getByTestId("reduction-carried-out").textContent())
      .toContain("年度综合评价整改后仍不达标");
    await screenshot(page, "reduce-3-carried-out.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});
