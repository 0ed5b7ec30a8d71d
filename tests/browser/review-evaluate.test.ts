import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, type TestApp, testFetch } from "../helpers/test-app.js";
import {
  type BlockFeature,
  blocksFromApi,
  getJson,
  launchBrowser,
  openApp,
  ROOT,
  renderedCount,
  screenshot,
  waitForIdle,
} from "./review-helpers.js";

/**
 * The evaluation ranking, the site check, the import dialog and the language switch in headless Chromium over
 * the real API (a fresh copy of the demo database, with the demo's 2025 indicators uploaded through the API).
 */
const YEAR = 2025;
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  testApp = await startTestApp();
  baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  const csv = await readFile(path.join(ROOT, `geodata/indicators-${YEAR}.csv`));
  const form = new FormData();
  form.append("file", new Blob([csv], { type: "text/csv" }), `indicators-${YEAR}.csv`);
  const uploaded = await testFetch(`${baseUrl}/api/evaluations/${YEAR}/indicators`, {
    method: "PUT",
    body: form,
  });
  if (uploaded.status !== 200)
    throw new Error(`indicator upload: ${uploaded.status} ${await uploaded.text()}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

interface RankingRow {
  blockId: number;
  name: string;
  rank: number | null;
  bottom5: boolean;
}

// Browser steps under a loaded CI machine take longer than the default 60 s.
describe("evaluation, site check, import, language", { timeout: 180_000 }, () => {
  test("the ranking shows the bottom-5% rows, outlines them on the map, and selecting a row selects the block", async () => {
    const ranking = await getJson<{ categories: Record<"A" | "B", RankingRow[]> }>(
      baseUrl,
      `/api/evaluations/${YEAR}/ranking`,
    );
    const bottomA = ranking.categories.A.filter((row) => row.bottom5);
    expect(bottomA.length).toBeGreaterThan(0);
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("year-select").selectOption(String(YEAR));
    await page.getByTestId("open-ranking").click();
    await page.getByTestId("ranking-table-A").waitFor();
    const shownBottom = await page.locator('[data-testid^="ranking-row-"][data-bottom5="true"]').count();
    expect(shownBottom).toBe(bottomA.length);
    for (const row of bottomA) {
      const tr = page.getByTestId(`ranking-row-${row.blockId}`);
      await expect(tr.textContent()).resolves.toContain("后5%");
      await expect(tr.locator("td").first().textContent()).resolves.toBe(String(row.rank));
    }
    await page.evaluate(() => window.__map?.fitBounds([115.9, 39.6, 116.9, 40.3], { duration: 0 }));
    await waitForIdle(page);
    await expect.poll(() => renderedCount(page, ["overlay-ranking-line"])).toBeGreaterThan(0);
    await page.getByTestId(`ranking-row-${bottomA[0].blockId}`).click();
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(bottomA[0].name);
    await page.getByTestId("score-breakdown").waitFor();
    await page.getByTestId("tab-evaluation").click();
    await expect.poll(() => page.getByTestId("block-rank").textContent()).toContain(`${bottomA[0].rank} /`);
    await expect(page.getByTestId("block-rank").textContent()).resolves.toContain("后5%");
    await page.waitForFunction(() => window.__map && !window.__map.isMoving());
    await screenshot(page, "review-7-ranking.png");

    // What-if: all base weight on output per land; the ranks that change are shown.
    const whatIf = await page.locator("details.what-if");
    await whatIf.locator("summary").click();
    for (const key of ["revenueAdded", "outputPerEmployee", "techServiceRevenue", "qualityEnterprises"]) {
      await page.getByTestId(`weight-${key}`).fill("0");
    }
    await page.getByTestId("weight-outputPerLand").fill("70");
    await page.getByTestId("run-what-if").click();
    await page.getByTestId("what-if-summary").waitFor();
    await expect(page.getByTestId("what-if-summary").textContent()).resolves.toMatch(/\d+ 个区块排名变化/);
    await screenshot(page, "review-8-what-if.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("site check: a click on the map says which zones and blocks contain the point and which policies apply", async () => {
    const block = await nationalBlock();
    const answer = await (
      await testFetch(`${baseUrl}/api/site-check`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ geometry: { type: "Point", coordinates: block.inside } }),
      })
    ).json();
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-site-check").click();
    await page.getByTestId("site-check").waitFor();
    await page.evaluate(
      (center) => window.__map?.jumpTo({ center: center as [number, number], zoom: 13 }),
      block.inside,
    );
    await waitForIdle(page);
    const point = await page.evaluate((lngLat) => {
      const map = window.__map;
      if (!map) throw new Error("no map");
      const projected = map.project(lngLat as [number, number]);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: rect.left + projected.x, y: rect.top + projected.y };
    }, block.inside);
    await page.mouse.click(point.x, point.y);
    await page.getByTestId("site-result").waitFor();
    await expect(page.getByTestId("site-blocks").textContent()).resolves.toContain(
      block.feature.properties.name,
    );
    await expect(page.getByTestId("site-policies").textContent()).resolves.toContain("中关村示范区内");
    expect(answer.policies).toContain("zgc-national-policies");
    for (const zone of answer.zones as { name: string }[]) {
      await expect(page.getByTestId("site-zones").textContent()).resolves.toContain(zone.name);
    }
    expect(await renderedCount(page, ["overlay-site-check-point"])).toBe(1);
    await screenshot(page, "review-9-site-check.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("import a small GeoJSON file through the dialog: report, defaults, commit", async () => {
    const before = (await blocksFromApi(baseUrl)).length;
    const parks = await getJson<{ id: number; name: string }[]>(baseUrl, "/api/parks");
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "candidate.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(JSON.stringify(smallCollection())),
    });
    await page.getByTestId("import-upload").click();
    await page.getByTestId("import-report").waitFor();
    await expect(page.getByTestId("import-crs-found").textContent()).resolves.toContain("EPSG:4490");
    await expect(page.getByTestId("import-summary").textContent()).resolves.toContain("共 1 个要素");
    await page.getByTestId("import-park").selectOption(String(parks[0].id));
    await page.getByTestId("import-level").selectOption("municipal");
    await page.getByTestId("import-commit").scrollIntoViewIfNeeded();
    expect(
      await renderedCount(page, ["overlay-import-fill"]),
      "the file's shapes are previewed on the map",
    ).toBe(1);
    await screenshot(page, "review-10-import.png");
    await page.getByTestId("import-commit").click();
    await expect.poll(() => page.getByTestId("import-done").textContent()).toContain("已导入 1 个区块");
    const after = await blocksFromApi(baseUrl);
    expect(after.length).toBe(before + 1);
    const imported = after.find((block) => block.properties.name === "导入测试区块");
    expect(imported?.properties.parkId).toBe(parks[0].id);
    expect(imported?.properties.level).toBe("municipal");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the review views switch to English", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("locale-en").click();
    await expect.poll(() => page.getByTestId("open-composition").textContent()).toBe("Composition");
    await page.getByTestId("open-composition").click();
    await expect(page.getByTestId("composition-verdict").textContent()).resolves.toMatch(
      /maximum recognisable area/,
    );
    const block = (await blocksFromApi(baseUrl)).find(
      (candidate) => candidate.properties.level === "municipal",
    );
    if (!block) throw new Error("no municipal block");
    await page.getByTestId("view-close").click();
    await page.getByTestId("search-input").fill(block.properties.name);
    await page.getByTestId(`search-block-${block.properties.id}`).click();
    await page.getByTestId("tab-exit").click();
    await expect(page.getByTestId("tab-overlaps").textContent()).resolves.toBe("Overlaps");
    await expect.poll(() => page.getByTestId("exit-rule").textContent()).toMatch(/^Row \d applies$/);
    await expect(page.getByTestId("exit-explanation").textContent()).resolves.toContain(
      "the Measures, part 3 · exit method",
    );
    await page.waitForFunction(() => window.__map && !window.__map.isMoving());
    await screenshot(page, "review-11-english.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** A national block whose centre lies in no other block (a point inside Zhongguancun). */
async function nationalBlock(): Promise<{ feature: BlockFeature; inside: [number, number] }> {
  const blocks = await blocksFromApi(baseUrl);
  const { labelPoint } = await import("../../client/geo/label-point.js");
  const { booleanPointInPolygon } = await import("@turf/turf");
  for (const feature of blocks.filter((block) => block.properties.level === "national")) {
    const inside = labelPoint(feature.geometry) as [number, number];
    if (!blocks.some((other) => other !== feature && booleanPointInPolygon(inside, other.geometry))) {
      return { feature, inside };
    }
  }
  throw new Error("no national block with a free interior point");
}

/** One ~0.25 km² square in Tongzhou, CGCS2000 lon/lat, with a name. */
function smallCollection() {
  const [west, south] = [116.72, 39.86];
  const [east, north] = [west + 0.0058, south + 0.0045];
  return {
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { name: "导入测试区块" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [west, south],
              [east, south],
              [east, north],
              [west, north],
              [west, south],
            ],
          ],
        },
      },
    ],
  };
}
