import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Feature, MultiPolygon } from "geojson";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import type { BlockProperties } from "../../server/db/block-store.js";

/** Shared set-up of the review browser tests (the pattern of map.test.ts). */
export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCREENSHOT_DIR = path.join(ROOT, "docs/screenshots");
const CLIENT_INDEX = path.join(ROOT, "dist/client/index.html");
const VIEWPORT = { width: 1400, height: 900 };
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

export type BlockFeature = Feature<MultiPolygon, BlockProperties>;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error(`${path.relative(ROOT, CLIENT_INDEX)} is missing: run npm run build first`);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** A fresh page with the map idle; page errors are collected. */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  locale = "zh-CN",
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT, locale, acceptDownloads: true });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(baseUrl);
  await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
  return { page, errors };
}

export async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__map;
        if (!map) throw new Error("window.__map is not set");
        if (map.loaded() && !map.isMoving()) resolve();
        else map.once("idle", () => resolve());
      }),
  );
}

export async function getJson<T>(baseUrl: string, pathname: string): Promise<T> {
  const response = await fetch(`${baseUrl}${pathname}`);
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
