import { describe, expect, it } from "vitest";
import { en } from "../../../../client/i18n/en.js";
import { zhCN } from "../../../../client/i18n/zh-CN.js";

/**
 * The UI speaks the Measures' words (issue #12.10): no section numbers of our digest ("§4.5" means nothing to an
 * official), 占分园面积比例, 意向纳入 for a candidate, and where recognition is shown, that it is not a project
 * approval. Every string of both locales is read, and the source of every message function (its template text).
 */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "function") return [String(value)];
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(texts);
  return [];
}

describe("the UI's words", () => {
  it("cite no section of our digest (§) in either locale", () => {
    for (const messages of [zhCN, en]) {
      expect(texts(messages).filter((text) => text.includes("§"))).toEqual([]);
    }
  });

  it("use the Measures' terms", () => {
    expect(zhCN.review.tabs.share).toBe("占分园面积比例");
    expect(zhCN.review.tabs.exit).toBe("淘汰方式/压减");
    expect(zhCN.status.candidate).toBe("意向纳入");
    expect(texts(zhCN).filter((text) => /退出方式|退出规则|过渡期豁免|拟新增/.test(text))).toEqual([]);
    expect(zhCN.panel.recognitionNotApproval).toMatch(/^认定为市级高新区不等于项目审批/);
    expect(en.panel.recognitionNotApproval).toMatch(/not a project approval/);
  });
});
