import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import type { OverlapReportRow } from "../../server/domain/overlap-report.js";
import { type TestApp, testFetch } from "../helpers/test-app.js";
import {
  type BlockFeature,
  getJson,
  numberIn,
  openApp,
  screenshot,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * 叠加分析报表 in headless Chromium over the real API and a fresh copy of the demo database: the job's progress,
 * the table (server's numbers, sort, filter), zoom to a pair, the downloads, and cancel. Needs `npm run build`.
 */
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ testApp, browser, baseUrl } = suite);
});

interface ReportResult {
  meta: { layers: string[]; blockCount: number };
  rows: OverlapReportRow[];
}

/** The lon/lat box of some blocks' vertices, from the API. */
async function boxOf(ids: number[]): Promise<[number, number, number, number]> {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  for (const id of ids) {
    const block = await getJson<BlockFeature>(baseUrl, `/api/blocks/${id}`);
    for (const polygon of block.geometry.coordinates) {
      for (const [lng, lat] of polygon[0]) {
        box[0] = Math.min(box[0], lng);
        box[1] = Math.min(box[1], lat);
        box[2] = Math.max(box[2], lng);
        box[3] = Math.max(box[3], lat);
      }
    }
  }
  return box;
}

describe("the overlap report view", { timeout: 180_000 }, () => {
  test("runs the report as a job, shows the server's rows, sorts, filters, zooms to a pair and downloads", async () => {
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-overlaps").click();
    await page.getByTestId("report-start").click();
    await page
      .locator('[data-testid="report-progress"][data-state="succeeded"]')
      .waitFor({ timeout: 60_000 });
    await page.getByTestId("report-table").waitFor();
    const progress = await page.getByTestId("report-progress").textContent();

    // The job the page started is the latest one: its JSON result is the reference for the table.
    const [{ id: jobId }] = await testApp.db.knex("jobs").select("id").orderBy("id", "desc").limit(1);
    const result = await getJson<ReportResult>(baseUrl, `/api/jobs/${jobId}/result`);
    expect(result.rows.length).toBeGreaterThan(10);
    expect(progress).toContain(`${result.rows.length} / ${result.rows.length}`);
    const rowCount = () => page.locator('[data-testid^="report-row-"]').count();
    expect(await rowCount()).toBe(result.rows.length);
    for (const row of result.rows.slice(0, 5)) {
      const tr = page.getByTestId(`report-row-${row.blockId}`);
      expect(numberIn(await tr.getByTestId("report-area").textContent())).toBe(row.areaKm2.toFixed(4));
      for (const layer of result.meta.layers) {
        const share = row.layers[layer as keyof OverlapReportRow["layers"]]?.shareOfBlock ?? 0;
        expect(numberIn(await tr.getByTestId(`report-share-${layer}`).textContent())).toBe(
          (share * 100).toFixed(1),
        );
      }
    }

    // Sort by area: largest first, then smallest first.
    const byArea = [...result.rows].sort((a, b) => b.areaKm2 - a.areaKm2 || a.blockId - b.blockId);
    const firstRowId = () => page.locator('[data-testid^="report-row-"]').first().getAttribute("data-testid");
    await page.getByTestId("report-sort-areaKm2").click();
    expect(await firstRowId()).toBe(`report-row-${byArea[0].blockId}`);
    await page.getByTestId("report-sort-areaKm2").click();
    const smallest = [...result.rows].sort((a, b) => a.areaKm2 - b.areaKm2 || a.blockId - b.blockId)[0];
    expect(await firstRowId()).toBe(`report-row-${smallest.blockId}`);

    // Only blocks overlapping other blocks.
    const overlapping = result.rows.filter((row) => row.blocks.length > 0);
    expect(overlapping.length).toBeGreaterThan(0);
    await page.getByTestId("report-only-overlapping").check();
    expect(await rowCount()).toBe(overlapping.length);
    await page.getByTestId("report-only-overlapping").uncheck();

    // A text filter: one block's name.
    const named = result.rows[3];
    await page.getByTestId("report-filter").fill(named.name);
    const matching = result.rows.filter(
      (row) =>
        row.name.includes(named.name) ||
        (row.code ?? "").includes(named.name) ||
        row.parkName.includes(named.name),
    );
    expect(await rowCount()).toBe(matching.length);
    await page.getByTestId("report-filter").fill("");

    // Click an overlapping pair: the map shows both blocks.
    const pair = overlapping[0];
    const other = pair.blocks[0];
    const [west, south, east, north] = await boxOf([pair.blockId, other.id]);
    await page.getByTestId(`report-pair-${pair.blockId}-${other.id}`).click();
    // The zoom starts once the pair's boxes are fetched: wait for a still map that is zoomed in (checking only
    // "not moving" right after the click read the city view once, before the move began; CI on 8d80a17).
    const zoomedInDeg = Math.max(0.05, (east - west) * 20);
    await page.waitForFunction(
      (limit) => {
        const map = window.__map;
        if (!map || map.isMoving()) return false;
        const [[w], [e]] = map.getBounds().toArray();
        return e - w < limit;
      },
      zoomedInDeg,
      { timeout: 20_000 },
    );
    const bounds = await page.evaluate(() => window.__map?.getBounds().toArray());
    expect(bounds).toBeDefined();
    const [[mapWest, mapSouth], [mapEast, mapNorth]] = bounds as [[number, number], [number, number]];
    expect(mapWest).toBeLessThanOrEqual(west);
    expect(mapSouth).toBeLessThanOrEqual(south);
    expect(mapEast).toBeGreaterThanOrEqual(east);
    expect(mapNorth).toBeGreaterThanOrEqual(north);
    // Zoomed in: the view is at most a few times the pair's size, not the whole city.
    expect(mapEast - mapWest).toBeLessThan(zoomedInDeg);
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(pair.name);
    await screenshot(page, "overlap-report.png");

    // Downloads: the server's XLSX (a zip) and CSV.
    const xlsxDownload = page.waitForEvent("download");
    await page.getByTestId("report-download-xlsx").click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toBe(`overlap-report-${jobId}.xlsx`);
    const csvDownload = page.waitForEvent("download");
    await page.getByTestId("report-download-csv").click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe(`overlap-report-${jobId}.csv`);
    const csvText = await (await testFetch(`${baseUrl}/api/jobs/${jobId}/result?format=csv`)).text();
    expect(csvText).toContain(pair.name);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("shows a job's state while it waits and cancels it", async () => {
    // A queued job of a kind no server runs (runners now claim every queued job of their kinds, from any
    // server, so an overlap-report row would be run before the page could cancel it): the page is handed it as
    // the answer of its POST, then reads and cancels it through the real API.
    const [{ id: jobId }] = await testApp.db
      .knex("jobs")
      .insert({
        kind: "never-run",
        owner: "test",
        params: JSON.stringify({ selection: {}, layers: ["district"] }),
      })
      .returning("id");
    const queued = await getJson<Record<string, unknown>>(baseUrl, `/api/jobs/${jobId}`);
    const { page, errors } = await openApp(browser, baseUrl);
    await page.route("**/api/reports/overlaps", (route) => route.fulfill({ status: 202, json: queued }));
    await page.getByTestId("open-overlaps").click();
    await page.getByTestId("report-start").click();
    await page.locator('[data-testid="report-progress"][data-state="queued"]').waitFor();
    expect(await page.getByTestId("report-start").isDisabled()).toBe(true);
    await page.getByTestId("report-cancel").click();
    await page.locator('[data-testid="report-progress"][data-state="cancelled"]').waitFor();
    expect(await page.getByTestId("report-progress").textContent()).toContain("已取消");
    const [stored] = await testApp.db.knex("jobs").select("state").where({ id: jobId });
    expect(stored.state).toBe("cancelled");
    expect(await page.getByTestId("report-cancel").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
