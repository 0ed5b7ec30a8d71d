import { readFile } from "node:fs/promises";
import type { Position } from "geojson";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { fitTo, lngLatAt, screenPoint } from "./draw-browser.js";
import {
  type BlockFeature,
  getJson,
  openApp,
  screenshot,
  selectBlock,
  waitForIdle,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * Issue #18 item 8 in headless Chromium over the real API: the attribute table (filter, sort, select → zoom,
 * export), measuring (checked against PostGIS geography), split by a drawn line, merge by clicking the
 * neighbour, and restoring an earlier version from the history tab. Needs `npm run build`.
 */
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;
withBrowserSuite((suite) => {
  ({ testApp, browser, baseUrl } = suite);
});

const NAMES = { west: "工具测试甲", east: "工具测试乙", split: "工具测试丙" };
/** The view: the test blocks in the middle, clear of the tool panel at the map's bottom right. */
const BOX: [number, number, number, number] = [116.86, 40.56, 117.06, 40.65];
const blocks: Record<keyof typeof NAMES, BlockFeature> = {} as never;

beforeAll(async () => {
  const [park] = await getJson<{ id: number }[]>(baseUrl, "/api/parks");
  const shapes = {
    west: rectangle(116.9, 40.6, 116.91, 40.61),
    east: rectangle(116.91, 40.6, 116.92, 40.61),
    split: rectangle(116.935, 40.6, 116.955, 40.61),
  };
  for (const key of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
    const response = await testApp.admin.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: shapes[key],
        properties: { name: NAMES[key], parkId: park.id, level: "municipal" },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    blocks[key] = response.json();
  }
});

const block = (id: number) => getJson<BlockFeature>(baseUrl, `/api/blocks/${id}`);

async function clickAt(page: Page, lngLat: Position): Promise<Position> {
  const point = await screenPoint(page, lngLat);
  const rounded = { x: Math.round(point.x), y: Math.round(point.y) };
  await page.mouse.click(rounded.x, rounded.y);
  await page.waitForTimeout(150);
  return lngLatAt(page, rounded);
}

/** The numbers in a text, in order ("1,694.12 米（1.6941 千米）" → [1694.12, 1.6941]). */
const numbersIn = (text: string | null) =>
  [...(text ?? "").replaceAll(",", "").matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));

