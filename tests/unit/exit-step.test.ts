import { describe, expect, it } from "vitest";
import { checkExitStep } from "../../server/domain/exit-step.js";
import type { RectificationRecord } from "../../server/domain/rectification.js";

const failed = (id: number, orderedYear: number, judgedYear: number): RectificationRecord => ({
  id,
  blockId: 7,
  orderedYear,
  outcome: "failed",
  judgedYear,
});

describe("one exit step per failed rectification (《管理办法》第三部分 · 淘汰方式)", () => {
  it("allows the step on a block that is not 已压减", () => {
    for (const status of ["rectifying", "recognized"] as const) {
      expect(checkExitStep(status, [failed(1, 2024, 2025)], [])).toEqual({ allowed: true });
    }
  });

  it("refuses it on a 已压减 block, naming the latest failed year and the last applied reduction", () => {
    const check = checkExitStep(
      "reduced",
      [failed(2, 2026, 2027), failed(1, 2024, 2025)],
      [
        { proposalId: 9, appliedVersion: 5 },
        { proposalId: 4, appliedVersion: 2 },
      ],
    );
    expect(check).toMatchObject({
      allowed: false,
      code: "already-reduced-this-year",
      year: 2027,
      orderedYear: 2026,
      appliedVersion: 5,
      proposalId: 9,
    });
  });

  it("refuses it on a block seeded as 已压减 without records, with no year or version", () => {
    const check = checkExitStep("reduced", [], []);
    expect(check).toMatchObject({ allowed: false, year: null, appliedVersion: null });
    if (!check.allowed) expect(check.message.zh).not.toContain("年度评价");
  });
});
