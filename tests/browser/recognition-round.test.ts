import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import type { Role } from "../../server/auth/account.js";
import { openMapPage } from "../helpers/browser.js";
import { DEPARTMENTS, openRound, SAMPLE_FILES } from "../helpers/round-flow.js";
import { type BrowserSuite, blocksFromApi, getJson, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * 集中认定 in the UI (issue #13), each role signed in in its own browser context: the district applies for a demo
 * 意向纳入 block, uploads the four materials (the missing list shrinks) and submits; the lead starts the joint
 * review; the two departments opine; the lead returns it (退回修改) with a reason; the district sees the reason,
 * uploads a revised plan and submits again (version 2); the lead starts the review again; a reviewer records each
 * department's opinion on version 2 and the checklist; the lead reports (报批); the approver records the 批复; the
 * block is 已认定. Every wait is a poll on what the page shows (the round is opened through
 * the API: the board's own form is not what this tests).
 */
let suite: BrowserSuite;
withBrowserSuite((started) => {
  suite = started;
});

const KIND_NAMES: Record<string, string> = {
  request: "请示",
  indicators: "重点指标数据",
  plans: "相关规划",
  "space-use": "空间利用情况",
};

async function signedIn(roles: Role[], parkIds?: number[]): Promise<Page> {
  const account = await suite.testApp.clientFor({
    roles,
    password: true,
    name: `测试 ${roles.join("+")}`,
    ...(parkIds ? { parkIds } : {}),
  });
  const { page } = await openMapPage(suite.browser, suite.baseUrl, "zh-CN", {
    login: account.login,
    password: account.password as string,
  });
  return page;
}

/** The board, then the application's panel (fresh from the server: a reload shows the others' steps). */
async function openApplication(page: Page, id: number): Promise<void> {
  await page.getByTestId("open-rounds").click();
  await page.getByTestId(`application-${id}`).click();
  await page.getByTestId("round-application").waitFor();
}

const state = (page: Page) => page.getByTestId("application-state").textContent();

describe("the recognition round in the browser", { timeout: 240_000 }, () => {
  test("applied for with materials, reviewed, reported and approved: the block is 已认定", async () => {
    const block = (await blocksFromApi(suite.baseUrl)).find((b) => b.properties.code === "haidian-zgc-inner");
    if (!block) throw new Error("demo block haidian-zgc-inner missing");
    const round = await openRound((options) => suite.testApp.app.inject(options));

    const district = await signedIn(["district"], [block.properties.parkId]);
    await district.getByTestId("open-rounds").click();
    await district.getByTestId("round-header").waitFor();
    await district.locator('[data-testid="new-application"] summary').click();
    await district.getByTestId("new-application-title").fill("海淀区区块认定申请（浏览器）");
    await district.getByTestId(`pick-block-${block.properties.id}`).check();
    await district.getByTestId("create-application").click();
    let applicationId = 0;
    await expect
      .poll(async () => {
        const list = await getJson<{ id: number }[]>(suite.baseUrl, `/api/rounds/${round.id}/applications`);
        applicationId = list[0]?.id ?? 0;
        return applicationId;
      })
      .toBeGreaterThan(0);
    await district.getByTestId(`application-${applicationId}`).click();
    await district.getByTestId("round-application").waitFor();
    for (const name of Object.values(KIND_NAMES)) {
      await expect(district.getByTestId("materials-missing").textContent()).resolves.toContain(name);
    }
    for (const [kind, file] of Object.entries(SAMPLE_FILES)) {
      await district.getByTestId("material-kind").selectOption(kind);
      await district
        .getByTestId("material-file")
        .setInputFiles({ name: file.name, mimeType: "application/octet-stream", buffer: file.bytes });
      await expect
        .poll(() => district.getByTestId("application-materials").textContent())
        .toContain(file.name);
      const missing = KIND_NAMES[kind];
      if (missing) {
        await expect
          .poll(() => district.getByTestId("materials-missing").textContent())
          .not.toContain(missing);
      }
    }
    await expect.poll(() => district.getByTestId("materials-missing").textContent()).toBe("材料齐全");
    await district.getByTestId("step-submit-submit").click();
    await expect.poll(() => state(district)).toBe("已提交");
    await screenshot(district, "round-1-submitted.png");

    const lead = await signedIn(["lead"]);
    await openApplication(lead, applicationId);
    await expect.poll(() => state(lead)).toBe("已提交");
    await lead.getByTestId("step-start-review-submit").click();
    await expect.poll(() => state(lead)).toBe("联审中");

    const reviewer = await signedIn(["reviewer"]);
    /** Each department's opinion on the version under review, told apart by `mark` (opinions are per version). */
    async function opine(mark: string, opinion: string): Promise<void> {
      await openApplication(reviewer, applicationId);
      await expect.poll(() => state(reviewer)).toBe("联审中");
      for (const department of DEPARTMENTS) {
        await reviewer.getByTestId("opinion-department").selectOption(department);
        await reviewer.getByTestId("opinion-value").selectOption(opinion);
        await reviewer.getByTestId("opinion-text").fill(`${department}：${mark}`);
        await reviewer.getByTestId("opinion-submit").click();
        await expect
          .poll(() => reviewer.getByTestId("application-opinions").textContent())
          .toContain(`${department}：${mark}`);
      }
    }
    await opine("规划图比例尺不清，修改后同意（第 1 版）", "agree-after-changes");

    await lead.reload();
    await openApplication(lead, applicationId);
    await expect
      .poll(() => lead.getByTestId("application-opinions").textContent())
      .toContain(`${DEPARTMENTS.at(-1)}：规划图比例尺不清`);
    await lead.getByTestId("step-return-reason").fill("请补充清晰的相关规划图。");
    await lead.getByTestId("step-return-submit").click();
    await expect.poll(() => state(lead)).toBe("退回修改");

    await district.reload();
    await openApplication(district, applicationId);
    await expect.poll(() => state(district)).toBe("退回修改");
    await expect
      .poll(() => district.getByTestId("application-returned-reason").textContent())
      .toBe("退回理由：请补充清晰的相关规划图。");
    await screenshot(district, "round-1b-returned.png");
    const revisedPlan = { ...SAMPLE_FILES.plans, name: "相关规划（修改稿）.docx" };
    await district.getByTestId("material-kind").selectOption("plans");
    await district.getByTestId("material-file").setInputFiles({
      name: revisedPlan.name,
      mimeType: "application/octet-stream",
      buffer: revisedPlan.bytes,
    });
    await expect
      .poll(() => district.getByTestId("application-materials").textContent())
      .toContain(revisedPlan.name);
    await district.getByTestId("step-submit-submit").click();
    await expect.poll(() => state(district)).toBe("已提交");
    await district.context().close();

    await lead.reload();
    await openApplication(lead, applicationId);
    await expect.poll(() => state(lead)).toBe("已提交");
    await lead.getByTestId("step-start-review-submit").click();
    await expect.poll(() => state(lead)).toBe("联审中");

    await reviewer.reload();
    await opine("同意（第 2 版）", "agree");
    for (const condition of ["industry-orientation", "infrastructure", "safety-and-environment"]) {
      await reviewer.getByTestId(`checklist-${condition}-reason`).fill("材料显示符合");
    }
    await reviewer.getByTestId("checklist-submit").click();
    await expect.poll(() => reviewer.getByTestId("checklist-form").textContent()).toContain("已完成");
    await reviewer.context().close();

    await lead.reload();
    await openApplication(lead, applicationId);
    await expect
      .poll(() => lead.getByTestId("application-opinions").textContent())
      .toContain(`${DEPARTMENTS.at(-1)}：同意（第 2 版）`);
    await lead.getByTestId("step-report-opinion").fill("经联审，建议认定。");
    await lead.getByTestId("step-report-submit").click();
    await expect.poll(() => state(lead)).toBe("已报批");
    await lead.context().close();

    const approver = await signedIn(["approver"]);
    await openApplication(approver, applicationId);
    await expect.poll(() => state(approver)).toBe("已报批");
    await approver.getByTestId("step-approve-reference").fill("京政函〔2026〕88号");
    await approver.getByTestId("step-approve-submit").click();
    await expect.poll(() => state(approver)).toBe("已批复");
    await expect(approver.getByTestId("application-reply").textContent()).resolves.toContain(
      "京政函〔2026〕88号",
    );
    await screenshot(approver, "round-2-approved.png");
    await approver.context().close();

    const recognized = await getJson<{ properties: { status: string } }>(
      suite.baseUrl,
      `/api/blocks/${block.properties.id}`,
    );
    expect(recognized.properties.status).toBe("recognized");
  });
});
