import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import { rectangle } from "../helpers/geodesic.js";
import {
  type BlockFeature,
  type BrowserSuite,
  screenshot,
  selectBlock,
  withBrowserSuite,
} from "./review-helpers.js";

/**
 * Issue #18 item 2 in headless Chromium: the block form edits code and attributes, the status changes only by
 * the lifecycle's named actions with a reason, and a conflict is a three-way merge that keeps the other
 * user's changes (their new name is not silently restored to the old one).
 */
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

async function inject(method: "POST" | "PATCH" | "GET", url: string, payload?: object, version?: number) {
  const response = await suite.testApp.app.inject({
    method,
    url,
    payload,
    headers: version ? { "if-match": `"${version}"` } : {},
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

async function createBlock(name: string, west: number, south: number): Promise<BlockFeature> {
  return inject("POST", "/api/blocks", {
    type: "Feature",
    geometry: rectangle(west, south, west + 0.02, south + 0.015),
    properties: { name, parkId: suite.testApp.parkIds[0], level: "municipal", status: "candidate" },
  });
}

async function openEditor(page: Page, block: BlockFeature) {
  await selectBlock(page, block);
  await page.getByTestId("draw-edit").click();
  await page.getByTestId("draw-panel").waitFor({ timeout: 30_000 });
}

describe("issue #18 item 2: attributes, status actions, three-way conflict", { timeout: 120_000 }, () => {
  test("code and attributes are edited in the form; a status action asks for a reason", async () => {
    const block = await createBlock("属性编辑区块", 116.9, 40.9);
    const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
    await openEditor(page, block);
    await page.getByTestId("draw-code").fill("HD-2026-01");
    await page.getByTestId("draw-attribute-add").click(); // 主导产业, the first known field
    await page.getByTestId("draw-attribute-value-0").fill("新一代信息技术");
    await page.getByTestId("draw-attribute-add").click(); // 批准时间
    await page.getByTestId("draw-attribute-value-1").fill("2026-06-30");
    await page.getByTestId("draw-attribute-add").click(); // 批准机关
    await page.getByTestId("draw-attribute-value-2").fill("北京市人民政府");
    await page.getByTestId("draw-attribute-add").click(); // 核准面积（公顷）
    await page.getByTestId("draw-attribute-value-3").fill("245.5");
    await screenshot(page, "block-attributes-form.png");
    await page.getByTestId("draw-save").click();
    await page.getByTestId("block-attributes").waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId("block-attribute-mainIndustries").textContent(), { timeout: 20_000 })
      .toBe("新一代信息技术");
    const saved = (await inject("GET", `/api/blocks/${block.properties.id}`)) as BlockFeature;
    expect(saved.properties.code).toBe("HD-2026-01");
    expect(saved.properties.attributes).toEqual({
      mainIndustries: "新一代信息技术",
      approvedOn: "2026-06-30",
      approvingAuthority: "北京市人民政府",
      approvedAreaHectares: 245.5,
    });

    // 意向纳入 allows 申报 and 撤回; each asks for a reason before it is sent.
    await page.getByTestId("block-action-withdraw").click();
    await expect(page.getByTestId("block-action-confirm").isDisabled()).resolves.toBe(true);
    await page.getByTestId("block-action-reason").fill("误建的意向区块，撤回");
    await page.getByTestId("block-action-confirm").scrollIntoViewIfNeeded();
    await screenshot(page, "block-status-action.png");
    await page.getByTestId("block-action-confirm").click();
    await expect
      .poll(() => page.getByTestId("block-status").textContent(), { timeout: 20_000 })
      .toContain("已撤回");
    const history = (await inject("GET", `/api/blocks/${block.properties.id}/history`)) as {
      change: string;
      reason?: string | null;
    }[];
    expect(history.find((row) => row.change === "withdraw")?.reason).toBe("误建的意向区块，撤回");
    // An ended block has no action left.
    await expect.poll(() => page.getByTestId("block-actions").count()).toBe(0);
    // In English the search lists the block with its sub-park's English name (issue #18 item 10).
    const parks = (await inject("GET", "/api/parks")) as { id: number; nameEn: string }[];
    const park = parks.find((candidate) => candidate.id === block.properties.parkId);
    await page.getByTestId("locale-en").click();
    await page.getByTestId("search-input").fill(block.properties.name);
    await expect
      .poll(() => page.getByTestId(`search-block-${block.properties.id}`).textContent(), { timeout: 20_000 })
      .toContain(park?.nameEn ?? "?");
    await screenshot(page, "block-search-english.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a conflict shows base / mine / theirs per field and keeps what only they changed", async () => {
    const block = await createBlock("合并前名称", 116.95, 40.95);
    const { page, errors } = await openMapPage(suite.browser, suite.baseUrl);
    await openEditor(page, block);
    // Meanwhile another user renames it and sets 主导产业 (version 2).
    await inject(
      "PATCH",
      `/api/blocks/${block.properties.id}`,
      { type: "Feature", properties: { name: "他人改的名称", attributes: { mainIndustries: "生物医药" } } },
      1,
    );
    // I set 备注 (note) and save against version 1.
    await page.getByTestId("draw-attribute-add").click();
    await page.getByTestId("draw-attribute-key-0").fill("note");
    await page.getByTestId("draw-attribute-value-0").fill("我的备注");
    await page.getByTestId("draw-save").click();
    await page.getByTestId("draw-merge").waitFor({ timeout: 20_000 });
    await expect(page.getByTestId("merge-theirs-name").textContent()).resolves.toBe("他人改的名称");
    await expect(page.getByTestId("merge-mine-name").textContent()).resolves.toBe("合并前名称");
    await expect(page.getByTestId("merge-name-theirs").isChecked()).resolves.toBe(true);
    await expect(page.getByTestId("merge-attribute:mainIndustries-theirs").isChecked()).resolves.toBe(true);
    await expect(page.getByTestId("merge-attribute:note-mine").isChecked()).resolves.toBe(true);
    expect(await page.getByTestId("merge-row-geometry").count()).toBe(0);
    await page.getByTestId("draw-merge").scrollIntoViewIfNeeded();
    await screenshot(page, "block-conflict-merge.png");
    await page.getByTestId("draw-conflict-save").click();
    await expect
      .poll(
        async () =>
          ((await inject("GET", `/api/blocks/${block.properties.id}`)) as BlockFeature).properties.version,
      )
      .toBe(3);
    const merged = (await inject("GET", `/api/blocks/${block.properties.id}`)) as BlockFeature;
    expect(merged.properties.name).toBe("他人改的名称");
    expect(merged.properties.attributes).toEqual({ mainIndustries: "生物医药", note: "我的备注" });
    // The browser logs the refused request (409) itself; nothing else may go wrong.
    expect(errors.filter((error) => !error.includes("409"))).toEqual([]);
    await page.close();
  });
});
