import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readConfig } from "../../server/config.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blocksFromApi, getJson, launchBrowser, openApp } from "./review-helpers.js";

/**
 * Issue #14 item 3 (jobs14): in the import dialog the commit button is disabled while the preview job and the
 * commit job run. The app here takes every import as a job (IMPORT_INLINE_MAX_FEATURES = 0), so a one-feature
 * file goes through both jobs; a recorder in the page samples the button at every DOM change.
 */
let browser: Browser;
let testApp: TestApp;
let baseUrl: string;

beforeAll(async () => {
  testApp = await startTestApp({ config: { jobs: { ...readConfig({}).jobs, importInlineFeatures: 0 } } });
  baseUrl = await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

const FILE = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "导入任务按钮（测试）", code: "UI-JOB-BTN-1" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [116.41, 40.31],
            [116.414, 40.31],
            [116.414, 40.313],
            [116.41, 40.313],
            [116.41, 40.31],
          ],
        ],
      },
    },
  ],
};

interface Sample {
  job: string | null;
  state: string | null;
  commit: "absent" | "disabled" | "enabled";
}

describe("import dialog while its jobs run", { timeout: 180_000 }, () => {
  test("the commit button is disabled while the preview job and the commit job run", async () => {
    const parks = await getJson<{ id: number }[]>(baseUrl, "/api/parks");
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-import").click();
    // Every DOM change: which job is shown, its state, and the commit button.
    await page.evaluate(() => {
      const samples: Sample[] = [];
      (window as unknown as { __samples: Sample[] }).__samples = samples;
      const sample = () => {
        const job = document.querySelector<HTMLElement>(
          "[data-testid=import-job] [data-testid=job-progress]",
        );
        const commit = document.querySelector<HTMLButtonElement>("[data-testid=import-commit]");
        samples.push({
          job: job?.dataset.job ?? null,
          state: job?.dataset.state ?? null,
          commit: commit ? (commit.disabled ? "disabled" : "enabled") : "absent",
        });
      };
      new MutationObserver(sample).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-state", "disabled"],
      });
    });
    await page.getByTestId("import-file").setInputFiles({
      name: "任务.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(JSON.stringify(FILE)),
    });
    await page.getByTestId("import-upload").click();
    await page.getByTestId("import-report").waitFor({ timeout: 120_000 });
    await page.getByTestId("import-park").selectOption(String(parks[0].id));
    await page.getByTestId("import-commit").scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId("import-commit").isDisabled()).toBe(false);
    await page.getByTestId("import-commit").click();
    await expect
      .poll(() => page.getByTestId("import-done").textContent(), { timeout: 120_000 })
      .toContain("1");

    const samples = await page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);
    const running = samples.filter((s) => s.state === "queued" || s.state === "running");
    // Both jobs were seen running (the preview's and the commit's), and never with the button enabled.
    expect(new Set(running.map((s) => s.job)).size).toBe(2);
    expect(running.filter((s) => s.commit === "enabled")).toEqual([]);
    // The commit job's samples had the button there (the report shown) and disabled.
    const commitJob = running.at(-1)?.job;
    expect(running.filter((s) => s.job === commitJob).some((s) => s.commit === "disabled")).toBe(true);
    const imported = (await blocksFromApi(baseUrl)).filter((b) => b.properties.code === "UI-JOB-BTN-1");
    expect(imported).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
