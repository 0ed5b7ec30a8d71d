import path from "node:path";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Position } from "geojson";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { labelPoint } from "../../client/geo/label-point.js";
import type { BlockProperties } from "../../server/db/block-store.js";
import { launchChromium, openMapPage, SCREENSHOT_DIR, signIn, waitForMapIdle } from "../helpers/browser.js";
import { cs2cs } from "../helpers/cs2cs.js";
import { defaultBrowserLogin, startTestApp, type TestApp, testFetch } from "../helpers/test-app.js";

/**
 * The web app in headless Chromium over the real API and a fresh copy of the demo database.
 * Needs the built client (`npm run build`) and Debian's chromium (SwiftShader WebGL).
 */
const BLOCK_FILL_LAYER = "blocks-fill";

type BlockFeature = Feature<MultiPolygon, BlockProperties>;

let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  testApp = await startTestApp();
  baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

/** A fresh page with the map loaded and idle (errors and requests leaving our server collected). */
function openMap() {
  return openMapPage(browser, baseUrl);
}

const waitForIdle = waitForMapIdle;

async function blocksFromApi(): Promise<BlockFeature[]> {
  const response = await testFetch(`${baseUrl}/api/blocks`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { features: BlockFeature[] }).features;
}

/**
 * A large block shown by default (not ended) and a point well inside it (its pole of inaccessibility)
 * that no other block covers, so a click there can only mean this block.
 */
async function knownBlock(): Promise<{ block: BlockFeature; inside: Position }> {
  const blocks = await blocksFromApi();
  const shown = blocks.filter((block) => !["exited", "withdrawn"].includes(block.properties.status));
  const largestFirst = [...shown].sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2);
  for (const block of largestFirst) {
    const inside = labelPoint(block.geometry);
    const covered = blocks.some((other) => other !== block && booleanPointInPolygon(inside, other.geometry));
    if (!covered) return { block, inside };
  }
  throw new Error("The demo data has no block with an interior point that no other block covers");
}

/** Zooms the map so the block fills the view, then returns the screen point of `inside`. */
async function screenPointOf(
  page: Page,
  block: BlockFeature,
  inside: Position,
): Promise<{ x: number; y: number }> {
  const bounds = boundsOf(block.geometry);
  await page.evaluate((box) => window.__map?.fitBounds(box, { padding: 80, duration: 0 }), bounds);
  await waitForIdle(page);
  const point = await page.evaluate(
    ([lng, lat]) => {
      const map = window.__map;
      if (!map) throw new Error("window.__map is not set");
      const projected = map.project([lng, lat]);
      const rect = map.getCanvas().getBoundingClientRect();
      const hits = map.queryRenderedFeatures(projected, { layers: ["blocks-fill"] });
      return {
        x: rect.left + projected.x,
        y: rect.top + projected.y,
        ids: hits.map((hit) => hit.properties?.id),
      };
    },
    inside as [number, number],
  );
  expect(point.ids, "the chosen point is inside this block only, as rendered").toEqual([block.properties.id]);
  return { x: point.x, y: point.y };
}

