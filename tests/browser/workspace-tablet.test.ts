import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { signIn } from "../helpers/browser.js";
import { defaultBrowserLogin } from "../helpers/test-app.js";
import { type BrowserSuite, screenshot, waitForIdle, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #18 item 10 / UX on a tablet (touch, landscape 1024×768 and portrait 768×1024): with a block's panel
 * or the drawing panel open, the map's zoom buttons are not hidden under it, and a tap on them zooms.
 */
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

async function openTablet(width: number, height: number) {
  const page = await suite.browser.newPage({ viewport: { width, height }, hasTouch: true, locale: "zh-CN" });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signIn(page, suite.baseUrl, defaultBrowserLogin());
  await page.goto(suite.baseUrl);
  await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
  return { page, errors };
}

/** The zoom-in button as drawn: its box, the open panel's box, and whether the button is what its centre shows. */
function zoomButton(page: Page) {
  return page.evaluate(() => {
    const button = document.querySelector(".maplibregl-ctrl-zoom-in");
    const panel = document.querySelector(".context-panel:not(.empty)");
    if (!button) return null;
    const rect = button.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
    const panelRect = panel?.getBoundingClientRect();
    return {
      onTop: hit !== null && button.contains(hit),
      right: rect.right,
      panelLeft: panelRect ? panelRect.left : null,
      x: rect.x + rect.width / 2,
      y: rect.y + rect.height / 2,
    };
  });
}

async function expectZoomUsable(page: Page, name: string) {
  await expect.poll(async () => (await zoomButton(page))?.onTop, { timeout: 20_000 }).toBe(true);
  const zoom = await zoomButton(page);
  if (zoom?.panelLeft != null) expect(zoom.right).toBeLessThanOrEqual(zoom.panelLeft);
  await screenshot(page, `tablet-${name}.png`);
  const before = await page.evaluate(() => window.__map?.getZoom() ?? 0);
  await page.touchscreen.tap(zoom?.x ?? 0, zoom?.y ?? 0);
  await expect
    .poll(() => page.evaluate(() => window.__map?.getZoom() ?? 0), { timeout: 20_000 })
    .toBeGreaterThan(before + 0.5);
  await waitForIdle(page);
}

describe("tablet: the zoom buttons beside the open panel", { timeout: 120_000 }, () => {
  for (const [name, width, height] of [
    ["landscape", 1024, 768],
    ["portrait", 768, 1024],
  ] as const) {
    test(`${name} ${width}×${height} touch: a block's panel and the drawing panel leave the zoom buttons usable`, async () => {
      const { page, errors } = await openTablet(width, height);
      await page.getByTestId("layers-toggle").click();
      await page.getByTestId("search-input").fill("中关村");
      await page.locator("[data-testid^=search-block-]").first().click();
      await expect.poll(() => page.getByTestId("block-title").isVisible()).toBe(true);
      await expectZoomUsable(page, `${name}-block`);
      await page.getByTestId("draw-new").click();
      await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
      await expectZoomUsable(page, `${name}-drawing`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
