import path from "node:path";
import type { Position } from "geojson";
import type { Route } from "playwright-core";
import { describe, expect, test } from "vitest";
import { geodesicRingAreaM2 } from "../helpers/geodesic.js";
import {
  type BlockFeature,
  boundsOf,
  canvasPoints,
  clickRing,
  confirmBlockOverlaps,
  draftRings,
  drag,
  drawTestSuite,
  fetchJson,
  fitTo,
  liveAreaM2,
  lngLatAt,
  numberIn,
  openMap,
  SCREENSHOT_DIR,
  screenPoint,
  waitForIdle,
} from "./draw-browser.js";

/** Drawing a new block in headless Chromium: live GeographicLib area, server analysis, save, draft. */
const context = drawTestSuite();

/** A national block of the demo data, to draw next to (so the overlap table has a row). */
async function nationalBlock(): Promise<BlockFeature> {
  const { features } = await fetchJson<{ features: BlockFeature[] }>(
    context.baseUrl,
    "/api/blocks?level=national",
  );
  const largestFirst = [...features].sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2);
  return largestFirst[0];
}

const QUAD: [number, number][] = [
  [0.3, 0.3],
  [0.62, 0.34],
  [0.66, 0.7],
  [0.34, 0.64],
];

// A slow, shared CI machine: a browser step can take seconds. No retries: the saved block is looked up by the
// id its POST returned (a retry could pass on an earlier attempt's block of the same name).
describe("drawing a block", { timeout: 120_000 }, () => {
  test("click four points: the live area is GeographicLib's, the server's analysis follows, save it", async () => {
    const { page, errors, externalRequests } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    // The drawing code is its own chunk, loaded on this first use: on a busy machine that takes seconds.
    await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
    // Exact clicks: snapping would move a vertex onto a nearby boundary.
    await page.getByTestId("draw-snapping").uncheck();

    const points = await canvasPoints(page, QUAD);
    for (const point of points.slice(0, 3)) {
      await page.mouse.click(point.x, point.y);
      await page.waitForTimeout(120);
    }
    await page.mouse.move(points[3].x, points[3].y, { steps: 4 });
    await expect.poll(() => liveAreaM2(page)).toBeGreaterThan(0);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-1-drawing.png") });
    await page.mouse.click(points[3].x, points[3].y);
    await page.waitForTimeout(120);
    await page.mouse.click(points[0].x, points[0].y);

    const clicked: Position[] = [];
    for (const point of points) clicked.push(await lngLatAt(page, point));
    const expectedM2 = geodesicRingAreaM2([...clicked, clicked[0]]);
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
    const areaM2 = await liveAreaM2(page);
    expect(Math.abs(areaM2 - expectedM2) / expectedM2).toBeLessThan(1e-6);
    expect(numberIn(await page.getByTestId("draw-live-km2").textContent())).toBe(
      (expectedM2 / 1e6).toFixed(4),
    );
    expect(numberIn(await page.getByTestId("draw-live-hectares").textContent())).toBe(
      (expectedM2 / 1e4).toFixed(2),
    );

    // The server's analysis of the finished ring: its area agrees, and the national block is overlapped.
    const analysis = page.getByTestId("draw-analysis");
    await analysis.waitFor({ timeout: 20_000 });
    expect(numberIn(await page.getByTestId("draw-server-area").textContent())).toContain(
      (expectedM2 / 1e6).toFixed(4),
    );
    const rows = page.getByTestId("draw-overlap-table").locator("tbody tr");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await page.getByTestId("draw-overlap-table").textContent()).toContain(block.properties.name);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-2-finished.png") });

    const parks = await fetchJson<{ id: number; name: string }[]>(context.baseUrl, "/api/parks");
    await page.getByTestId("draw-name").fill("测试候选区块");
    await page.getByTestId("draw-park").selectOption(String(parks[0].id));
    await page.getByTestId("draw-level").selectOption("municipal");
    // It overlaps the national block: saving over a block needs the explicit confirmation (issue #18 item 3).
    await page.getByTestId("draw-overlap-confirm").check();
    // Issue #18 item 5, the race forced: the tiles the map fetches after the save are held until the rest of the
    // page (the panel, the labels, the selection) has settled, then released; the map must still show the block.
    const held: Route[] = [];
    let holding = true;
    await page.route("**/api/tiles/**", (route) => (holding ? void held.push(route) : route.continue()));
    const posted = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/blocks"),
    );
    await page.getByTestId("draw-save").click();
    const created = (await (await posted).json()) as BlockFeature;
    await expect
      .poll(() => page.getByTestId("block-title").textContent(), { timeout: 20_000 })
      .toBe("测试候选区块");
    await expect.poll(() => held.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    holding = false;
    for (const route of held.splice(0)) await route.continue();

    const saved = await fetchJson<BlockFeature>(context.baseUrl, `/api/blocks/${created.properties.id}`);
    expect(saved.properties).toMatchObject({
      name: "测试候选区块",
      version: 1,
      parkId: parks[0].id,
      level: "municipal",
    });
    expect(Math.abs(saved.properties.areaKm2 * 1e6 - expectedM2) / expectedM2).toBeLessThan(1e-6);
    expect(await draftRings(page)).toEqual([]);
    // The blocks are the server's vector tiles, reloaded in place right after the save; the new block is drawn
    // and selected (feature state, kept across the reload).
    await expect
      .poll(
        () =>
          page.evaluate((id) => {
            const map = window.__map;
            if (!map) throw new Error("window.__map is not set");
            const rendered = map.queryRenderedFeatures({ layers: ["blocks-fill"] });
            return {
              source: map.getSource("blocks")?.type,
              saved: rendered.some((feature) => feature.properties?.id === id),
              selected:
                map.getFeatureState({ source: "blocks", sourceLayer: "blocks", id }).selected === true,
            };
          }, saved.properties.id),
        { timeout: 45_000 },
      )
      .toEqual({ source: "vector", saved: true, selected: true });
    await page.unroute("**/api/tiles/**");
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-3-saved.png") });
    expect(errors).toEqual([]);
    expect(externalRequests).toEqual([]);
    await page.close();
  });

  test("an unsaved drawing survives a reload (local draft)", async () => {
    const { page } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-snapping").uncheck();
    await clickRing(page, await canvasPoints(page, QUAD));
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
    await page.getByTestId("draw-name").fill("草稿区块");
    const before = await liveAreaM2(page);

    await page.reload();
    await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
    await page.getByTestId("draw-draft-restored").waitFor();
    expect(await page.getByTestId("draw-name").inputValue()).toBe("草稿区块");
    expect(await liveAreaM2(page)).toBeCloseTo(before, 6);
    await page.getByTestId("draw-cancel").click();
    expect(await draftRings(page)).toEqual([]);
    await page.close();
  });

  test("a self-intersection is marked at the crossing; the server's refusal is shown in the user's language", async () => {
    const { page, errors } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-snapping").uncheck();
    // A bow tie: the second and third points swapped.
    const bowTie = await canvasPoints(page, [QUAD[0], QUAD[2], QUAD[1], QUAD[3]]);
    await clickRing(page, bowTie);
    await page.getByTestId("draw-kinks").waitFor();
    await waitForIdle(page);
    const markers = await page.evaluate(
      () => window.__map?.queryRenderedFeatures({ layers: ["draw-markers"] }).length ?? 0,
    );
    expect(markers).toBeGreaterThan(0);

    const parks = await fetchJson<{ id: number }[]>(context.baseUrl, "/api/parks");
    await page.getByTestId("draw-name").fill("自相交");
    await page.getByTestId("draw-park").selectOption(String(parks[0].id));
    await page.getByTestId("draw-save").click();
    const error = page.getByTestId("draw-save-error");
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain("自相交");
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-4-self-intersection.png") });

    await page.getByTestId("locale-en").click();
    await expect.poll(() => error.textContent()).toContain("crosses itself");
    expect(await page.getByTestId("draw-save").textContent()).toBe("Save");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-5-english.png") });
    // Once the drawing changes, the refusal and its marker speak of a geometry that is gone (issue #18 item 10).
    const before = JSON.stringify(await draftRings(page));
    await page.getByTestId("draw-tool-edit").click();
    await drag(page, bowTie[1], { x: bowTie[1].x + 25, y: bowTie[1].y + 10 });
    await expect.poll(async () => JSON.stringify(await draftRings(page))).not.toBe(before);
    await expect.poll(() => error.count()).toBe(0);
    // The browser logs the refused request (400) itself; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes("400"))).toEqual([]);
    await page.close();
  });

  test("cut a hole and add a part: the live area is outer − hole + part, and the server agrees", async () => {
    const { page, errors } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-snapping").uncheck();
    const outer = await canvasPoints(page, QUAD);
    await clickRing(page, outer);
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);

    await page.getByTestId("draw-tool-hole").click();
    const hole = await canvasPoints(page, [
      [0.44, 0.44],
      [0.52, 0.45],
      [0.53, 0.53],
      [0.45, 0.52],
    ]);
    await clickRing(page, hole);
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(2);

    await page.getByTestId("draw-tool-part").click();
    const part = await canvasPoints(page, [
      [0.75, 0.72],
      [0.86, 0.73],
      [0.85, 0.86],
      [0.76, 0.84],
    ]);
    await clickRing(page, part);
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(3);

    const ringArea = async (points: { x: number; y: number }[]) => {
      const lngLats: Position[] = [];
      for (const point of points) lngLats.push(await lngLatAt(page, point));
      return geodesicRingAreaM2([...lngLats, lngLats[0]]);
    };
    const expectedM2 = (await ringArea(outer)) - (await ringArea(hole)) + (await ringArea(part));
    const areaM2 = await liveAreaM2(page);
    expect(Math.abs(areaM2 - expectedM2) / expectedM2).toBeLessThan(1e-6);
    await page.getByTestId("draw-analysis").waitFor({ timeout: 20_000 });
    expect(numberIn(await page.getByTestId("draw-server-area").textContent())).toContain(
      (expectedM2 / 1e6).toFixed(4),
    );
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "draw-8-hole-and-part.png") });

    const parks = await fetchJson<{ id: number }[]>(context.baseUrl, "/api/parks");
    await page.getByTestId("draw-name").fill("多部分区块");
    await page.getByTestId("draw-park").selectOption(String(parks[1].id));
    await confirmBlockOverlaps(page);
    await page.getByTestId("draw-save").click();
    await expect
      .poll(() => page.getByTestId("block-title").textContent(), { timeout: 20_000 })
      .toBe("多部分区块");
    const { features } = await fetchJson<{ features: BlockFeature[] }>(context.baseUrl, "/api/blocks");
    const saved = features.find((feature) => feature.properties.name === "多部分区块");
    expect(saved?.geometry.coordinates.map((polygon) => polygon.length).sort()).toEqual([1, 2]);
    expect(Math.abs((saved?.properties.areaKm2 ?? 0) * 1e6 - expectedM2) / expectedM2).toBeLessThan(1e-6);
    expect(errors, errors.join("\n")).toEqual([]);
    await page.close();
  });

  test("snapping puts a vertex clicked near a block's vertex exactly on it", async () => {
    const { page } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    expect(await page.getByTestId("draw-snapping").isChecked()).toBe(true);
    const vertex = block.geometry.coordinates[0][0][0];
    const near = await screenPoint(page, vertex);
    const start = { x: near.x + 4, y: near.y - 3 };
    const others = await canvasPoints(page, [
      [0.45, 0.4],
      [0.55, 0.5],
      [0.42, 0.55],
    ]);
    await clickRing(page, [start, ...others]);
    await expect.poll(() => draftRings(page).then((rings) => rings.length)).toBe(1);
    const [ring] = await draftRings(page);
    const distances = ring.ring.map(([lng, lat]) => Math.hypot(lng - vertex[0], lat - vertex[1]));
    expect(Math.min(...distances)).toBeLessThan(1e-9);
    await page.close();
  });

  test("Delete removes the clicked vertex; undo and redo (toolbar and Ctrl+Z / Ctrl+Y)", async () => {
    const { page, errors } = await openMap(context);
    const block = await nationalBlock();
    await fitTo(page, boundsOf(block.geometry));
    await page.getByTestId("draw-new").click();
    await page.getByTestId("draw-snapping").uncheck();
    const pentagon = await canvasPoints(page, [
      [0.35, 0.3],
      [0.6, 0.32],
      [0.68, 0.55],
      [0.5, 0.7],
      [0.32, 0.55],
    ]);
    await clickRing(page, pentagon);
    const vertexCount = async () => ((await draftRings(page))[0]?.ring.length ?? 0) - 1;
    await expect.poll(vertexCount).toBe(5);

    await page.mouse.click(pentagon[2].x, pentagon[2].y);
    await expect.poll(() => page.getByTestId("draw-delete-vertex").isEnabled()).toBe(true);
    await page.keyboard.press("Delete");
    await expect.poll(vertexCount).toBe(4);
    const removed = await lngLatAt(page, pentagon[2]);
    const [ring] = await draftRings(page);
    expect(
      Math.min(...ring.ring.map(([lng, lat]) => Math.hypot(lng - removed[0], lat - removed[1]))),
    ).toBeGreaterThan(1e-4);

    await page.getByTestId("draw-undo").click();
    await expect.poll(vertexCount).toBe(5);
    await page.getByTestId("draw-name").click();
    await page.locator("body").click({ position: { x: 5, y: 880 } });
    await page.keyboard.press("Control+y");
    await expect.poll(vertexCount).toBe(4);
    await page.keyboard.press("Control+z");
    await expect.poll(vertexCount).toBe(5);
    expect(errors).toEqual([]);
    await page.close();
  });
});
