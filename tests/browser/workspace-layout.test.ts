import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import { type BrowserSuite, screenshot, waitForIdle, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #18 item 7 in headless Chromium: the workspace fits a laptop (1280×720), a small laptop (1024 px)
 * and a tablet (800×1100, the side panels in a drawer): no sideways scroll, the map at least half the width,
 * every top-bar button visible, legible and overlapping no other.
 */
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

interface Box {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
  background: string;
  /** What is drawn at the button's centre is the button itself (nothing covers it). */
  onTop: boolean;
}

/** The top bar's and the drawing toolbar's buttons as drawn: where they are and their text and (inherited) background colours. */
function topBarButtons(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const backgroundOf = (element: Element | null): string => {
      for (let node = element; node; node = node.parentElement) {
        const color = getComputedStyle(node).backgroundColor;
        if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") return color;
      }
      return "rgb(255, 255, 255)";
    };
    return [...document.querySelectorAll(".top-bar button, .map-area > .draw-toolbar button")]
      .filter((button) => (button as HTMLElement).offsetParent !== null)
      .map((button) => {
        const rect = button.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
        return {
          onTop: hit !== null && button.contains(hit),
          label: (button.textContent ?? "").trim() || (button.getAttribute("aria-label") ?? ""),
          x: rect.x,
          y: rect.y,
          width: rect.width,
          height: rect.height,
          color: getComputedStyle(button).color,
          background: backgroundOf(button),
        };
      });
  });
}

const channels = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
/** WCAG relative luminance contrast of two rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = channels(color).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

async function checkLayout(page: Page, width: number) {
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    mapWidth: document.querySelector("canvas.maplibregl-canvas")?.getBoundingClientRect().width ?? 0,
  }));
  expect(sizes.scrollWidth, "no sideways scroll").toBeLessThanOrEqual(sizes.clientWidth);
  expect(sizes.mapWidth, "map width").toBeGreaterThanOrEqual(width * 0.5);
  const buttons = await topBarButtons(page);
  expect(buttons.length).toBeGreaterThan(5);
  for (const button of buttons) {
    expect(button.width, `${button.label} width`).toBeGreaterThan(10);
    expect(button.onTop, `${button.label} not covered`).toBe(true);
    expect(button.x, `${button.label} inside the page`).toBeGreaterThanOrEqual(0);
    expect(button.x + button.width, `${button.label} inside the page`).toBeLessThanOrEqual(width + 0.5);
    expect(contrast(button.color, button.background), `${button.label} legible`).toBeGreaterThanOrEqual(3);
  }
  for (const [index, a] of buttons.entries()) {
    for (const b of buttons.slice(index + 1)) {
      expect(overlaps(a, b), `${a.label} / ${b.label} overlap`).toBe(false);
    }
  }
}

describe("issue #18 item 7: the workspace layout", { timeout: 120_000 }, () => {
  for (const [name, width, height] of [
    ["laptop", 1280, 720],
    ["small-laptop", 1024, 768],
    ["tablet", 800, 1100],
    ["wide", 1400, 900],
  ] as const) {
    test(`${name} ${width}×${height}: no sideways scroll, a wide map, legible top-bar buttons`, async () => {
      const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
      await page.setViewportSize({ width, height });
      await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
      await waitForIdle(page);
      await screenshot(page, `layout-${name}.png`);
      await checkLayout(page, width);
      if (width < 1200) {
        // The layer catalogue is a drawer: closed at first, opened from the top bar, closed by choosing a block.
        await expect.poll(() => page.getByTestId("search-input").isVisible()).toBe(false);
        await page.getByTestId("layers-toggle").click();
        await page.getByTestId("search-input").fill("中关村");
        await screenshot(page, `layout-${name}-layers.png`);
        await page.locator("[data-testid^=search-block-]").first().click();
        await expect.poll(() => page.getByTestId("search-input").isVisible()).toBe(false);
        await expect.poll(() => page.getByTestId("block-title").isVisible()).toBe(true);
        await screenshot(page, `layout-${name}-block.png`);
        await checkLayout(page, width);
      } else {
        await expect(page.getByTestId("layers-toggle").isVisible()).resolves.toBe(false);
      }
      // While drawing the drawing toolbar grows: still nothing covers the language switch.
      await page.getByTestId("draw-new").click();
      await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
      await screenshot(page, `layout-${name}-drawing.png`);
      await checkLayout(page, width);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
