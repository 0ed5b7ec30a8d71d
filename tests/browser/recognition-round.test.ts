import type { Browser, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { openMapPage } from "../helpers/browser.js";
import { SAMPLE_FILES } from "../helpers/round-flow.js";
import type { TestApp } from "../helpers/test-app.js";
import { blocksFromApi, getJson, openApp, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * 集中认定 in the UI (issue #13), over the real API and a fresh copy of the demo database (needs `npm run build`):
 * a lead opens the round on the board; as the district it applies for a demo 意向纳入 block with the four materials
 * and submits (pre-checks shown); as the lead it runs the joint review, returns it, the district resubmits, the lead
 * reports it; the approver signs in and records the 批复; the block is 已认定 with the reply in its history.
 */
let testApp: TestApp;
let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ testApp, browser, baseUrl } = suite);
});

const state = (page: Page) => page.getByTestId("application-state").textContent();

async function step(page: Page, action: string, fill?: [string, string]) {
  if (fill) await page.getByTestId(fill[0]).fill(fill[1]);
  await page.getByTestId(`step-${action}-submit`).click();
}

/** Every department of the round opines, and the three judgement conditions are filled in. */
async function review(page: Page, departments: string[]) {
  for (const department of departments) {
    await page.getByTestId("opinion-department").selectOption(department);
    await page.getByTestId("opinion-value").selectOption("agree");
    await page.getByTestId("opinion-text").fill(`${department}：同意`);
    await page.getByTestId("opinion-submit").click();
    await expect
      .poll(() => page.getByTestId("application-opinions").textContent())
      .toContain(`${department}：同意`);
  }
  for (const condition of ["industry-orientation", "infrastructure", "safety-and-environment"])
    await page.getByTestId(`checklist-${condition}-reason`).fill("材料显示符合");
  await page.getByTestId("checklist-submit").click();
  await expect.poll(() => page.getByTestId("checklist-form").textContent()).toContain("已完成");
}

describe("the recognition round board", { timeout: 300_000 }, () => {
  test("round opened, applied for with materials, reviewed, returned, resubmitted, reported and approved", async () => {
    const block = (await blocksFromApi(baseUrl)).find((b) => b.properties.code === "haidian-zgc-inner");
    if (!block) throw new Error("demo block haidian-zgc-inner missing");
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-rounds").click();
    await page.getByTestId("round-board").waitFor();
    await page.getByTestId("no-round").waitFor();
    await page.locator('[data-testid="open-round"] summary').click();
    await page.getByTestId("open-round-submit").click();
    await page.getByTestId("round-header").waitFor();
    const [round] = await getJson<{ id: number; departments: string[] }[]>(baseUrl, "/api/rounds");

    await page.locator('[data-testid="new-application"] summary').click();
    await page.getByTestId("new-application-title").fill("海淀区区块认定申请");
    await page.getByTestId(`pick-block-${block.properties.id}`).check();
    await page.getByTestId("create-application").click();
    await page.locator('[data-testid^="application-"]').first().waitFor();
    const [application] = await getJson<{ id: number }[]>(baseUrl, `/api/rounds/${round.id}/applications`);
    await page.getByTestId(`application-${application.id}`).click();
    await page.getByTestId("round-application").waitFor();
    expect(await page.getByTestId("materials-missing").textContent()).toContain("请示");
    for (const [kind, file] of Object.entries(SAMPLE_FILES)) {
      await page.getByTestId("material-kind").selectOption(kind);
      await page
        .getByTestId("material-file")
        .setInputFiles({ name: file.name, mimeType: "application/octet-stream", buffer: file.bytes });
      await expect.poll(() => page.getByTestId("application-materials").textContent()).toContain(file.name);
    }
    expect(await page.getByTestId("materials-missing").textContent()).toBe("材料齐全");

    await step(page, "submit");
    await expect.poll(() => state(page)).toBe("已提交");
    await page.getByTestId("application-prechecks").waitFor();
    expect(
      await page.getByTestId(`check-${block.properties.id}-growth-above-district-average`).textContent(),
    ).toBeTruthy();
    await screenshot(page, "round-1-submitted.png");

    await step(page, "start-review");
    await expect.poll(() => state(page)).toBe("联审中");
    await review(page, round.departments);
    await step(page, "return", ["step-return-reason", "请补充空间利用情况的地块清单"]);
    await expect.poll(() => state(page)).toBe("退回修改");
    await step(page, "submit");
    await expect.poll(() => state(page)).toBe("已提交");
    await step(page, "start-review");
    await expect.poll(() => state(page)).toBe("联审中");
    await review(page, round.departments);
    await step(page, "report", ["step-report-opinion", "经联审，建议认定。"]);
    await expect.poll(() => state(page)).toBe("已报批");
    expect(await page.getByTestId("application-history").textContent()).toContain(
      "请补充空间利用情况的地块清单",
    );
    await screenshot(page, "round-2-reported.png");
    expect(errors).toEqual([]);

    const approver = await testApp.clientFor({ roles: ["approver"], name: "市政府批复登记", password: true });
    const approval = await openMapPage(browser, baseUrl, "zh-CN", {
      login: approver.login,
      password: approver.password as string,
    });
    await approval.page.getByTestId("open-rounds").click();
    await expect
      .poll(() => approval.page.getByTestId("round-state-reported").textContent())
      .toContain("海淀区区块认定申请");
    await screenshot(approval.page, "round-3-board.png");
    await approval.page.getByTestId(`application-${application.id}`).click();
    await approval.page.getByTestId("step-approve-reference").fill("京政函〔2026〕88号");
    await approval.page.getByTestId("step-approve-submit").click();
    await expect.poll(() => state(approval.page)).toBe("已批复");
    expect(await approval.page.getByTestId("application-reply").textContent()).toContain(
      "京政函〔2026〕88号",
    );
    await screenshot(approval.page, "round-4-approved.png");
    expect(approval.errors).toEqual([]);

    const recognized = await getJson<{ properties: { status: string } }>(
      baseUrl,
      `/api/blocks/${block.properties.id}`,
    );
    expect(recognized.properties.status).toBe("recognized");
    const history = await getJson<{ change: string; reason: string }[]>(
      baseUrl,
      `/api/blocks/${block.properties.id}/history`,
    );
    expect(history.at(-1)?.reason).toContain("京政函〔2026〕88号");
  });
});
