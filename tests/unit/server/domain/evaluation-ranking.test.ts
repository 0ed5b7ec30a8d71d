import { describe, expect, it } from "vitest";
import { bottomCount, rankCategory } from "../../../../server/domain/evaluation-ranking.js";
import {
  recommendedForNational,
  topPositions,
} from "../../../../server/domain/evaluation-recommendations.js";
import { compareRankings } from "../../../../server/domain/evaluation-what-if.js";

function input(blockId: number, score: number, extra: { complete?: boolean; exempt?: "transition" } = {}) {
  return {
    blockId,
    score,
    name: `block ${blockId}`,
    ranked: extra.complete ?? true,
    exempt: extra.exempt ?? null,
  };
}

const FLOOR = { rounding: "floor", base: "all-ranked" } as const;
const CEIL = { rounding: "ceil", base: "all-ranked" } as const;

describe("bottom 5% count", () => {
  it.each([
    // n, floor, round, ceil — 5% of n is 0.05, 0.95, 1, 1.05, 2
    [1, 1, 1, 1],
    [19, 1, 1, 1],
    [20, 1, 1, 1],
    [21, 1, 1, 2],
    [40, 2, 2, 2],
  ])("n = %i → floor %i, round %i, ceil %i", (n, floor, round, ceil) => {
    expect(bottomCount(n, "floor")).toBe(floor);
    expect(bottomCount(n, "round")).toBe(round);
    expect(bottomCount(n, "ceil")).toBe(ceil);
  });

  it("is 0 for no blocks, rounds half up, and is exact on multiples of 20", () => {
    expect(bottomCount(0, "ceil")).toBe(0);
    expect(bottomCount(30, "round")).toBe(2);
    expect(bottomCount(30, "floor")).toBe(1);
    expect(bottomCount(60, "ceil")).toBe(3);
  });
});

describe("ranking", () => {
  it("gives tied scores the same rank and skips the next (1, 2, 2, 4)", () => {
    const ranking = rankCategory([input(1, 70), input(2, 80), input(3, 90), input(4, 80)], FLOOR);
    expect(ranking.order.map((entry) => [entry.blockId, entry.rank])).toEqual([
      [3, 1],
      [2, 2],
      [4, 2],
      [1, 4],
    ]);
    expect(ranking.bottomBlockIds).toEqual([1]);
  });

  it("puts every block tied at the boundary in the bottom 5%", () => {
    const ranking = rankCategory([input(1, 90), input(2, 80), input(3, 70), input(4, 70)], FLOOR);
    expect(ranking.bottomCount).toBe(1);
    expect(ranking.bottomBlockIds.sort()).toEqual([3, 4]);
    expect(ranking.order.filter((entry) => entry.rank === 3)).toHaveLength(2);
  });

  it("does not rank incomplete blocks and does not count them in n", () => {
    const inputs = [
      ...Array.from({ length: 20 }, (_, i) => input(i + 1, 50 + i)),
      input(99, 0, { complete: false }),
    ];
    const ranking = rankCategory(inputs, CEIL);
    expect(ranking.rankedCount).toBe(20);
    expect(ranking.bottomCount).toBe(1);
    expect(ranking.order.at(-1)).toEqual({ blockId: 99, rank: null, bottom5: false });
    expect(ranking.bottomBlockIds).toEqual([1]);
  });

  it("leaves an exempt block ranked but out of the bottom 5%", () => {
    const ranking = rankCategory([input(1, 10, { exempt: "transition" }), input(2, 20), input(3, 30)], {
      rounding: "floor",
      base: "municipal-only",
    });
    expect(ranking.order.find((entry) => entry.blockId === 1)).toEqual({
      blockId: 1,
      rank: 3,
      bottom5: false,
    });
    expect(ranking.bottomPoolCount).toBe(2);
    expect(ranking.bottomBlockIds).toEqual([2]);
  });

  it("flags the single block of a category of one", () => {
    expect(rankCategory([input(7, 42)], FLOOR).bottomBlockIds).toEqual([7]);
  });
});

describe("recommendations for the national zone", () => {
  it("takes municipal blocks within the top ceil(P% × n) ranks", () => {
    expect(topPositions(24, 20)).toBe(5);
    expect(topPositions(20, 20)).toBe(4);
    expect(topPositions(3, 20)).toBe(1);
    const entries = [
      { blockId: 1, level: "national", status: "recognized", rank: 1, bottom5: false },
      { blockId: 2, level: "municipal", status: "recognized", rank: 2, bottom5: false },
      { blockId: 3, level: "municipal", status: "rectifying", rank: 2, bottom5: false },
      { blockId: 4, level: "municipal", status: "recognized", rank: 5, bottom5: false },
      { blockId: 5, level: "municipal", status: "recognized", rank: null, bottom5: false },
    ] as const;
    const { recommended } = recommendedForNational(entries, 10, 20);
    expect(recommended.map((entry) => entry.blockId)).toEqual([2]);
  });
});

describe("what-if comparison", () => {
  it("lists rank changes and whether the bottom-5% set changed", () => {
    const before = [
      { blockId: 1, name: "a", rank: 1, score: 90, bottom5: false },
      { blockId: 2, name: "b", rank: 2, score: 80, bottom5: false },
      { blockId: 3, name: "c", rank: 3, score: 70, bottom5: true },
    ];
    const after = [
      { blockId: 1, name: "a", rank: 1, score: 88, bottom5: false },
      { blockId: 3, name: "c", rank: 2, score: 79, bottom5: false },
      { blockId: 2, name: "b", rank: 3, score: 75, bottom5: true },
    ];
    const comparison = compareRankings(before, after);
    expect(
      comparison.changes.map((change) => [
        change.blockId,
        change.rankBefore,
        change.rankAfter,
        change.rankChange,
      ]),
    ).toEqual([
      [2, 2, 3, -1],
      [3, 3, 2, 1],
    ]);
    expect(comparison.bottom5Changed).toBe(true);
    expect(comparison.enteredBottom5).toEqual([2]);
    expect(comparison.leftBottom5).toEqual([3]);
    expect(compareRankings(before, before)).toMatchObject({ changes: [], bottom5Changed: false });
  });
});
