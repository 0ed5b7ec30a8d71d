import path from "node:path";
import { booleanWithin, polygon } from "@turf/turf";
import geodesic from "geographiclib-geodesic";
import type { Position } from "geojson";
import { describe, expect, test } from "vitest";
import {
  type BlockFeature,
  drawTestSuite,
  fetchJson,
  fitTo,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
  waitForIdle,
} from "./draw-browser.js";

/**
 * 项目落地核查 of a drawn parcel (issue #18 item 10) in headless Chromium: the corners clicked on the map, the
 * parcel checked as a polygon. The parcel is a small square that turf (not the app) finds wholly inside the
 * largest national block, so its share inside 中关村示范区 must read 100.0% and the block must be listed; its
 * area is compared with GeographicLib's ellipsoidal area of the square (not PostGIS, which the app uses).
 */
const context = drawTestSuite();

/** GRS80 (the CGCS2000 ellipsoid), straight from GeographicLib. */
const GRS80 = new geodesic.Geodesic.Geodesic(6_378_137, 1 / 298.257222101);

function ellipsoidalKm2(corners: Position[]): number {
  const ring = GRS80.Polygon(false);
  for (const [lng, lat] of corners) ring.AddPoint(lat, lng);
  return Math.abs(ring.Compute(false, true).area ?? 0) / 1e6;
}

describe("site check of a drawn parcel", { timeout: 150_000 }, () => {
  test("corners clicked on the map, checked: area, 100% inside 中关村, the block listed, policies", async () => {
    const { features } = await fetchJson<{ features: BlockFeature[] }>(
      context.baseUrl,
      "/api/blocks?level=national",
    );
    const largest = [...features].sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2)[0];
    const ring = largest.geometry.coordinates[0][0].slice(0, -1);
    const centre: Position = [
      ring.reduce((sum, position) => sum + position[0], 0) / ring.length,
      ring.reduce((sum, position) => sum + position[1], 0) / ring.length,
    ];
    const block = polygon(largest.geometry.coordinates[0]);
    let half = 0.004;
    const squareOf = (h: number): Position[] => [
      [centre[0] - h, centre[1] - h],
      [centre[0] + h, centre[1] - h],
      [centre[0] + h, centre[1] + h],
      [centre[0] - h, centre[1] + h],
    ];
    while (!booleanWithin(polygon([[...squareOf(half), squareOf(half)[0]]]), block)) half /= 2;
    const corners = squareOf(half);
    expect(half).toBeGreaterThan(0.0002);

    const { page, errors } = await openMap(context);
    await page.getByTestId("open-site-check").click();
    await page.getByTestId("site-mode-parcel").check();
    await page.getByTestId("site-parcel").waitFor();
    await fitTo(page, [
      centre[0] - 4 * half,
      centre[1] - 4 * half,
      centre[0] + 4 * half,
      centre[1] + 4 * half,
    ]);
    expect(await page.getByTestId("site-parcel-check").isDisabled()).toBe(true);
    for (const corner of corners) {
      const point = await screenPoint(page, corner);
      await page.mouse.click(point.x, point.y);
    }
    await expect.poll(() => page.getByTestId("site-parcel-points").textContent()).toContain("4");
    // The corners lie on the block: each click added a corner and selected nothing (no block panel opened).
    await waitForIdle(page);
    expect(await page.getByTestId("block-title").count()).toBe(0);
    const asked = page.waitForRequest((request) => request.url().endsWith("/api/site-check"));
    await page.getByTestId("site-parcel-check").click();
    const sent = JSON.parse((await asked).postData() ?? "{}") as { geometry: { coordinates: Position[][] } };
    await page.getByTestId("site-parcel-result").waitFor({ timeout: 30_000 });
    // The ring sent is the four clicked corners, closed, each within a few metres of the square's corner.
    const sentRing = sent.geometry.coordinates[0];
    expect(sentRing).toHaveLength(5);
    expect(sentRing[4]).toEqual(sentRing[0]);
    corners.forEach((corner, i) => {
      expect(Math.abs(sentRing[i][0] - corner[0])).toBeLessThan(half / 20);
      expect(Math.abs(sentRing[i][1] - corner[1])).toBeLessThan(half / 20);
    });

    const zgcShare = Number(await page.getByTestId("site-parcel-share-zgc").getAttribute("data-share"));
    expect(zgcShare).toBeGreaterThan(0.9999);
    expect(await page.getByTestId("site-parcel-share-zgc").textContent()).toContain("100.0%");
    expect(await page.getByTestId("site-parcel-overlaps").textContent()).toContain(largest.properties.name);
    const areaText = (await page.getByTestId("site-parcel-area").textContent()) ?? "";
    const shownKm2 = Number(/([\d.]+) 平方公里/.exec(areaText)?.[1]);
    // The area of the ring sent, to the 4 decimals shown.
    expect(Math.abs(shownKm2 - ellipsoidalKm2(sentRing.slice(0, 4)))).toBeLessThanOrEqual(0.00005 + 1e-9);
    expect(await page.getByTestId("site-policies").textContent()).toContain("中关村");
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "site-check-parcel.png") });

    // Back to a point: the parcel's sketch and answer are gone, a click checks a point again.
    await page.getByTestId("site-mode-point").check();
    await page.getByTestId("site-coordinates").waitFor();
    expect(await page.getByTestId("site-parcel-result").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
