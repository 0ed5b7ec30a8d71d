import { describe, expect, test } from "vitest";
import { importFeatureMessage } from "../../../../client/components/import-reason.js";
import { en } from "../../../../client/i18n/en.js";
import { zhCN } from "../../../../client/i18n/zh-CN.js";

/** An imported feature's refusal in the UI language (issue #18 item 10). */
describe("import report reasons", () => {
  test("a known import code in either language", () => {
    const feature = { reason: "outside-beijing", message: "The shape lies outside Beijing once converted" };
    expect(importFeatureMessage(zhCN, feature)).toBe(
      "换算后图形位于北京市范围之外：请检查源坐标系是否正确。",
    );
    expect(importFeatureMessage(en, feature)).toBe(
      "Once converted, the shape lies outside Beijing: check the source coordinate system.",
    );
  });

  test("a geometry code shares the drawing's strings", () => {
    expect(importFeatureMessage(zhCN, { reason: "ring-too-short", message: "x" })).toBe(
      zhCN.draw.errors.reasons["ring-too-short"],
    );
  });

  test("an unknown code falls back to the server's sentence; no code, the sentence as sent", () => {
    expect(importFeatureMessage(zhCN, { reason: "brand-new-code", message: "Something new." })).toBe(
      "Something new.",
    );
    expect(importFeatureMessage(en, { message: "As sent." })).toBe("As sent.");
  });
});
