/**
 * What-if — a ranking recomputed with other weights or another method, compared with the ranking of the
 * year's stored configuration: which blocks change rank, and whether the bottom-5% set changes.
 */

export interface RankSnapshot {
  blockId: number;
  name: string;
  rank: number | null;
  score: number;
  bottom5: boolean;
}

export interface RankChange {
  blockId: number;
  name: string;
  rankBefore: number | null;
  rankAfter: number | null;
  /** rankBefore − rankAfter: positive = moved up; null when either is unranked. */
  rankChange: number | null;
  scoreBefore: number;
  scoreAfter: number;
}

export interface RankingComparison {
  /** Blocks whose rank differs, biggest move first. */
  changes: RankChange[];
  bottom5Before: number[];
  bottom5After: number[];
  bottom5Changed: boolean;
  enteredBottom5: number[];
  leftBottom5: number[];
}

export function compareRankings(
  before: readonly RankSnapshot[],
  after: readonly RankSnapshot[],
): RankingComparison {
  const afterById = new Map(after.map((entry) => [entry.blockId, entry]));
  const changes: RankChange[] = [];
  for (const old of before) {
    const now = afterById.get(old.blockId);
    if (!now || now.rank === old.rank) continue;
    changes.push({
      blockId: old.blockId,
      name: old.name,
      rankBefore: old.rank,
      rankAfter: now.rank,
      rankChange: old.rank !== null && now.rank !== null ? old.rank - now.rank : null,
      scoreBefore: old.score,
      scoreAfter: now.score,
    });
  }
  changes.sort((a, b) => Math.abs(b.rankChange ?? 0) - Math.abs(a.rankChange ?? 0) || a.blockId - b.blockId);
  const bottom5Before = before.filter((entry) => entry.bottom5).map((entry) => entry.blockId);
  const bottom5After = after.filter((entry) => entry.bottom5).map((entry) => entry.blockId);
  const enteredBottom5 = bottom5After.filter((id) => !bottom5Before.includes(id));
  const leftBottom5 = bottom5Before.filter((id) => !bottom5After.includes(id));
  return {
    changes,
    bottom5Before,
    bottom5After,
    bottom5Changed: enteredBottom5.length > 0 || leftBottom5.length > 0,
    enteredBottom5,
    leftBottom5,
  };
}