describe("map tools (issue #18 item 8)", { timeout: 240_000 }, () => {
  test("attribute table: server filter, sort by area, select → zoom, export the selection, row → block", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("tool-table").click();
    await page.getByTestId("attribute-filter").fill("工具测试");
    await expect.poll(() => page.getByTestId("attribute-row").count()).toBe(3);
    await page.getByTestId("sort-areaKm2").click();
    await page.getByTestId("sort-areaKm2").click(); // descending
    await expect.poll(() => page.getByTestId("attribute-row").first().textContent()).toContain(NAMES.split);
    await page.getByRole("checkbox", { name: NAMES.west }).check();
    await page.getByRole("checkbox", { name: NAMES.east }).check();
    const downloading = page.waitForEvent("download");
    await page.getByTestId("attribute-export").click();
    const csv = await readFile((await (await downloading).path()) as string, "utf8");
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("名称");
    expect(
      lines
        .slice(1)
        .map((line) => line.split(",")[2])
        .sort(),
    ).toEqual([NAMES.west, NAMES.east].sort());
    await page.getByTestId("attribute-zoom").click();
    // Zoomed to the two blocks (their geometries are fetched first), not left at the city.
    const east = () => page.evaluate(() => window.__map?.getBounds().getEast() ?? 180);
    await expect.poll(east, { timeout: 15_000 }).toBeLessThan(117.1);
    await waitForIdle(page);
    const bounds = await page.evaluate(() => window.__map?.getBounds().toArray());
    expect(bounds?.[0][0]).toBeLessThanOrEqual(116.9);
    expect(bounds?.[1][0]).toBeGreaterThanOrEqual(116.92);
    await page.getByTestId("attribute-row").filter({ hasText: NAMES.east }).click();
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(NAMES.east);
    await screenshot(page, "tools-attribute-table.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("measure: geodesic distance and ellipsoidal area of clicked points equal PostGIS geography", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await fitTo(page, BOX);
    await page.getByTestId("tool-measure").click();
    await page.getByTestId("measure-panel").waitFor();
    const a = await clickAt(page, [116.9, 40.6]);
    const b = await clickAt(page, [116.95, 40.6]);
    const distanceText = await page.getByTestId("measure-result").textContent();
    const line = `LINESTRING(${a[0]} ${a[1]}, ${b[0]} ${b[1]})`;
    const [{ metres }] = (
      await testApp.db.knex.raw(`select ST_Length(ST_GeomFromText(?, 4490)::geography) as metres`, [line])
    ).rows;
    expect(numbersIn(distanceText)[0]).toBeCloseTo(Number(metres), 1);

    await page.getByTestId("measure-area").check();
    const c = await clickAt(page, [116.9, 40.6]);
    const d = await clickAt(page, [116.95, 40.6]);
    const e = await clickAt(page, [116.95, 40.61]);
    const areaText = await page.getByTestId("measure-result").textContent();
    const ring = [c, d, e, c].map(([lng, lat]) => `${lng} ${lat}`).join(", ");
    const [{ km2 }] = (
      await testApp.db.knex.raw(`select ST_Area(ST_GeomFromText(?, 4490)::geography) / 1e6 as km2`, [
        `POLYGON((${ring}))`,
      ])
    ).rows;
    expect(numbersIn(areaText)[0]).toBeCloseTo(Number(km2), 4);
    expect(areaText).toContain("公顷");
    await screenshot(page, "tools-measure-area.png");
    // The measuring clicks did not select the blocks under them.
    expect(await page.getByTestId("block-title").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("split by a drawn line, merge by clicking the neighbour, restore version 1 from the history", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await fitTo(page, BOX);
    await selectBlock(page, blocks.split);
    await fitTo(page, BOX);
    await page.getByTestId("tool-split").click();
    await page.getByTestId("split-panel").waitFor();
    await clickAt(page, [116.945, 40.615]);
    await clickAt(page, [116.945, 40.595]);
    await page.getByTestId("split-confirm").click();
    await page.getByTestId("tool-outcome").waitFor();
    expect(await page.getByTestId("tool-outcome").textContent()).toContain("1");
    const split = await block(blocks.split.properties.id);
    expect(split.properties.version).toBe(2);
    const history = await getJson<{ change: string; links: { blockId: number }[] }[]>(
      baseUrl,
      `/api/blocks/${blocks.split.properties.id}/history`,
    );
    expect(history[1].change).toBe("split");
    const piece = await block(history[1].links[0].blockId);
    expect(piece.properties.name).toBe(`${NAMES.split}-2`);
    expect(split.properties.areaKm2 + piece.properties.areaKm2).toBeCloseTo(
      blocks.split.properties.areaKm2,
      8,
    );
    await screenshot(page, "tools-split.png");
    await page.getByTestId("tool-split").click(); // closes the tool

    await selectBlock(page, blocks.west);
    await fitTo(page, BOX);
    await page.getByTestId("tool-merge").click();
    await page.getByTestId("merge-panel").waitFor();
    await clickAt(page, [116.915, 40.605]);
    await expect.poll(() => page.getByTestId("merge-other").textContent()).toContain(NAMES.east);
    await page.getByTestId("merge-confirm").click();
    await page.getByTestId("tool-outcome").waitFor();
    const merged = await block(blocks.west.properties.id);
    const absorbed = await block(blocks.east.properties.id);
    expect(absorbed.properties.status).toBe("withdrawn");
    expect(merged.properties.areaKm2).toBeCloseTo(
      blocks.west.properties.areaKm2 + blocks.east.properties.areaKm2,
      6,
    );
    await page.getByTestId("tool-merge").click();

    await selectBlock(page, blocks.west);
    await page.getByTestId("tab-history").click();
    await page.getByTestId("version-links").first().waitFor();
    expect(await page.getByTestId("block-history").textContent()).toContain(
      `并入了区块 #${blocks.east.properties.id}`,
    );
    await page.getByTestId("restore-version-1").click();
    await page.getByTestId("restore-confirm-1").click();
    await expect.poll(async () => (await block(blocks.west.properties.id)).properties.version).toBe(3);
    const restored = await block(blocks.west.properties.id);
    expect(restored.properties.areaKm2).toBeCloseTo(blocks.west.properties.areaKm2, 8);
    await expect.poll(() => page.getByTestId("block-history").textContent()).toContain("恢复自版本 1");
    await screenshot(page, "tools-restore-history.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});
