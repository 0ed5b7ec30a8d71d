import { describe, expect, it } from "vitest";
import { adjustabilityOf, NATIONAL_NOT_ADJUSTED } from "../../../../server/domain/dynamic-adjustment.js";

/** 《管理办法》第三部分 · 动态调整: only municipal blocks are ordered to rectify, exited or reduced. */
describe("adjustabilityOf", () => {
  it("municipal blocks are adjusted; national blocks are not, and the reason cites the part of the Measures", () => {
    expect(adjustabilityOf("municipal")).toEqual({ adjustable: true });
    expect(adjustabilityOf("national")).toEqual({
      adjustable: false,
      reason: "national",
      explanation: NATIONAL_NOT_ADJUSTED,
    });
    expect(NATIONAL_NOT_ADJUSTED.zh).toContain("《管理办法》第三部分 · 动态调整");
  });
});
