import path from "node:path";
import type { Polygon, Position } from "geojson";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import {
  type BlockFeature,
  boundsOf,
  drag,
  drawTestSuite,
  fetchJson,
  fitTo,
  lngLatAt,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
  waitForIdle,
} from "./draw-browser.js";

/** Editing a stored block in headless Chromium: drag a vertex, save a new version, a conflict from a second page. */
const context = drawTestSuite();

/** A block of our own, away from the demo blocks' busiest parts (north-east Beijing, in Huairou). */
async function createBlock(name: string, west: number, south: number): Promise<BlockFeature> {
  const parks = await fetchJson<{ id: number }[]>(context.baseUrl, "/api/parks");
  return fetchJson<BlockFeature>(context.baseUrl, "/api/blocks", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "Feature",
      geometry: rectangle(west, south, west + 0.02, south + 0.015),
      properties: { name, parkId: parks[0].id, level: "municipal" },
    }),
  });
}

/** Selects the block through the search box and starts editing it (snapping off: exact drags). */
async function editBlock(page: Page, block: BlockFeature): Promise<void> {
  await page.getByTestId("search-input").fill(block.properties.name);
  await page.getByTestId(`search-block-${block.properties.id}`).click();
  await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
  await fitTo(page, boundsOf(block.geometry));
  await page.getByTestId("draw-edit").click();
  await page.getByTestId("draw-panel").waitFor();
  await page.getByTestId("draw-snapping").uncheck();
  await waitForIdle(page);
}

/** Drags the block's vertex `index` by (dx, dy) pixels; returns where it was dropped, in lon/lat. */
async function dragVertex(page: Page, block: BlockFeature, index: number, dx: number, dy: number) {
  const vertex = block.geometry.coordinates[0][0][index];
  const from = await screenPoint(page, vertex);
  const to = { x: Math.round(from.x + dx), y: Math.round(from.y + dy) };
  await drag(page, from, to);
  return lngLatAt(page, to);
}

async function storedBlock(id: number): Promise<BlockFeature> {
  return fetchJson<BlockFeature>(context.baseUrl, `/api/blocks/${id}`);
}

function nearestVertexDistanceDeg(geometry: Polygon | BlockFeature["geometry"], target: Position): number {
  const positions = geometry.type === "Polygon" ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  return Math.min(...positions.map(([lng, lat]) => Math.hypot(lng - target[0], lat - target[1])));
}

// A slow, shared CI machine: a browser step can take seconds.
describe("editing a block", { timeout: 120_000 }, () => {
  test("drag a vertex and save: version 2 with the vertex where it was dropped", async () => {
    const block = await createBlock("编辑测试区块", 116.62, 40.36);
    const { page, errors } = await openMap(context);
    await editBlock(page, block);
    const dropped = await dragVertex(page, block, 2, 40, -30);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-6-edit-vertex.png") });
    await page.getByTestId("draw-save").click();
    await expect.poll(async () => (await storedBlock(block.properties.id)).properties.version).toBe(2);
    const saved = await storedBlock(block.properties.id);
    // The vertex is where the pointer let go (terra-draw keeps 9 decimals).
    expect(nearestVertexDistanceDeg(saved.geometry, dropped)).toBeLessThan(1e-7);
    expect(saved.properties.areaKm2).toBeGreaterThan(block.properties.areaKm2);
    await page.getByTestId("draw-panel").waitFor({ state: "detached" });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("someone else saves first: the conflict is explained, the edit is kept, compare and save over", async () => {
    const block = await createBlock("冲突测试区块", 116.7, 40.4);
    const first = await openMap(context);
    const second = await openMap(context);
    await editBlock(first.page, block);
    await editBlock(second.page, block);

    await dragVertex(first.page, block, 1, 30, 0);
    await first.page.getByTestId("draw-save").click();
    await expect.poll(async () => (await storedBlock(block.properties.id)).properties.version).toBe(2);

    const mine = await dragVertex(second.page, block, 3, -30, 0);
    const areaBefore = await second.page.getByTestId("draw-live-area").getAttribute("data-area-m2");
    await second.page.getByTestId("draw-save").click();
    const conflict = second.page.getByTestId("draw-conflict");
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.textContent()).toContain("第 2 版");
    // Nothing lost: the panel, the geometry and the area are still the user's.
    expect(await second.page.getByTestId("draw-live-area").getAttribute("data-area-m2")).toBe(areaBefore);
    await second.page.getByTestId("draw-conflict-compare").click();
    await waitForIdle(second.page);
    const theirs = await second.page.evaluate(
      () => window.__map?.queryRenderedFeatures({ layers: ["draw-compare-line"] }).length ?? 0,
    );
    expect(theirs, "their version is drawn for comparison").toBeGreaterThan(0);
    await second.page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-7-conflict.png") });

    await second.page.getByTestId("draw-conflict-save").click();
    await expect.poll(async () => (await storedBlock(block.properties.id)).properties.version).toBe(3);
    const saved = await storedBlock(block.properties.id);
    expect(nearestVertexDistanceDeg(saved.geometry, mine)).toBeLessThan(1e-7);
    expect(first.errors).toEqual([]);
    // The browser logs the refused request (409) itself; nothing else may go wrong.
    expect(second.errors.filter((error) => !error.includes("409"))).toEqual([]);
    await first.page.close();
    await second.page.close();
  });

  test("history: two versions drawn on the map in distinct styles", async () => {
    const block = await createBlock("历史对比区块", 116.66, 40.3);
    const moved = rectangle(116.665, 40.3, 116.69, 40.32);
    await fetchJson<BlockFeature>(context.baseUrl, `/api/blocks/${block.properties.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": '"1"' },
      body: JSON.stringify({ type: "Feature", geometry: moved }),
    });
    const { page, errors } = await openMap(context);
    await page.getByTestId("search-input").fill(block.properties.name);
    await page.getByTestId(`search-block-${block.properties.id}`).click();
    await page.getByTestId("tab-history").click();
    await page.getByTestId("history-pick-1").check();
    await page.getByTestId("history-pick-2").check();
    await page.waitForFunction(() => window.__map && !window.__map.isMoving());
    await waitForIdle(page);
    // The history tab and its compare layer are loaded on use: wait until both versions are drawn.
    const drawnVariants = () =>
      page.evaluate(() =>
        [
          ...new Set(
            (window.__map?.queryRenderedFeatures({ layers: ["draw-compare-line"] }) ?? []).map((feature) =>
              String(feature.properties?.variant),
            ),
          ),
        ].sort(),
      );
    await expect.poll(drawnVariants, { timeout: 30_000 }).toEqual(["newer", "older"]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-9-history-compare.png") });
    expect(errors).toEqual([]);
    await page.close();
  });
});
