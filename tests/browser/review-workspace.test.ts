import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { orderRectification } from "../helpers/rectification-chain.js";
import { type TestApp, testFetch } from "../helpers/test-app.js";
import {
  type BlockFeature,
  blocksFromApi,
  getJson,
  numberIn,
  openApp,
  renderedCount,
  screenshot,
  selectBlock,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * The review views in headless Chromium over the real API and a fresh copy of the demo database: the overlap
 * table shows the server's numbers, the park share, the composition. Needs `npm run build` first.
 */
let browser: Browser;
let baseUrl: string;
let testApp: TestApp;

withBrowserSuite((suite) => {
  ({ browser, baseUrl, testApp } = suite);
});

interface OverlapRow {
  layer: string;
  id: number;
  overlapKm2: number;
  shareOfGeometry: number;
  shareOfTarget: number;
}

/** A live municipal block that overlaps a national block (the demo's "inner" candidate). */
async function overlappingBlock(): Promise<{ block: BlockFeature; overlaps: OverlapRow[] }> {
  for (const block of await blocksFromApi(baseUrl)) {
    if (block.properties.level !== "municipal") continue;
    const analysis = await getJson<{ overlaps: OverlapRow[] }>(
      baseUrl,
      `/api/blocks/${block.properties.id}/analysis`,
    );
    if (analysis.overlaps.some((row) => row.layer === "block") && analysis.overlaps.length >= 3) {
      return { block, overlaps: analysis.overlaps };
    }
  }
  throw new Error("The demo data has no municipal block overlapping another block");
}

const percent = (share: number) => (share * 100).toFixed(1);

// Browser steps under a loaded CI machine take longer than the default 60 s.
describe("review views", { timeout: 180_000 }, () => {
  test("selecting a block shows the server's overlap table, hatched overlaps on the map, and the park share", async () => {
    const { block, overlaps } = await overlappingBlock();
    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, block);
    await page.getByTestId("tab-overlaps").click();
    await page.getByTestId("overlap-table").waitFor();
    for (const row of overlaps) {
      const tr = page.getByTestId(`overlap-row-${row.layer}-${row.id}`);
      expect(numberIn(await tr.getByTestId("overlap-km2").textContent())).toBe(row.overlapKm2.toFixed(4));
      expect(numberIn(await tr.getByTestId("overlap-share-block").textContent())).toBe(
        percent(row.shareOfGeometry),
      );
      expect(numberIn(await tr.getByTestId("overlap-share-target").textContent())).toBe(
        percent(row.shareOfTarget),
      );
    }
    await expect.poll(() => renderedCount(page, ["overlay-overlaps-fill"])).toBeGreaterThan(0);
    await expect(page.getByTestId("overlap-flags").textContent()).resolves.toContain("国家级区块");
    await screenshot(page, "review-1-overlaps.png");

    await page.getByTestId("tab-share").click();
    const decision = await getJson<{ shareOfPark: number; parkAreaKm2: number }>(
      baseUrl,
      `/api/blocks/${block.properties.id}/exit-decision`,
    );
    await expect
      .poll(() => page.getByTestId("share-of-park").textContent())
      .toContain(percent(decision.shareOfPark));
    expect(numberIn(await page.getByTestId("park-area").textContent())).toBe(decision.parkAreaKm2.toFixed(4));
    await expect(page.getByTestId("share-basis").textContent()).resolves.toContain(
      "分园已认定区块（国家级与市级）并集面积",
    );
    await page.getByTestId("share-chart").waitFor();
    expect(
      await renderedCount(page, ["overlay-overlaps-fill"]),
      "the overlap hatching leaves with its tab",
    ).toBe(0);
    await screenshot(page, "review-2-share.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the composition view lists every §3 term with its area and the verdict", async () => {
    const composition = await getJson<{ terms: { key: string; areaKm2: number }[]; exceedsMaximum: boolean }>(
      baseUrl,
      "/api/composition",
    );
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-composition").click();
    await page.getByTestId("composition-view").waitFor();
    for (const term of composition.terms) {
      expect(numberIn(await page.getByTestId(`term-${term.key}`).textContent())).toContain(
        term.areaKm2.toFixed(4),
      );
    }
    await expect(page.getByTestId("composition-verdict").textContent()).resolves.toContain(
      composition.exceedsMaximum ? "警告" : "未超过",
    );
    await screenshot(page, "review-3-composition.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the sub-park view charts its blocks' shares; a bar selects the block", async () => {
    const { block } = await overlappingBlock();
    const shares = await getJson<{ parkAreaKm2: number; blocks: { id: number; shareOfPark: number }[] }>(
      baseUrl,
      `/api/parks/${block.properties.parkId}/shares`,
    );
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-park").click();
    await page.getByTestId("park-select").selectOption(String(block.properties.parkId));
    await expect
      .poll(() => page.getByTestId("park-total").textContent())
      .toContain(shares.parkAreaKm2.toFixed(4));
    expect(await page.locator("[data-testid^=share-bar-]").count()).toBe(shares.blocks.length);
    await page.getByTestId(`share-bar-${block.properties.id}`).click();
    await expect.poll(() => page.getByTestId("block-title").textContent()).toBe(block.properties.name);
    await page.waitForFunction(() => window.__map && !window.__map.isMoving());
    await screenshot(page, "review-12-park.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("export: the selected block as a zipped Shapefile job, and the catalogue package in one click", async () => {
    const { block } = await overlappingBlock();
    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, block);
    await page.getByTestId("open-export").click();
    await page.getByTestId("export-format").selectOption("shp");
    // The block export is a job (issue #14 item 1): its progress line, then the download of its file.
    const exporter = page.getByTestId("block-export");
    await exporter.getByTestId("export-start").click();
    await exporter.getByTestId("job-progress").waitFor();
    const exportJob = Number(await exporter.getByTestId("job-progress").getAttribute("data-job"));
    const job = await getJson<{ kind: string; params: { format: string; blockIds: number[] } }>(
      baseUrl,
      `/api/jobs/${exportJob}`,
    );
    expect(job).toMatchObject({
      kind: "block-export",
      params: { format: "shp", blockIds: [block.properties.id] },
    });
    await exporter.getByTestId("job-download").waitFor({ timeout: 120_000 });
    await expect
      .poll(() => exporter.getByTestId("job-progress").getAttribute("data-state"))
      .toBe("succeeded");
    const [shapefile] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      exporter.getByTestId("job-download").click(),
    ]);
    expect(shapefile.url()).toContain(`/api/jobs/${exportJob}/file`);
    expect(shapefile.suggestedFilename()).toBe("blocks-shp.zip");
    expect(await shapefile.failure()).toBeNull();
    await screenshot(page, "review-13-export.png");
    // The catalogue package is a job (issue #14, #18.6): the selected block only, progress, then the download.
    const catalogue = page.getByTestId("catalogue-package");
    await catalogue.getByTestId("catalogue-scope-selection").check();
    await catalogue.getByTestId("catalogue-start").click();
    await catalogue.getByTestId("job-download").waitFor({ timeout: 240_000 });
    await screenshot(page, "jobs-catalogue-package-done.png");
    const [pack] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      catalogue.getByTestId("job-download").click(),
    ]);
    expect(pack.suggestedFilename()).toBe("catalogue-package.zip");
    expect(await pack.failure()).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  test("reduction previews: a 50% uniform inset and a 25% directional cut, then applying one", async () => {
    const half = await blockKeeping(0.5);
    const threeQuarters = await blockKeeping(0.75);
    const { page, errors } = await openApp(browser, baseUrl);

    await selectBlock(page, half.block);
    await page.getByTestId("tab-exit").click();
    await expect
      .poll(() => page.getByTestId("exit-rule").textContent())
      .toBe(`适用第 ${half.decision.rule} 行`);
    await expect(page.getByTestId("exit-explanation").textContent()).resolves.toBe(
      half.decision.explanation.zh,
    );
    await page.getByTestId("strategy-inset").check();
    await page.getByTestId("run-preview").click();
    await page.getByTestId("preview-figures").waitFor();
    expect(numberIn(await page.getByTestId("preview-target").textContent())).toBe(
      half.decision.targetAreaKm2.toFixed(4),
    );
    expect(Number(numberIn(await page.getByTestId("preview-area").textContent()))).toBeCloseTo(
      half.decision.targetAreaKm2,
      3,
    );
    await expect.poll(() => renderedCount(page, ["overlay-reduction-kept"])).toBeGreaterThan(0);
    expect(await renderedCount(page, ["overlay-reduction-removed"])).toBeGreaterThan(0);
    expect(await renderedCount(page, ["overlay-reduction-original"])).toBeGreaterThan(0);
    await screenshot(page, "review-4-inset-50.png");

    await selectBlock(page, threeQuarters.block);
    await expect.poll(() => page.getByTestId("exit-rule").textContent()).toBe("适用第 4 行");
    await page.getByTestId("strategy-cut").check();
    await page.getByTestId("cut-angle").fill("30");
    await page.getByTestId("cut-side").selectOption("west");
    await page.getByTestId("run-preview").click();
    await page.getByTestId("preview-figures").waitFor();
    expect(numberIn(await page.getByTestId("preview-keep-ratio").textContent())).toBe("75.0");
    expect(numberIn(await page.getByTestId("preview-target").textContent())).toBe(
      threeQuarters.decision.targetAreaKm2.toFixed(4),
    );
    await screenshot(page, "review-5-cut-25.png");

    const before = threeQuarters.block.properties.version;
    await page.getByTestId("save-proposal").click();
    const proposal = page.locator("[data-testid^=apply-]").first();
    await proposal.waitFor();
    await proposal.click();
    await page.locator("[data-testid^=confirm-apply-]").first().click();
    await expect
      .poll(async () => (await blockFromApi(threeQuarters.block.properties.id)).properties.version)
      .toBe(before + 1);
    const applied = await blockFromApi(threeQuarters.block.properties.id);
    expect(applied.properties.status).toBe("reduced");
    await expect.poll(() => page.getByTestId("block-current").textContent()).toContain(`第 ${before + 1} 版`);
    await expect(page.getByTestId("block-current").textContent()).resolves.toContain("已压减");
    await page
      .getByTestId("proposals")
      .getByText(`已应用（第 ${before + 1} 版）`)
      .waitFor();
    await screenshot(page, "review-6-applied.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("an eliminated block (§4.5 row 1): save the elimination and apply it, the block exits", async () => {
    const { block } = await blockDecided("eliminate");
    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, block);
    await page.getByTestId("tab-exit").click();
    await expect.poll(() => page.getByTestId("exit-action").textContent()).toBe("直接淘汰");
    await page.getByTestId("save-elimination").click();
    await page.locator("[data-testid^=apply-]").first().click();
    await page.locator("[data-testid^=confirm-apply-]").first().click();
    await expect.poll(async () => (await blockFromApi(block.properties.id)).properties.status).toBe("exited");
    expect((await blockFromApi(block.properties.id)).properties.version).toBe(block.properties.version + 1);
    await expect.poll(() => page.getByTestId("exit-unavailable").textContent()).toContain("已结束");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("applying a proposal the block has moved past is refused and explained (409)", async () => {
    const { block } = await blockKeeping(0.5);
    const created = await testFetch(`${baseUrl}/api/blocks/${block.properties.id}/reduction-proposals`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ strategy: "inset" }),
    });
    expect(created.status).toBe(201);
    const { page, errors } = await openApp(browser, baseUrl);
    await selectBlock(page, block);
    await page.getByTestId("tab-exit").click();
    await page.locator("[data-testid^=apply-]").first().click();
    // Someone else saves the block first (a name change makes a new version).
    const changed = await testFetch(`${baseUrl}/api/blocks/${block.properties.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": `"${block.properties.version}"` },
      body: JSON.stringify({ properties: { name: `${block.properties.name}·改` } }),
    });
    expect(changed.status).toBe(200);
    await page.locator("[data-testid^=confirm-apply-]").first().click();
    await expect.poll(() => page.getByTestId("apply-problem").textContent()).toContain("重新加载");
    expect((await blockFromApi(block.properties.id)).properties.version).toBe(block.properties.version + 1);
    await page.close();
    expect(errors.filter((error) => !error.includes("409"))).toEqual([]);
  });
});

interface Decision {
  action: string;
  rule: number;
  keepRatio: number | null;
  floorApplied: boolean;
  targetAreaKm2: number;
  explanation: { zh: string; en: string };
}

async function blockFromApi(id: number): Promise<BlockFeature> {
  return getJson<BlockFeature>(baseUrl, `/api/blocks/${id}`);
}

/**
 * Municipal blocks recognized or under rectification: the blocks a 淘汰方式 decision is applied to (after a failed
 * rectification); national blocks are never adjusted.
 */
const IN_FORCE = ["recognized", "rectifying"];

/**
 * The block under rectification (the lifecycle reduces or exits only such a block): ordered so if needed, as
 * a flag run orders it (tests/helpers/rectification-chain.ts; the block action is refused by hand).
 */
async function underRectification(block: BlockFeature): Promise<BlockFeature> {
  if (block.properties.status === "rectifying") return block;
  await orderRectification(testApp, block.properties.id, { year: 2031 });
  const ordered = await blockFromApi(block.properties.id);
  expect(ordered.properties.status).toBe("rectifying");
  return ordered;
}

/** A live block whose §4.5 decision is `action`, smallest first. */
async function blockDecided(action: string): Promise<{ block: BlockFeature; decision: Decision }> {
  const blocks = (await blocksFromApi(baseUrl))
    .filter((block) => block.properties.level === "municipal" && IN_FORCE.includes(block.properties.status))
    .sort((a, b) => a.properties.areaKm2 - b.properties.areaKm2);
  for (const block of blocks) {
    const decision = await getJson<Decision>(baseUrl, `/api/blocks/${block.properties.id}/exit-decision`);
    if (decision.action === action) return { block: await underRectification(block), decision };
  }
  throw new Error(`The demo data has no block whose exit decision is ${action}`);
}

/** A live block whose §4.5 decision keeps `keepRatio` of its area (no floor), largest first. */
async function blockKeeping(keepRatio: number): Promise<{ block: BlockFeature; decision: Decision }> {
  const blocks = (await blocksFromApi(baseUrl))
    .filter((block) => block.properties.level === "municipal" && IN_FORCE.includes(block.properties.status))
    .sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2);
  for (const block of blocks) {
    const decision = await getJson<Decision>(baseUrl, `/api/blocks/${block.properties.id}/exit-decision`);
    if (decision.action === "reduce" && decision.keepRatio === keepRatio && !decision.floorApplied) {
      return { block: await underRectification(block), decision };
    }
  }
  throw new Error(`The demo data has no block whose exit decision keeps ${keepRatio}`);
}
