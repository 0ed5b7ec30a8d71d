import type { Feature, MultiPolygon, Position } from "geojson";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { BlockProperties } from "../../server/db/block-store.js";
import {
  launchChromium,
  type OpenedPage,
  openMapPage,
  SCREENSHOT_DIR,
  waitForMapIdle,
} from "../helpers/browser.js";
import { startTestApp, type TestApp, testFetch } from "../helpers/test-app.js";

/**
 * What the drawing tests share (same set-up as map.test.ts): the real app over a fresh copy of the demo
 * database, one headless Chromium per test file, pages that fail on errors and on requests leaving our
 * server, screenshots under test-results/screenshots/.
 */
export { SCREENSHOT_DIR };

export type BlockFeature = Feature<MultiPolygon, BlockProperties>;

export interface DrawTestContext {
  testApp: TestApp;
  browser: Browser;
  baseUrl: string;
}

export async function startDrawTests(): Promise<DrawTestContext> {
  const browser = await launchChromium();
  // The basemap test's intranet tile server, as an operator lists it in TILE_SOURCES (the CSP).
  const testApp = await startTestApp({ config: { tileSources: ["http://tiles.intranet.test"] } });
  const baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  return { testApp, browser, baseUrl };
}

/**
 * A test file's one app and one browser: started before its tests, closed after them. The object is filled in
 * by `beforeAll`, so tests read `context.baseUrl` as before.
 */
export function drawTestSuite(): DrawTestContext {
  const context = {} as DrawTestContext;
  beforeAll(async () => {
    Object.assign(context, await startDrawTests());
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.testApp?.close();
  });
  return context;
}

export type { OpenedPage };
export const waitForIdle = waitForMapIdle;

/** A fresh page (its own localStorage) with the map loaded and idle. */
export function openMap({ browser, baseUrl }: DrawTestContext): Promise<OpenedPage> {
  return openMapPage(browser, baseUrl);
}

export async function fitTo(page: Page, bounds: [number, number, number, number]): Promise<void> {
  await page.evaluate((box) => window.__map?.fitBounds(box, { padding: 80, duration: 0 }), bounds);
  await waitForIdle(page);
}

/** Page coordinates of a lon/lat. */
export async function screenPoint(page: Page, [lng, lat]: Position): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lng, lat]) => {
      const map = window.__map;
      if (!map) throw new Error("window.__map is not set");
      const projected = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: rect.left + projected.x, y: rect.top + projected.y };
    },
    [lng, lat] as [number, number],
  );
}

/** The lon/lat under page coordinates, as the map computes it (map.unproject). */
export async function lngLatAt(page: Page, point: { x: number; y: number }): Promise<Position> {
  return page.evaluate(({ x, y }) => {
    const map = window.__map;
    if (!map) throw new Error("window.__map is not set");
    const rect = map.getCanvas().getBoundingClientRect();
    return map.unproject([x - rect.left, y - rect.top]).toArray();
  }, point);
}

/** Page points at fractions of the map canvas. */
export async function canvasPoints(
  page: Page,
  fractions: [number, number][],
): Promise<{ x: number; y: number }[]> {
  const rect = await page.locator("canvas.maplibregl-canvas").boundingBox();
  if (!rect) throw new Error("no map canvas");
  return fractions.map(([fx, fy]) => ({
    x: Math.round(rect.x + rect.width * fx),
    y: Math.round(rect.y + rect.height * fy),
  }));
}

/** Clicks the points one by one, then the first again (terra-draw closes the ring and fires finish). */
export async function clickRing(page: Page, points: { x: number; y: number }[]): Promise<void> {
  for (const point of [...points, points[0]]) {
    await page.mouse.click(point.x, point.y);
    await page.waitForTimeout(120);
  }
}

/** Drags with small steps, as a hand would (terra-draw needs moves between down and up). */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.waitForTimeout(100);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await page.waitForTimeout(150);
}

/** The rings of the local draft (what the app keeps of the drawing in localStorage). */
export async function draftRings(page: Page): Promise<{ role: string; ring: Position[] }[]> {
  return page.evaluate(() => {
    const text = localStorage.getItem("bjhtz.drawDraft");
    return text ? (JSON.parse(text) as { rings: { role: string; ring: Position[] }[] }).rings : [];
  });
}

export async function liveAreaM2(page: Page): Promise<number> {
  return Number(await page.getByTestId("draw-live-area").getAttribute("data-area-m2"));
}

export async function fetchJson<T>(baseUrl: string, urlPath: string, init?: RequestInit): Promise<T> {
  const response = await testFetch(`${baseUrl}${urlPath}`, init);
  expect(response.ok, `${urlPath}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

export function boundsOf(geometry: MultiPolygon): [number, number, number, number] {
  const positions = geometry.coordinates.flat(2);
  const lngs = positions.map((position) => position[0]);
  const lats = positions.map((position) => position[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

export const numberIn = (text: string | null) => (text ?? "").replace(/[^\d.]/g, "");

/**
 * Saving over other blocks needs the explicit confirmation (issue #18 item 3): ticks it when the finished
 * drawing's analysis (awaited by the caller) lists blocks it overlaps.
 */
export async function confirmBlockOverlaps(page: Page): Promise<void> {
  if ((await page.getByTestId("draw-block-overlaps").count()) > 0) {
    await page.getByTestId("draw-overlap-confirm").check();
  }
}