function boundsOf(geometry: MultiPolygon): [number, number, number, number] {
  const positions = geometry.coordinates.flat(2);
  const lngs = positions.map((position) => position[0]);
  const lats = positions.map((position) => position[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

const numberIn = (text: string | null) => (text ?? "").replace(/[^\d.]/g, "");

describe("web app: the map", () => {
  test("draws the blocks from the API (counted from the rendered map)", async () => {
    const { page, errors, externalRequests } = await openMap();
    const rendered = await page.evaluate(
      (layer) => window.__map?.queryRenderedFeatures({ layers: [layer] }).length ?? 0,
      BLOCK_FILL_LAYER,
    );
    expect(rendered).toBeGreaterThan(0);
    await expect(page.getByTestId("app-title").textContent()).resolves.toBe("北京市高新区空间规划平台");
    await expect(page.getByTestId("illustrative-badge").textContent()).resolves.toBe("示意数据");
    expect(errors).toEqual([]);
    expect(externalRequests, "requests that leave the app's server").toEqual([]);
    await page.close();
  });

  test("clicking a block shows its stored area in km² (4 decimals) and 公顷 (2 decimals), then English", async () => {
    const { block, inside } = await knownBlock();
    const { page, errors } = await openMap();
    const point = await screenPointOf(page, block, inside);
    await page.mouse.click(point.x, point.y);

    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
    const km2 = page.getByTestId("block-area-km2");
    const hectares = page.getByTestId("block-area-hectares");
    expect(numberIn(await km2.textContent())).toBe(block.properties.areaKm2.toFixed(4));
    expect(await km2.textContent()).toContain("平方公里");
    expect(numberIn(await hectares.textContent())).toBe(block.properties.areaHectares.toFixed(2));
    expect(await hectares.textContent()).toContain("公顷");
    await waitForIdle(page);
    // The highlight is feature state `selected` (one block), drawn by the selection layers.
    const selected = await page.evaluate(() =>
      (window.__map?.queryRenderedFeatures({ layers: ["block-selected-core"] }) ?? [])
        .filter((feature) => feature.state?.selected === true)
        .map((feature) => feature.properties?.id),
    );
    expect(new Set(selected), "the selected block is highlighted").toEqual(new Set([block.properties.id]));

    // A city-wide view with the selection, for the docs.
    await page.evaluate(() =>
      window.__map?.fitBounds([115.4, 39.42, 117.52, 41.07], { padding: 16, duration: 0 }),
    );
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "map.png") });

    await page.getByTestId("locale-en").click();
    await expect.poll(() => page.getByTestId("catalogue-title").textContent()).toBe("Layers");
    expect(await page.getByTestId("tab-overview").textContent()).toBe("Overview");
    expect(await km2.textContent()).toContain("km²");
    expect(numberIn(await km2.textContent())).toBe(block.properties.areaKm2.toFixed(4));
    expect(await hectares.textContent()).toContain("ha");
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "map-en.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  test("at the first view a small block's dot is picked by a click and ringed (its tile feature id)", async () => {
    const blocks = await blocksFromApi();
    const { page, errors } = await openMap();
    // Overview tiles (below zoom 10) send blocks under 4 px as points whose block id is the MVT feature id.
    const dot = await page.evaluate(() => {
      const map = window.__map;
      const feature = map?.queryRenderedFeatures({ layers: ["blocks-point"] })[0];
      if (!map || !feature || feature.geometry.type !== "Point") return null;
      const { x, y } = map.project(feature.geometry.coordinates as [number, number]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { id: feature.id, x: rect.left + x, y: rect.top + y, properties: feature.properties };
    });
    expect(dot, "the demo data has a block drawn as a dot at the first view").not.toBeNull();
    expect(Object.keys(dot?.properties ?? {}).sort()).toEqual(["level", "status"]);
    const block = blocks.find((candidate) => candidate.properties.id === dot?.id);
    expect(block, "the dot's feature id is a block id").toBeDefined();
    await page.mouse.click(dot?.x ?? 0, dot?.y ?? 0);
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBeTruthy();
    const title = await page.getByTestId("block-title").textContent();
    // Dots may sit on one another: the one picked is a dot within the pick radius, drawn on top.
    const picked = blocks.find((candidate) => candidate.properties.name === title);
    expect(picked, "a block is selected").toBeDefined();
    await waitForIdle(page);
    const ringed = await page.evaluate(() =>
      (window.__map?.queryRenderedFeatures({ layers: ["blocks-point"] }) ?? [])
        .filter((feature) => feature.state?.selected === true)
        .map((feature) => feature.id),
    );
    expect(ringed, "the selected dot carries the selection state").toContain(picked?.properties.id);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the first view draws the Zhongguancun range and the zones from the tiles, names zones from label points, and fetches no layer GeoJSON before it is idle", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
    await signIn(page, baseUrl, defaultBrowserLogin());
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // When the map first turns idle, on the page's own clock (the resource timings' clock).
    await page.addInitScript(() => {
      const flags = window as unknown as { __idleValue?: boolean; __idleAtMs?: number };
      Object.defineProperty(window, "__mapIdle", {
        configurable: true,
        get: () => flags.__idleValue,
        set(value: boolean) {
          flags.__idleValue = value;
          if (value && flags.__idleAtMs === undefined) flags.__idleAtMs = performance.now();
        },
      });
    });
    await page.goto(baseUrl);
    await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
    const drawn = await page.evaluate(() => {
      const map = window.__map;
      const sourcesOf = (layer: string) =>
        (map?.queryRenderedFeatures({ layers: [layer] }) ?? []).map((f) => `${f.source}/${f.sourceLayer}`);
      return {
        zgc: sourcesOf("ref-zgc-line"),
        districts: sourcesOf("ref-district-line"),
        districtNames: (map?.queryRenderedFeatures({ layers: ["ref-district-labels"] }) ?? []).map(
          (f) => f.properties?.name,
        ),
      };
    });
    expect(drawn.zgc.length, "the Zhongguancun outline is drawn at the first view").toBeGreaterThan(0);
    expect(new Set(drawn.zgc)).toEqual(new Set(["blocks/zgc"]));
    expect(new Set(drawn.districts)).toEqual(new Set(["blocks/zones"]));
    const districtNames = (await testApp.db
      .knex("zones")
      .where({ kind: "district" })
      .pluck("name")) as string[];
    expect(drawn.districtNames.length).toBeGreaterThan(0);
    for (const name of drawn.districtNames) expect(districtNames).toContain(name);
    // The layers' GeoJSON (the overlap views and snapping work on it) comes only after the first view.
    const timings = async () =>
      page.evaluate(() => ({
        idleAtMs: (window as unknown as { __idleAtMs: number }).__idleAtMs,
        layers: performance
          .getEntriesByType("resource")
          .map((entry) => ({ path: new URL(entry.name).pathname, startMs: entry.startTime }))
          .filter((entry) => entry.path.startsWith("/api/layers/")),
      }));
    await expect
      .poll(async () => (await timings()).layers.map((entry) => entry.path))
      .toContain("/api/layers/zgc");
    const { idleAtMs, layers } = await timings();
    const before = layers.filter((entry) => entry.startMs < idleAtMs).map((entry) => entry.path);
    expect(before.sort()).toEqual([
      "/api/layers/district-development-zone/labels",
      "/api/layers/district/labels",
      "/api/layers/etdz/labels",
      "/api/layers/municipal-development-zone/labels",
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("searching a block selects it and zooms the map to it", async () => {
    const { block } = await knownBlock();
    const { page } = await openMap();
    const zoomBefore = await page.evaluate(() => window.__map?.getZoom() ?? 0);
    await page.getByTestId("search-input").fill(block.properties.name);
    await page.getByTestId(`search-block-${block.properties.id}`).click();
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
    await page.waitForFunction(() => window.__map && !window.__map.isMoving());
    const view = await page.evaluate(() => {
      const map = window.__map;
      if (!map) throw new Error("window.__map is not set");
      return { zoom: map.getZoom(), center: map.getCenter().toArray() };
    });
    expect(view.zoom).toBeGreaterThan(zoomBefore);
    const [west, south, east, north] = boundsOf(block.geometry);
    expect(view.center[0]).toBeGreaterThan(west);
    expect(view.center[0]).toBeLessThan(east);
    expect(view.center[1]).toBeGreaterThan(south);
    expect(view.center[1]).toBeLessThan(north);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "map-detail.png") });
    await page.close();
  });

  test("the status bar shows the cursor in CGCS2000 lon/lat and Gauss-Krüger zone 39 metres", async () => {
    const { block, inside } = await knownBlock();
    const { page } = await openMap();
    const point = await screenPointOf(page, block, inside);
    await page.mouse.move(point.x, point.y);
    const lonLatText = await page.getByTestId("cursor-lonlat").textContent();
    const [lng, lat] = (lonLatText ?? "").match(/\d+\.\d{6}/g)?.map(Number) ?? [];
    expect(Math.abs(lng - inside[0])).toBeLessThan(0.001);
    expect(Math.abs(lat - inside[1])).toBeLessThan(0.001);
    // Beijing east of 115.5°E is in the 3° zone 39 (central meridian 117°E, EPSG:4548 without prefix).
    expect(lng).toBeGreaterThan(115.5);
    // EPSG:4548: CGCS2000 3° GK, central meridian 117°E, no zone prefix; the reference is PROJ's cs2cs.
    const [[eastingM, northingM]] = cs2cs("EPSG:4490", "EPSG:4548", [[lng, lat]]);
    const gaussKrugerText = (await page.getByTestId("cursor-gauss-kruger").textContent()) ?? "";
    expect(gaussKrugerText).toContain("第39带");
    expect(gaussKrugerText).toContain("117°E");
    const metres =
      gaussKrugerText
        .replaceAll(",", "")
        .match(/\d{6,}\.\d{2}/g)
        ?.map(Number) ?? [];
    // The lon/lat shown has 6 decimals (≈ 0.1 m), so the metres agree with it to < 0.2 m.
    expect(Math.abs(metres[0] - northingM)).toBeLessThan(0.2);
    expect(Math.abs(metres[1] - eastingM)).toBeLessThan(0.2);
    await expect(page.getByTestId("zoom-level").textContent()).resolves.toMatch(/\d+\.\d{2}/);
    await page.close();
  });
});
