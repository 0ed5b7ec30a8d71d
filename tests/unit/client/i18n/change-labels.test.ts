import { describe, expect, it } from "vitest";
import { en } from "../../../../client/i18n/en.js";
import { zhCN } from "../../../../client/i18n/zh-CN.js";
import { BLOCK_ACTIONS } from "../../../../server/domain/block-lifecycle.js";

/**
 * Issue #18 item 10: every kind of change a history row can carry has a label in both languages (the English
 * page showed raw codes such as "import"). Typed from the writers: routes, imports, evaluations, the tools.
 */
const WRITTEN_CHANGES = [
  "create",
  "update",
  "edit",
  "end",
  "evaluation",
  "import",
  "split",
  "merge",
  "restore",
  ...BLOCK_ACTIONS,
];

describe("history change labels", () => {
  it("has a Chinese and an English label for every change kind, and they differ", () => {
    for (const change of WRITTEN_CHANGES) {
      const zh = (zhCN.change as Record<string, string>)[change];
      const english = (en.change as Record<string, string>)[change];
      expect(zh, change).toMatch(/[\u4e00-\u9fff]/);
      expect(english, change).toMatch(/^[A-Z][a-z ]+$/);
    }
  });
});
