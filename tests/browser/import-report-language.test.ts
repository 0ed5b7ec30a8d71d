import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openApp, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #18 item 10: the import report gives the server's reasons for a refused feature in the UI language
 * (reason codes mapped to UI strings in client/i18n), not the server's English sentence.
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

async function uploadReport(locale: "zh-CN" | "en") {
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
    buffer: Buffer.from(FILE),
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
});
