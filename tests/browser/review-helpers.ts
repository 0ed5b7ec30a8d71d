import path from "node:path";
import type { Feature, MultiPolygon } from "geojson";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { BlockProperties } from "../../server/db/block-store.js";
import {
  launchChromium,
  type OpenedPage,
  openMapPage,
  ROOT,
  SCREENSHOT_DIR,
  waitForMapIdle,
} from "../helpers/browser.js";
import { startTestApp, type TestApp, testFetch } from "../helpers/test-app.js";

/** Shared set-up of the review browser tests (on top of tests/helpers/browser.ts). */
export { ROOT, SCREENSHOT_DIR };

export type BlockFeature = Feature<MultiPolygon, BlockProperties>;

export const launchBrowser = launchChromium;
export const waitForIdle = waitForMapIdle;

/** A fresh page with the map idle; page errors are collected. */
export async function openApp(browser: Browser, baseUrl: string, locale = "zh-CN"): Promise<OpenedPage> {
  return openMapPage(browser, baseUrl, locale);
}

export async function getJson<T>(baseUrl: string, pathname: string): Promise<T> {
  const response = await testFetch(`${baseUrl}${pathname}`);
  expect(response.status, pathname).toBe(200);
  return (await response.json()) as T;
}

export async function blocksFromApi(baseUrl: string): Promise<BlockFeature[]> {
  return (await getJson<{ features: BlockFeature[] }>(baseUrl, "/api/blocks")).features;
}

/** Selects a block through the search box (as a user would) and waits for the panel and the map. */
export async function selectBlock(page: Page, block: BlockFeature): Promise<void> {
  await page.getByTestId("search-input").fill(block.properties.name);
  await page.getByTestId(`search-block-${block.properties.id}`).click();
  await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
  await page.waitForFunction(() => window.__map && !window.__map.isMoving());
  await waitForIdle(page);
}

/** Number of rendered features of map layers (for "is it drawn", never for areas). */
export async function renderedCount(page: Page, layers: string[]): Promise<number> {
  return page.evaluate(
    (ids) =>
      window.__map?.queryRenderedFeatures({ layers: ids.filter((id) => window.__map?.getLayer(id)) })
        .length ?? 0,
    layers,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await waitForIdle(page);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
}

/** Digits and the decimal point of a formatted number ("1,234.5678 平方公里" → "1234.5678"). */
export const numberIn = (text: string | null) => (text ?? "").replace(/[^\d.]/g, "");

/** What a browser test file runs against: the app over a fresh copy of the demo database, and Chromium. */
export interface BrowserSuite {
  testApp: TestApp;
  browser: Browser;
  /** Where the app listens (a loopback port of its own). */
  baseUrl: string;
}

/** One suite per test file: started before its tests (handed to `assign`), closed after them. */
export function withBrowserSuite(assign: (suite: BrowserSuite) => void): void {
  let suite: BrowserSuite | undefined;
  beforeAll(async () => {
    const testApp = await startTestApp();
    const baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
    suite = { testApp, baseUrl, browser: await launchBrowser() };
    assign(suite);
  });
  afterAll(async () => {
    await suite?.browser.close();
    await suite?.testApp.close();
  });
}
