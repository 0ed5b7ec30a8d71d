import path from "node:path";
import type { MultiPolygon, Position } from "geojson";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { geodesicRingAreaM2 } from "../helpers/geodesic.js";
import {
  type BlockFeature,
  boundsOf,
  canvasPoints,
  draftRings,
  drag,
  drawTestSuite,
  fetchJson,
  fitTo,
  liveAreaM2,
  lngLatAt,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
  waitForIdle,
} from "./draw-browser.js";

/**
 * Issue #18 item 10, the smaller drawing fixes in headless Chromium: every ring being edited shows its
 * vertex handles (holes and every part) and each can be dragged; dragging an edge's midpoint adds a vertex
 * there instead of panning the map; no self-intersection is reported while the pointer sits on the vertex
 * just placed or on the first one to close the ring.
 */
const context = drawTestSuite();

/** A block of two parts, the first with a hole (north-east Beijing, away from the demo blocks). */
const WEST = 116.6;
const SOUTH = 40.42;
const BLOCK: MultiPolygon = {
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [WEST, SOUTH],
        [WEST + 0.02, SOUTH],
        [WEST + 0.02, SOUTH + 0.016],
        [WEST, SOUTH + 0.016],
        [WEST, SOUTH],
      ],
      [
        [WEST + 0.006, SOUTH + 0.005],
        [WEST + 0.006, SOUTH + 0.011],
        [WEST + 0.013, SOUTH + 0.011],
        [WEST + 0.013, SOUTH + 0.005],
        [WEST + 0.006, SOUTH + 0.005],
      ],
    ],
    [
      [
        [WEST + 0.026, SOUTH],
        [WEST + 0.034, SOUTH],
        [WEST + 0.034, SOUTH + 0.008],
        [WEST + 0.026, SOUTH + 0.008],
        [WEST + 0.026, SOUTH],
      ],
    ],
  ],
};

async function createBlock(name: string): Promise<BlockFeature> {
  const parks = await fetchJson<{ id: number }[]>(context.baseUrl, "/api/parks");
  return fetchJson<BlockFeature>(context.baseUrl, "/api/blocks", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "Feature",
      geometry: BLOCK,
      properties: { name, parkId: parks[0].id, level: "municipal" },
    }),
  });
}

async function editBlock(page: Page, block: BlockFeature): Promise<void> {
  await page.getByTestId("search-input").fill(block.properties.name);
  await page.getByTestId(`search-block-${block.properties.id}`).click();
  await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
  await fitTo(page, boundsOf(block.geometry));
  await page.getByTestId("draw-edit").click();
  await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
  await page.getByTestId("draw-snapping").uncheck();
  await waitForIdle(page);
}

/** The handles our marker layer draws (vertices of the rings terra-draw does not show), as rendered. */
function renderedHandles(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      window.__map
        ?.queryRenderedFeatures({ layers: ["draw-markers"] })
        .filter((feature) => feature.properties?.kind === "handle").length ?? 0,
  );
}

const distanceDeg = (a: Position, b: Position) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const nearestDeg = (ring: Position[], target: Position) =>
  Math.min(...ring.map((position) => distanceDeg(position, target)));

// A slow, shared CI machine: a browser step can take seconds.
describe("drawing handles and midpoints", { timeout: 120_000 }, () => {
  test("every ring shows its handles; a hole's vertex drags; dragging a midpoint adds a vertex, no pan", async () => {
    const block = await createBlock("节点手柄区块");
    const { page, errors } = await openMap(context);
    await editBlock(page, block);
    // terra-draw shows the first part's vertices; ours are the hole's four and the second part's four.
    await expect.poll(() => renderedHandles(page), { timeout: 20_000 }).toBe(8);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-10-handles-every-ring.png") });

    // A hole's vertex, dragged at once (no click to select the hole first).
    const holeVertex = BLOCK.coordinates[0][1][2];
    const from = await screenPoint(page, holeVertex);
    const to = { x: Math.round(from.x + 25), y: Math.round(from.y + 20) };
    const droppedHole = await lngLatAt(page, to);
    await drag(page, from, to);
    await expect
      .poll(async () => {
        const hole = (await draftRings(page)).find((ring) => ring.role === "hole");
        return hole ? nearestDeg(hole.ring, droppedHole) : 1;
      })
      .toBeLessThan(1e-7);
    const holeRing = (await draftRings(page)).find((ring) => ring.role === "hole");
    expect(nearestDeg(holeRing?.ring ?? [], holeVertex), "the old hole vertex is gone").toBeGreaterThan(1e-4);
    // Now the hole is terra-draw's: the first part's four vertices and the second part's four are ours.
    await expect.poll(() => renderedHandles(page)).toBe(8);

    // The first part's southern edge: press on its midpoint, drag south.
    const [a, b] = BLOCK.coordinates[0][0];
    const first = await screenPoint(page, a);
    await page.mouse.click(first.x, first.y);
    await expect.poll(() => renderedHandles(page)).toBe(8);
    const centerBefore = await page.evaluate(() => window.__map?.getCenter().toArray());
    const midpoint = await screenPoint(page, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
    const dropAt = { x: midpoint.x, y: Math.round(midpoint.y + 40) };
    const droppedMid = await lngLatAt(page, dropAt);
    await drag(page, midpoint, dropAt);
    const outer = async () =>
      (await draftRings(page)).find(
        (ring) => ring.role === "part" && nearestDeg(ring.ring, a) < 1e-9 && nearestDeg(ring.ring, b) < 1e-9,
      );
    await expect.poll(async () => ((await outer())?.ring.length ?? 0) - 1).toBe(5);
    expect(nearestDeg((await outer())?.ring ?? [], droppedMid)).toBeLessThan(1e-7);
    const centerAfter = await page.evaluate(() => window.__map?.getCenter().toArray());
    expect(centerAfter, "the map did not pan").toEqual(centerBefore);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-11-midpoint-dragged.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("no self-intersection on the vertex just placed nor on the first vertex while closing", async () => {
    const { page, errors } = await openMap(context);
    await fitTo(page, [WEST, SOUTH + 0.03, WEST + 0.03, SOUTH + 0.05]);
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    await page.getByTestId("draw-snapping").uncheck();
    const points = await canvasPoints(page, [
      [0.3, 0.3],
      [0.65, 0.32],
      [0.68, 0.68],
      [0.32, 0.65],
    ]);
    const lngLats: Position[] = [];
    for (const point of points) lngLats.push(await lngLatAt(page, point));
    const areaOf = (count: number) => geodesicRingAreaM2([...lngLats.slice(0, count), lngLats[0]]);
    const close = (expected: number) => async () => Math.abs((await liveAreaM2(page)) - expected) / expected;

    for (const point of points.slice(0, 3)) {
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(120);
    }
    // The pointer rests on the third vertex: the ring in progress repeats it, and that is no crossing.
    await expect.poll(close(areaOf(3)), { timeout: 20_000 }).toBeLessThan(1e-4);
    expect(await page.getByTestId("draw-kinks").count()).toBe(0);

    await page.mouse.click(points[3].x, points[3].y);
    // The pointer on the first vertex, about to close the ring.
    await page.mouse.move(points[0].x + 10, points[0].y + 10, { steps: 4 });
    await page.mouse.move(points[0].x, points[0].y, { steps: 4 });
    await expect.poll(close(areaOf(4)), { timeout: 20_000 }).toBeLessThan(1e-4);
    expect(await page.getByTestId("draw-kinks").count()).toBe(0);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-12-closing-no-kink.png") });
    expect(errors).toEqual([]);
    await page.close();
  });
});
