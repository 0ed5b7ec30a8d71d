import { describe, expect, it } from "vitest";
import { planFlagRun, type RectificationRecord } from "../../../../server/domain/rectification.js";

const entry = (blockId: number, rank: number | null, bottom5: boolean) => ({ blockId, rank, bottom5 });
const record = (
  id: number,
  blockId: number,
  orderedYear: number,
  outcome: RectificationRecord["outcome"] = "open",
  judgedYear: number | null = null,
) => ({
  id,
  blockId,
  orderedYear,
  outcome,
  judgedYear,
});

describe("planFlagRun (《管理办法》第三部分 · 动态调整)", () => {
  it("orders a bottom block without a rectification; nothing for the others", () => {
    expect(planFlagRun(2025, [entry(1, 10, true), entry(2, 1, false)], [])).toEqual([
      { kind: "order", blockId: 1 },
    ]);
  });
  it("judges an earlier order: not in the bottom 5% → passed, in it → failed, not ranked → not judged", () => {
    const records = [record(7, 1, 2024), record(8, 2, 2024), record(9, 3, 2024)];
    expect(
      planFlagRun(2025, [entry(1, 2, false), entry(2, 9, true), entry(3, null, false)], records),
    ).toEqual([
      { kind: "pass", blockId: 1, rectificationId: 7, orderedYear: 2024 },
      { kind: "fail", blockId: 2, rectificationId: 8, orderedYear: 2024 },
      { kind: "not-judged", blockId: 3, rectificationId: 9, orderedYear: 2024 },
    ]);
  });
  it("a failed rectification stands whatever the later rank; a passed one lets the block be ordered again", () => {
    const records = [record(7, 1, 2024, "failed", 2025), record(8, 2, 2024, "passed", 2025)];
    expect(planFlagRun(2026, [entry(1, 1, false), entry(2, 9, true)], records)).toEqual([
      { kind: "exit-pending", blockId: 1, rectificationId: 7, orderedYear: 2024, judgedYear: 2025 },
      { kind: "order", blockId: 2 },
    ]);
  });
  it("a year already run is recorded once", () => {
    const records = [
      record(7, 1, 2025),
      record(8, 2, 2024, "failed", 2025),
      record(9, 3, 2024, "passed", 2025),
    ];
    expect(planFlagRun(2025, [entry(1, 9, true), entry(2, 8, true), entry(3, 1, false)], records)).toEqual([
      { kind: "already", blockId: 1, recorded: "ordered" },
      { kind: "already", blockId: 2, recorded: "failed" },
      { kind: "already", blockId: 3, recorded: "passed" },
    ]);
  });
});
