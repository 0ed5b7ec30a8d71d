/**
 * 责令整改 → 整改后仍不达标 — the rectification chain (《管理办法》第三部分 · 动态调整: "对排名后5%的区块责令整改，
 * 整改后仍不达标的，退出市级高新区序列"), as a pure plan for one year's flag run:
 * - a municipal block in the year's bottom 5% with no rectification running is ordered to rectify (a record:
 *   ordered in year Y);
 * - a running rectification ordered in an earlier year is judged by the first later evaluation in which the
 *   block is ranked: not in the bottom 5% → passed (the record closes, the block is 已认定 again); in it → failed
 *   (the 淘汰方式 decision). A block not ranked that year (missing data left out) is not judged yet;
 * - a failed rectification stands: its exit decision is never released by a later year, and the block is not
 *   ordered again;
 * - a year already run changes nothing (each step is recorded once).
 * Nothing else leads to an exit decision: not a status seeded as 整改中, not a first year in the bottom 5%.
 */
export type RectificationOutcome = "open" | "passed" | "failed";

export interface RectificationRecord {
  id: number;
  blockId: number;
  orderedYear: number;
  outcome: RectificationOutcome;
  /** The evaluation year that judged it (null while open). */
  judgedYear: number | null;
}

export interface FlagEntry {
  blockId: number;
  rank: number | null;
  bottom5: boolean;
}

export type FlagStep =
  | { kind: "order"; blockId: number }
  | { kind: "pass"; blockId: number; rectificationId: number; orderedYear: number }
  | { kind: "fail"; blockId: number; rectificationId: number; orderedYear: number }
  | { kind: "not-judged"; blockId: number; rectificationId: number; orderedYear: number }
  | {
      kind: "exit-pending";
      blockId: number;
      rectificationId: number;
      orderedYear: number;
      judgedYear: number;
    }
  | { kind: "already"; blockId: number; recorded: "ordered" | "passed" | "failed" };

/** The steps of year `year`'s flag run, one per block concerned, in the order of `entries`. */
export function planFlagRun(
  year: number,
  entries: readonly FlagEntry[],
  records: readonly RectificationRecord[],
): FlagStep[] {
  const steps: FlagStep[] = [];
  for (const entry of entries) {
    const own = records.filter((record) => record.blockId === entry.blockId);
    const step = stepFor(year, entry, own);
    if (step) steps.push(step);
  }
  return steps;
}

function stepFor(year: number, entry: FlagEntry, own: readonly RectificationRecord[]): FlagStep | null {
  const { blockId } = entry;
  const judgedNow = own.find((record) => record.judgedYear === year);
  if (judgedNow)
    return { kind: "already", blockId, recorded: judgedNow.outcome === "failed" ? "failed" : "passed" };
  if (own.some((record) => record.orderedYear === year))
    return { kind: "already", blockId, recorded: "ordered" };
  const failed = own.find((record) => record.outcome === "failed");
  if (failed) {
    return {
      kind: "exit-pending",
      blockId,
      rectificationId: failed.id,
      orderedYear: failed.orderedYear,
      judgedYear: failed.judgedYear as number,
    };
  }
  const open = own.find((record) => record.outcome === "open" && record.orderedYear < year);
  if (open) {
    const base = { blockId, rectificationId: open.id, orderedYear: open.orderedYear };
    if (entry.rank === null) return { kind: "not-judged", ...base };
    return entry.bottom5 ? { kind: "fail", ...base } : { kind: "pass", ...base };
  }
  return entry.bottom5 ? { kind: "order", blockId } : null;
}

/** The clause every rectification record cites. */
export const RECTIFICATION_CLAUSE = {
  zh: "《管理办法》第三部分 · 动态调整：对排名后5%的区块责令整改，整改后仍不达标的，退出市级高新区序列",
  en: "The Measures, part 3 · dynamic adjustment: blocks in the bottom 5% are ordered to rectify; those still not up to standard after rectification leave the municipal zone",
} as const;
