import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  canvasPoints,
  clickRing,
  draftRings,
  drawTestSuite,
  liveAreaM2,
  openMap,
  SCREENSHOT_DIR,
  waitForIdle,
} from "./draw-browser.js";

/** Basemaps: our own layers by default (no request leaves the server); a drawing survives a switch. */
const context = drawTestSuite();

/** A 1×1 PNG tile: the "intranet tile server" below is answered by the test, nothing goes out. */
const TILE_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const TILE_HOST = "http://tiles.intranet.test";

// A slow, shared CI machine: a browser step can take seconds.
describe("basemap", { timeout: 120_000 }, () => {
  test("a custom tile URL replaces the basemap; the drawing survives the switch", async () => {
    const { page, errors } = await openMap(context);
    const tileRequests: string[] = [];
    await page.route(`${TILE_HOST}/**`, (route) => {
      tileRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "image/png", body: TILE_PNG });
    });
    await page.evaluate(() => window.__map?.jumpTo({ center: [116.45, 40.05], zoom: 12 }));
    await waitForIdle(page);
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-snapping").uncheck();
    await clickRing(
      page,
      await canvasPoints(page, [
        [0.35, 0.35],
        [0.6, 0.38],
        [0.62, 0.62],
        [0.38, 0.6],
      ]),
    );
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
    const areaBefore = await liveAreaM2(page);

    await page.getByTestId("basemap-select").selectOption("custom");
    await page.getByTestId("basemap-dialog").waitFor();
    await page.getByTestId("basemap-url").fill(`${TILE_HOST}/{z}/{x}/{y}.png`);
    await page.getByTestId("basemap-save").click();
    await expect.poll(() => tileRequests.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await waitForIdle(page);
    const drawn = await page.evaluate(() => {
      const map = window.__map;
      if (!map) throw new Error("window.__map is not set");
      return {
        raster: Boolean(map.getLayer("basemap-custom")),
        polygon: map.queryRenderedFeatures({ layers: ["td-polygon"] }).length,
      };
    });
    expect(drawn.raster).toBe(true);
    expect(drawn.polygon, "the drawing is on the map after the style changed").toBeGreaterThan(0);
    expect(await liveAreaM2(page)).toBe(areaBefore);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-10-basemap-switch.png") });

    // Back to our own layers; the choice is remembered in this browser.
    await page.getByTestId("basemap-select").selectOption("own-layers");
    await waitForIdle(page);
    expect(await page.evaluate(() => Boolean(window.__map?.getLayer("basemap-custom")))).toBe(false);
    expect(
      await page.evaluate(() => window.__map?.queryRenderedFeatures({ layers: ["td-polygon"] }).length ?? 0),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Tianditu needs a key: without one the offline basemap stays and the settings open", async () => {
    const { page, externalRequests } = await openMap(context);
    await page.getByTestId("basemap-select").selectOption("tianditu");
    await page.getByTestId("basemap-dialog").waitFor();
    expect(await page.getByTestId("basemap-dialog").textContent()).toContain("密钥");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-11-basemap-settings.png") });
    expect(externalRequests).toEqual([]);
    await page.close();
  });
});
