import path from "node:path";
import type { Position } from "geojson";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  type BlockFeature,
  draftRings,
  drawTestSuite,
  fetchJson,
  fitTo,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
  waitForIdle,
} from "./draw-browser.js";

/**
 * 坐标输入 (issue #18 item 8) in headless Chromium: a block typed vertex by vertex as lon/lat and as
 * Gauss-Krüger zone-39 X/Y, a vertex moved to typed coordinates, wrong numbers named by field, saved.
 * The GK pair comes from PROJ's cs2cs (CGCS2000 3° zone 39 with the zone prefix, EPSG:4527):
 * 116.63°E 40.378°N → X 4471567.220 (northing), Y 39468579.146 (easting).
 */
const context = drawTestSuite();

async function typeVertex(page: Page, system: "lonlat" | "gk39", first: string, second: string) {
  await page.getByTestId("coord-system").selectOption(system);
  await page.getByTestId("coord-first").fill(first);
  await page.getByTestId("coord-second").fill(second);
}

const distanceDeg = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe("coordinate entry", { timeout: 120_000 }, () => {
  test("type lon/lat and GK X/Y vertices, move the chosen vertex, wrong numbers named, save", async () => {
    const { page, errors } = await openMap(context);
    await fitTo(page, [116.61, 40.35, 116.66, 40.39]);
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    const form = page.getByTestId("draw-coordinates");
    await form.waitFor();

    // A wrong number is named by its field; nothing is added.
    await typeVertex(page, "lonlat", "116.62", "40.36x");
    await page.getByTestId("coord-add").click();
    expect(await page.getByTestId("coord-problem").textContent()).toBe("纬度不是数字。");
    await typeVertex(page, "lonlat", "40.36", "116.62");
    await page.getByTestId("coord-add").click();
    expect(await page.getByTestId("coord-problem").textContent()).toBe("经度看起来与另一个坐标填反了。");

    // Three lon/lat vertices make the polygon; the fourth is typed as GK X/Y and goes after the third.
    await typeVertex(page, "lonlat", "116.62", "40.36");
    await page.getByTestId("coord-add").click();
    await typeVertex(page, "lonlat", "116.645", "40.36");
    await page.getByTestId("coord-add").click();
    expect(await page.getByTestId("coord-pending").textContent()).toContain("2");
    expect(await draftRings(page)).toEqual([]);
    await typeVertex(page, "lonlat", "116.645", "40.378");
    await page.getByTestId("coord-add").click();
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
    expect(await page.getByTestId("draw-tool-edit").getAttribute("aria-pressed")).toBe("true");

    await typeVertex(page, "gk39", "39468579.146", "4471567.220");
    await page.getByTestId("coord-add").click();
    expect(await page.getByTestId("coord-problem").textContent()).toBe(
      "X（北坐标）看起来与另一个坐标填反了。",
    );
    await typeVertex(page, "gk39", "4471567.220", "39468579.146");
    await page.getByTestId("coord-add").click();
    await expect.poll(async () => (await draftRings(page))[0].ring.length).toBe(5);
    const [typed] = await draftRings(page);
    const expected: Position[] = [
      [116.62, 40.36],
      [116.645, 40.36],
      [116.645, 40.378],
      [116.63, 40.378],
    ];
    // terra-draw may start the ring anywhere and wind it either way: compare as a cycle.
    const start = typed.ring.findIndex((position) => distanceDeg(position, expected[0]) < 1e-8);
    expect(start).toBeGreaterThanOrEqual(0);
    const open = typed.ring.slice(0, -1);
    const cycle = [...open.slice(start), ...open.slice(0, start)];
    const forward = cycle.every((position, index) => distanceDeg(position, expected[index]) < 1e-7);
    expect(forward, JSON.stringify(cycle)).toBe(true);

    // Move the vertex chosen on the map (the second one) to typed coordinates.
    await waitForIdle(page);
    const second = await screenPoint(page, [116.645, 40.36]);
    await page.mouse.click(second.x, second.y);
    await expect.poll(() => page.getByTestId("coord-move").isEnabled()).toBe(true);
    await typeVertex(page, "lonlat", "116.65", "40.357");
    await page.getByTestId("coord-move").click();
    await expect
      .poll(async () =>
        (await draftRings(page))[0].ring.some((position) => distanceDeg(position, [116.65, 40.357]) < 1e-9),
      )
      .toBe(true);
    const [moved] = await draftRings(page);
    expect(moved.ring.length).toBe(5);
    expect(moved.ring.some((position) => distanceDeg(position, [116.645, 40.36]) < 1e-6)).toBe(false);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-12-coordinates.png") });

    const parks = await fetchJson<{ id: number }[]>(context.baseUrl, "/api/parks");
    await page.getByTestId("draw-name").fill("坐标输入区块");
    await page.getByTestId("draw-park").selectOption(String(parks[0].id));
    await page.getByTestId("draw-analysis").waitFor({ timeout: 20_000 });
    if ((await page.getByTestId("draw-block-overlaps").count()) > 0)
      await page.getByTestId("draw-overlap-confirm").check();
    const posted = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/blocks"),
    );
    await page.getByTestId("draw-save").click();
    const created = (await (await posted).json()) as BlockFeature;
    const saved = await fetchJson<BlockFeature>(context.baseUrl, `/api/blocks/${created.properties.id}`);
    const stored = saved.geometry.coordinates[0][0];
    for (const position of [
      [116.62, 40.36],
      [116.65, 40.357],
      [116.645, 40.378],
      [116.63, 40.378],
    ]) {
      expect(Math.min(...stored.map((vertex) => distanceDeg(vertex, position)))).toBeLessThan(1e-7);
    }
    expect(stored.length).toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("English: the field is named in English", async () => {
    const { page, errors } = await openMap(context);
    await page.getByTestId("locale-en").click();
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-coordinates").waitFor({ timeout: 30_000 });
    await typeVertex(page, "gk39", "4471567.220", "38468579.146");
    await page.getByTestId("coord-add").click();
    expect(await page.getByTestId("coord-problem").textContent()).toContain("Y (easting)");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("site check with typed coordinates", { timeout: 120_000 }, () => {
  test("a typed lon/lat inside a Zhongguancun block lists 中关村 among its zones; a bad number is named", async () => {
    const { features } = await fetchJson<{ features: BlockFeature[] }>(
      context.baseUrl,
      "/api/blocks?level=national",
    );
    const largest = [...features].sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2)[0];
    const answerFor = async (lngLat: Position) =>
      fetchJson<{ zones: { kind: string; name: string }[]; policies: string[] }>(
        context.baseUrl,
        "/api/site-check",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ geometry: { type: "Point", coordinates: lngLat } }),
        },
      );
    // A vertex-average point of the largest national block that the server finds inside it.
    const ring = largest.geometry.coordinates[0][0].slice(0, -1);
    const centre: Position = [
      ring.reduce((sum, position) => sum + position[0], 0) / ring.length,
      ring.reduce((sum, position) => sum + position[1], 0) / ring.length,
    ];
    const answer = await answerFor(centre);
    expect(answer.policies).toContain("zgc-national-policies");
    const { page, errors } = await openMap(context);
    await page.getByTestId("open-site-check").click();
    await page.getByTestId("site-coordinates").waitFor();
    await page.getByTestId("site-coord-first").fill(centre[0].toFixed(6));
    await page.getByTestId("site-coord-second").fill("abc");
    await page.getByTestId("site-coord-check").click();
    expect(await page.getByTestId("site-coord-problem").textContent()).toBe("纬度不是数字。");
    await page.getByTestId("site-coord-second").fill(centre[1].toFixed(6));
    await page.getByTestId("site-coord-check").click();
    await page.getByTestId("site-result").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("site-zgc").textContent()).toContain("中关村");
    const zonesText = (await page.getByTestId("site-zones").textContent()) ?? "";
    for (const zone of answer.zones) expect(zonesText).toContain(zone.name);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "site-check-typed.png") });
    expect(errors).toEqual([]);
    await page.close();
  });
});
