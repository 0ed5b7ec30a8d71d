import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openApp, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #18 item 10: the import report gives the server's reasons for a refused feature, its CRS notes,
 * repair lines and field-mapping problems in the UI language (codes mapped to UI strings in client/i18n),
 * not the server's English sentence.
 */
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ browser, baseUrl } = suite);
});

/** A GeoJSON file: a block in Beijing, a point, and a shape in Shanghai. */
const FILE = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "北京区块" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [116.3, 40.1],
            [116.304, 40.1],
            [116.304, 40.103],
            [116.3, 40.103],
            [116.3, 40.1],
          ],
        ],
      },
    },
    {
      type: "Feature",
      properties: { name: "一个点" },
      geometry: { type: "Point", coordinates: [116.3, 40.1] },
    },
    {
      type: "Feature",
      properties: { name: "上海区块" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [121.4, 31.2],
            [121.404, 31.2],
            [121.404, 31.203],
            [121.4, 31.203],
            [121.4, 31.2],
          ],
        ],
      },
    },
  ],
});

const ring = (points: number[][]) => ({ type: "Polygon", coordinates: [points] });
/**
 * Lon/lat with no CRS (two CRS notes: detected from the numbers, and the GCJ-02 hint), a square with a
 * repeated point and a sub-park no park has, a bow-tie PostGIS makes valid, and a level that is not one.
 */
const NOTES_FILE = JSON.stringify({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "重复点区块", 分园: "不存在的分园" },
      geometry: ring([
        [116.3, 40.1],
        [116.304, 40.1],
        [116.304, 40.1],
        [116.304, 40.103],
        [116.3, 40.103],
        [116.3, 40.1],
      ]),
    },
    {
      type: "Feature",
      properties: { name: "自相交区块" },
      geometry: ring([
        [116.31, 40.11],
        [116.314, 40.113],
        [116.314, 40.11],
        [116.31, 40.113],
        [116.31, 40.11],
      ]),
    },
    {
      type: "Feature",
      properties: { name: "级别不明区块", 级别: "省级" },
      geometry: ring([
        [116.32, 40.12],
        [116.324, 40.12],
        [116.324, 40.123],
        [116.32, 40.123],
        [116.32, 40.12],
      ]),
    },
  ],
});

async function uploadReport(locale: "zh-CN" | "en", file = FILE) {
  const opened = await openApp(browser, baseUrl);
  const { page } = opened;
  if (locale === "en") {
    await page.getByTestId("locale-en").click();
    await expect.poll(() => page.getByTestId("open-import").textContent()).not.toBe("导入");
  }
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-file").setInputFiles({
    name: "blocks.geojson",
    mimeType: "application/geo+json",
    buffer: Buffer.from(file),
  });
  await page.getByTestId("import-upload").click();
  await page.getByTestId("import-report").waitFor({ timeout: 30_000 });
  return opened;
}

describe("the import report in the UI language", { timeout: 120_000 }, () => {
  test("中文: a point and a shape outside Beijing are refused with Chinese reasons", async () => {
    const { page, errors } = await uploadReport("zh-CN");
    const point = page.getByTestId("import-feature-details-1");
    const shanghai = page.getByTestId("import-feature-details-2");
    expect(await point.textContent()).toContain("不是面要素：区块必须是多边形。");
    expect(await shanghai.textContent()).toContain("换算后图形位于北京市范围之外");
    expect(await shanghai.textContent()).not.toContain("outside Beijing");
    await shanghai.scrollIntoViewIfNeeded();
    await screenshot(page, "import-report-reasons-zh.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("English: the same reasons in English", async () => {
    const { page, errors } = await uploadReport("en");
    expect(await page.getByTestId("import-feature-details-1").textContent()).toContain(
      "Not a polygon feature: a block must be a polygon.",
    );
    expect(await page.getByTestId("import-feature-details-2").textContent()).toContain(
      "Once converted, the shape lies outside Beijing",
    );
    await page.getByTestId("import-feature-details-2").scrollIntoViewIfNeeded();
    await screenshot(page, "import-report-reasons-en.png");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("中文 then English: CRS notes, repair lines and field-mapping problems", async () => {
    const { page, errors } = await uploadReport("zh-CN", NOTES_FILE);
    const report = page.getByTestId("import-report");
    const notes = page.getByTestId("import-notes");
    const repeated = page.getByTestId("import-feature-details-0");
    const bowTie = page.getByTestId("import-feature-details-1");
    const level = page.getByTestId("import-feature-details-2");
    expect(await notes.textContent()).toContain("文件没有坐标系信息：按坐标数值识别为 EPSG:4490。");
    expect(await notes.textContent()).toContain("如图形是在高德、腾讯或 DataV 地图上描绘的（GCJ-02）");
    expect(await repeated.textContent()).toContain("删除了 1 个重复节点");
    expect(await repeated.textContent()).toContain("分园“不存在的分园”与任何分园都不对应");
    expect(await bowTie.textContent()).toMatch(
      /边界自相交，已用 ST_MakeValid 修复：[\d.]+ → [\d.]+ 公顷，2 个部分/,
    );
    expect(await level.textContent()).toContain("级别“省级”不是国家级或市级");
    // No English sentence of the server: no three English words in a row anywhere in the report.
    expect(await report.textContent()).not.toMatch(/[A-Za-z]+ [a-z]+ [a-z]+/);
    await bowTie.scrollIntoViewIfNeeded();
    await screenshot(page, "import-report-notes-zh.png");

    await page.getByTestId("locale-en").click();
    await expect.poll(() => notes.textContent()).toContain("detected EPSG:4490 from the numbers");
    expect(await repeated.textContent()).toContain("removed 1 repeated point");
    expect(await repeated.textContent()).toContain('sub-park "不存在的分园" matches no sub-park');
    expect(await bowTie.textContent()).toMatch(
      /self-intersecting boundary made valid with ST_MakeValid: [\d.]+ → [\d.]+ ha, 2 parts/,
    );
    expect(await level.textContent()).toContain('level "省级" is not national or municipal');
    for (const chinese of [
      "文件没有坐标系信息",
      "删除了",
      "已用 ST_MakeValid",
      "与任何分园都不对应",
      "不是国家级或市级",
    ])
      expect(await report.textContent()).not.toContain(chinese);
    await bowTie.scrollIntoViewIfNeeded();
    await screenshot(page, "import-report-notes-en.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});
