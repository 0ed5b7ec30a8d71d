import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Feature, MultiPolygon, Position } from "geojson";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import type { BlockProperties } from "../../server/db/block-store.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * What the drawing tests share (same set-up as map.test.ts): the real app over a fresh copy of the demo
 * database, one headless Chromium per test file, pages that fail on errors and on requests leaving our
 * server, screenshots under docs/screenshots/.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const CLIENT_INDEX = path.join(ROOT, "dist/client/index.html");
export const SCREENSHOT_DIR = path.join(ROOT, "docs/screenshots");
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

export interface DrawTestContext {
  testApp: TestApp;
  browser: Browser;
  baseUrl: string;
}

export async function startDrawTests(): Promise<DrawTestContext> {
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error(`${path.relative(ROOT, CLIENT_INDEX)} is missing: run npm run build first`);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const testApp = await startTestApp();
  const baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  return { testApp, browser, baseUrl };
}

export interface OpenedPage {
  page: Page;
  errors: string[];
  externalRequests: string[];
}

/** A fresh page (its own localStorage) with the map loaded and idle. */
export async function openMap({ browser, baseUrl }: DrawTestContext): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: VIEWPORT, locale: "zh-CN" });
  const errors: string[] = [];
  const externalRequests: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      externalRequests.push(url);
    }
  });
  await page.goto(baseUrl);
  await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
  return { page, errors, externalRequests };
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
  const response = await fetch(`${baseUrl}${urlPath}`, init);
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
