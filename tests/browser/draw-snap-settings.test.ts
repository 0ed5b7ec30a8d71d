import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  type BlockFeature,
  boundsOf,
  canvasPoints,
  clickRing,
  draftRings,
  drawTestSuite,
  fetchJson,
  fitTo,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
} from "./draw-browser.js";

/** Issue #18 item 8 (snapping): the tolerance in pixels and the targets are the user's, in 吸附设置. */
const context = drawTestSuite();

async function largestNationalBlock(): Promise<BlockFeature> {
  const { features } = await fetchJson<{ features: BlockFeature[] }>(
    context.baseUrl,
    "/api/blocks?level=national",
  );
  return [...features].sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2)[0];
}

/** Draws a triangle whose first vertex is clicked 18 px from the block's first vertex; its distance (°). */
async function drawNear(page: Page, block: BlockFeature): Promise<number> {
  const vertex = block.geometry.coordinates[0][0][0];
  const near = await screenPoint(page, vertex);
  const start = { x: near.x + 13, y: near.y - 12 };
  const others = await canvasPoints(page, [
    [0.45, 0.4],
    [0.55, 0.5],
    [0.42, 0.55],
  ]);
  await clickRing(page, [start, ...others]);
  await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
  const [ring] = await draftRings(page);
  return Math.min(...ring.ring.map(([lng, lat]) => Math.hypot(lng - vertex[0], lat - vertex[1])));
}

describe("snap settings", { timeout: 120_000 }, () => {
  test("a 30 px tolerance snaps a click 18 px away; without blocks and layers as targets nothing snaps", async () => {
    const { page, errors } = await openMap(context);
    const block = await largestNationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.locator("[data-testid=snap-settings] > summary").click();
    await page.getByTestId("snap-tolerance").fill("30");
    await page.screenshot({ path: `${SCREENSHOT_DIR}/draw-snap-settings.png` });
    await page.locator("[data-testid=snap-settings] > summary").click();
    expect(await drawNear(page, block)).toBeLessThan(1e-9);

    await page.getByTestId("draw-cancel").click();
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.locator("[data-testid=snap-settings] > summary").click();
    await expect(page.getByTestId("snap-tolerance").inputValue()).resolves.toBe("30");
    await page.getByTestId("snap-blocks").uncheck();
    await page.getByTestId("snap-references").uncheck();
    await page.locator("[data-testid=snap-settings] > summary").click();
    expect(await drawNear(page, block)).toBeGreaterThan(1e-6);
    expect(errors).toEqual([]);
    await page.close();
  });
});
