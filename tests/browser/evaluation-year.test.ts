import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import type { TestApp } from "../helpers/test-app.js";
import { getJson, openApp, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #18 item 1, the evaluation year (评价年度) in headless Chromium over a fresh copy of the demo database: its
 * state and approval, the template, an upload with its per-row report, the weights, the bottom-5% preview and
 * confirmation with the rectification records, the exit batch as a job; a viewer sees the controls disabled with
 * the reason. Needs `npm run build` first.
 */
let browser: Browser;
let baseUrl: string;
let testApp: TestApp;

withBrowserSuite((suite) => {
  ({ browser, baseUrl, testApp } = suite);
});

const YEAR = 2025;

interface Approval {
  state: string;
  approved: { reference: string } | null;
  frozen: { categories: Record<string, { blockId: number; level: string; bottom5: boolean }[]> };
}

describe("evaluation year (issue #18 item 1)", { timeout: 60_000 }, () => {
  test("state, template, upload report, weights, bottom-5% preview and run, exit batch", async () => {
    const approval = await getJson<Approval>(baseUrl, `/api/evaluations/${YEAR}/approval`);
    const indicators = await getJson<{ rows: { blockId: number; inputs: Record<string, number> }[] }>(
      baseUrl,
      `/api/evaluations/${YEAR}/indicators`,
    );
    const weights = await getJson<{ method: string; methods: string[] }>(
      baseUrl,
      `/api/evaluations/${YEAR}/weights`,
    );
    const { page, errors } = await openApp(browser, baseUrl);
    page.setDefaultTimeout(20_000);
    await page.getByTestId("year-select").selectOption(String(YEAR));
    await page.getByTestId("open-evaluation-year").click();

    // State and approval as the server has them (the demo approves its years).
    await expect.poll(() => page.getByTestId("year-state").textContent()).toBe("审定");
    expect(approval.state).toBe("approved");
    expect(await page.getByTestId("year-approved").textContent()).toContain(approval.approved?.reference);

    // The template downloads as a workbook.
    const [template] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("year-template").click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readFile((await template.path()) as string);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");

    // An upload with a row for an unknown block: its report names the row; with "valid rows only" one is stored.
    const [row] = indicators.rows;
    const keys = Object.keys(row.inputs);
    const csv = [
      ["blockId", ...keys].join(","),
      [row.blockId, ...keys.map((key) => row.inputs[key])].join(","),
      [999_999, ...keys.map((key) => row.inputs[key])].join(","),
    ].join("\n");
    await page
      .getByTestId("year-indicator-file")
      .setInputFiles({ name: "indicators.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("year-upload").click();
    await expect
      .poll(() => page.getByTestId("year-report-summary").textContent())
      .toBe("2 行中 1 行有问题：未保存任何数据。");
    expect(await page.getByTestId("year-report-row-3").textContent()).toContain("999999");
    await page.getByTestId("year-indicators").getByText("只保存无误的行").click();
    await page.getByTestId("year-upload").click();
    await expect
      .poll(() => page.getByTestId("year-report-summary").textContent())
      .toBe("已保存 1 行，有问题 1 行。");
    await screenshot(page, "evaluation-year-1-upload.png");

    // Another score method, saved: the server has it.
    const other = weights.methods.find((method) => method !== weights.method) as string;
    await page.getByTestId("year-method").selectOption(other);
    await page.getByTestId("year-save-weights").click();
    await page.getByTestId("year-weights-saved").waitFor();
    expect((await getJson<{ method: string }>(baseUrl, `/api/evaluations/${YEAR}/weights`)).method).toBe(
      other,
    );

    // The bottom-5% preview lists the frozen ranking's municipal bottom; confirming runs the flag run.
    const bottom = Object.values(approval.frozen.categories)
      .flat()
      .filter((entry) => entry.bottom5 && entry.level === "municipal");
    await page.getByTestId("year-flag-preview").click();
    await page.getByTestId("year-flag-list").waitFor();
    expect(await page.locator("[data-testid^=year-flag-block-]").count()).toBe(bottom.length);
    for (const entry of bottom) await page.getByTestId(`year-flag-block-${entry.blockId}`).waitFor();
    await page.getByTestId("year-flag-confirm").click();
    // The run is a job (issue #14): its progress line, ending succeeded, then what it did.
    const flagJob = page.getByTestId("year-flags").getByTestId("job-progress");
    await flagJob.waitFor();
    await expect.poll(() => flagJob.getAttribute("data-state"), { timeout: 120_000 }).toBe("succeeded");
    await page.getByTestId("year-flag-done").waitFor({ timeout: 60_000 });
    const records = await getJson<{ rectifications: { blockId: number; judgedYear: number | null }[] }>(
      baseUrl,
      "/api/evaluations/rectifications",
    );
    const judged = records.rectifications.filter((record) => record.judgedYear === YEAR);
    expect(judged.length).toBeGreaterThan(0);
    for (const record of judged) await page.getByTestId(`year-rectification-${record.blockId}`).waitFor();

    // The exit batch runs as a job and ends.
    await page.getByTestId("year-start-batch").click();
    await expect.poll(() => page.getByTestId("year-batch").getAttribute("data-state")).toBe("done");
    await page.getByTestId("year-batch").scrollIntoViewIfNeeded();
    // Each block of the batch is listed with its decision: the failed rectification's block, 永定区块.
    const failed = records.rectifications.filter(
      (record) => (record as { outcome?: string }).outcome === "failed",
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const record of failed) {
      expect(await page.getByTestId(`year-batch-block-${record.blockId}`).textContent()).toContain("压减");
    }
    await screenshot(page, "evaluation-year-2-flags-batch.png");
    expect(errors.filter((error) => !error.includes("422"))).toEqual([]);
    await page.close();
  });

  test("a draft year: the lead submits it (报审), only the approver may approve it (审定)", async () => {
    const draft = YEAR + 1;
    const { page, errors } = await openApp(browser, baseUrl);
    page.setDefaultTimeout(20_000);
    await page.getByTestId("year-select").selectOption(String(draft));
    await page.getByTestId("open-evaluation-year").click();
    await expect.poll(() => page.getByTestId("year-state").textContent()).toBe("草稿");
    expect(await page.getByTestId("year-flag-preview").isDisabled()).toBe(true);
    await page.getByTestId("year-approval").getByText("缺少指标数据的区块不参加排名").click();
    await page.getByTestId("year-submit").click();
    await expect.poll(() => page.getByTestId("year-state").textContent()).toBe("报审");
    // The browser account is lead and district: 审定 is the approver's, the button says so.
    expect(await page.getByTestId("year-approve").isDisabled()).toBe(true);
    expect(await page.getByTestId("year-approve").getAttribute("title")).toMatch(/无权/);
    await page.close();

    const approver = await testApp.clientFor({ roles: ["approver"], name: "市政府 审定", password: true });
    const second = await openMapPage(browser, baseUrl, "zh-CN", {
      login: approver.login,
      password: approver.password as string,
    });
    await second.page.getByTestId("year-select").selectOption(String(draft));
    await second.page.getByTestId("open-evaluation-year").click();
    await expect.poll(() => second.page.getByTestId("year-state").textContent()).toBe("报审");
    await second.page.getByTestId("year-reference").fill("京政函〔2027〕示1号");
    await second.page.getByTestId("year-approve").click();
    await expect.poll(() => second.page.getByTestId("year-state").textContent()).toBe("审定");
    const approval = await getJson<Approval>(baseUrl, `/api/evaluations/${draft}/approval`);
    expect(approval.state).toBe("approved");
    expect(approval.approved?.reference).toBe("京政函〔2027〕示1号");
    expect(await second.page.getByTestId("year-approved").textContent()).toContain("京政函〔2027〕示1号");
    await screenshot(second.page, "evaluation-year-4-approved.png");
    expect([...errors, ...second.errors]).toEqual([]);
    await second.page.close();
  });

  test("a viewer sees the year and why its controls are disabled", async () => {
    const viewer = await testApp.clientFor({ roles: ["viewer"], name: "访客 乙", password: true });
    const { page, errors } = await openMapPage(browser, baseUrl, "zh-CN", {
      login: viewer.login,
      password: viewer.password as string,
    });
    await page.getByTestId("open-evaluation-year").click();
    await page.getByTestId("year-state").waitFor();
    for (const id of ["year-upload", "year-save-weights", "year-flag-preview", "year-start-batch"]) {
      expect(await page.getByTestId(id).isDisabled(), id).toBe(true);
      expect(await page.getByTestId(id).getAttribute("title"), id).toMatch(/无权/);
    }
    expect(await page.getByTestId("year-setting-missingDataPolicy").isDisabled()).toBe(true);
    await screenshot(page, "evaluation-year-3-viewer.png");
    expect(errors).toEqual([]);
    await page.close();
  });
});
