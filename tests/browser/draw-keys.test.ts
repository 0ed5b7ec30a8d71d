import path from "node:path";
import type { Position } from "geojson";
import { describe, expect, test } from "vitest";
import { geodesicRingAreaM2 } from "../helpers/geodesic.js";
import {
  canvasPoints,
  clickRing,
  draftRings,
  drawTestSuite,
  fitTo,
  liveAreaM2,
  lngLatAt,
  openMap,
  SCREENSHOT_DIR,
  waitForIdle,
} from "./draw-browser.js";

/**
 * Issue #18 item 10, the keys while drawing in headless Chromium: Backspace / Delete remove the last vertex
 * placed (and the chosen vertex once the ring is finished); Esc asks before the ring being drawn is discarded
 * (once it has three vertices; one or two go at once, as before).
 */
const context = drawTestSuite();

// North-east Beijing, away from the demo blocks.
const BOUNDS: [number, number, number, number] = [116.6, 40.45, 116.63, 40.47];
const POINTS: [number, number][] = [
  [0.3, 0.3],
  [0.65, 0.32],
  [0.68, 0.68],
  [0.32, 0.65],
  [0.2, 0.5],
];

// A slow, shared CI machine: a browser step can take seconds.
describe("keys while drawing", { timeout: 120_000 }, () => {
  test("Backspace removes the last vertex placed; Esc asks, 继续绘制 keeps the ring, a second Esc discards it", async () => {
    const { page, errors } = await openMap(context);
    await fitTo(page, BOUNDS);
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.getByTestId("draw-snapping").uncheck();
    const points = await canvasPoints(page, POINTS.slice(0, 4));
    const lngLats: Position[] = [];
    for (const point of points) lngLats.push(await lngLatAt(page, point));
    const areaOf = (count: number) => geodesicRingAreaM2([...lngLats.slice(0, count), lngLats[0]]);
    const offBy = (expected: number) => async () => Math.abs((await liveAreaM2(page)) - expected) / expected;

    for (const point of points) {
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(120);
    }
    await expect.poll(offBy(areaOf(4)), { timeout: 20_000 }).toBeLessThan(1e-4);
    await page.keyboard.press("Backspace");
    // The fourth vertex is gone; the pointer, still there, is no vertex: moving it back onto the third
    // shows the triangle of the three left.
    await page.mouse.move(points[2].x + 8, points[2].y, { steps: 3 });
    await page.mouse.move(points[2].x, points[2].y, { steps: 3 });
    await expect.poll(offBy(areaOf(3)), { timeout: 20_000 }).toBeLessThan(1e-4);

    await page.mouse.click(points[3].x, points[3].y);
    await expect.poll(offBy(areaOf(4)), { timeout: 20_000 }).toBeLessThan(1e-4);
    await page.keyboard.press("Escape");
    const ask = page.getByTestId("draw-discard");
    await ask.waitFor();
    expect(await ask.textContent()).toContain("放弃正在绘制的图形");
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-13-esc-asks.png") });
    await page.getByTestId("draw-discard-keep").click();
    await ask.waitFor({ state: "detached" });
    expect(await offBy(areaOf(4))()).toBeLessThan(1e-4);

    await page.keyboard.press("Escape");
    await ask.waitFor();
    await page.keyboard.press("Escape");
    await ask.waitFor({ state: "detached" });
    await expect.poll(() => liveAreaM2(page)).toBe(0);
    // Still the polygon tool, ready for a new ring.
    expect(await page.getByTestId("draw-tool-polygon").getAttribute("aria-pressed")).toBe("true");
    expect(await draftRings(page)).toEqual([]);

    // A finished ring: a vertex clicked and Backspace removes it.
    const pentagon = await canvasPoints(page, POINTS);
    await clickRing(page, pentagon);
    const vertexCount = async () => ((await draftRings(page))[0]?.ring.length ?? 0) - 1;
    await expect.poll(vertexCount).toBe(5);
    await page.mouse.click(pentagon[4].x, pentagon[4].y);
    await expect.poll(() => page.getByTestId("draw-delete-vertex").isEnabled()).toBe(true);
    await page.keyboard.press("Backspace");
    await expect.poll(vertexCount).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("English: Esc's question in English", async () => {
    const { page, errors } = await openMap(context);
    await page.getByTestId("locale-en").click();
    await fitTo(page, BOUNDS);
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    const points = await canvasPoints(page, POINTS.slice(0, 3));
    for (const point of points) {
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(120);
    }
    await page.keyboard.press("Escape");
    const ask = page.getByTestId("draw-discard");
    await ask.waitFor();
    expect(await ask.textContent()).toContain("Discard the shape being drawn?");
    expect(await page.getByTestId("draw-discard-keep").textContent()).toBe("Keep drawing");
    await page.getByTestId("draw-discard-confirm").click();
    await ask.waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await page.close();
  });
});
