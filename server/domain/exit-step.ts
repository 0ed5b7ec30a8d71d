import type { BlockStatus } from "./block.js";
import type { RectificationRecord } from "./rectification.js";

/**
 * One exit step per failed rectification — 《管理办法》第三部分 管理考核 · 动态调整 / 淘汰方式: "对排名后5%的区块
 * 责令整改，整改后仍不达标的，退出市级高新区序列" and the 淘汰方式 says HOW that one exit is carried out (直接淘汰,
 * or 按区块面积的50%/25%压减). A block 已压减 has carried its decision out: no second reduction and no
 * elimination follow from the same failed rectification (the same evaluation year). Only a later year's
 * 综合评价 can order a new rectification (已压减 → 整改中, a new record), and that one's failure decides anew.
 *
 * Decision where the Measures are silent (named on purpose): the status says it — a block is 已压减 from the
 * reduction until a new rectification is ordered, so every exit step on a `reduced` block is refused. The year
 * is the judging year of the block's latest failed rectification (null for a block seeded as 已压减 without
 * one); the applied version is the block version the reduction wrote (null when no applied proposal is known).
 */
export interface AppliedReduction {
  proposalId: number;
  appliedVersion: number;
}

export type ExitStepCheck =
  | { allowed: true }
  | {
      allowed: false;
      code: "already-reduced-this-year";
      year: number | null;
      orderedYear: number | null;
      appliedVersion: number | null;
      proposalId: number | null;
      message: { zh: string; en: string };
    };

export function checkExitStep(
  status: BlockStatus,
  records: readonly RectificationRecord[],
  reductions: readonly AppliedReduction[],
): ExitStepCheck {
  if (status !== "reduced") return { allowed: true };
  const failed = records
    .filter((record) => record.outcome === "failed" && record.judgedYear !== null)
    .sort((a, b) => (a.judgedYear as number) - (b.judgedYear as number))
    .at(-1);
  const last = [...reductions].sort((a, b) => a.appliedVersion - b.appliedVersion).at(-1);
  const year = failed?.judgedYear ?? null;
  const appliedVersion = last?.appliedVersion ?? null;
  const zhYear = year === null ? "" : `（${year}年度评价整改后仍不达标）`;
  const enYear = year === null ? "" : ` for the ${year} evaluation (rectification failed)`;
  const zhVersion = appliedVersion === null ? "" : `，压减写入第 ${appliedVersion} 版`;
  const enVersion = appliedVersion === null ? "" : ` (applied as version ${appliedVersion})`;
  return {
    allowed: false,
    code: "already-reduced-this-year",
    year,
    orderedYear: failed?.orderedYear ?? null,
    appliedVersion,
    proposalId: last?.proposalId ?? null,
    message: {
      zh: `该区块已压减${zhYear}${zhVersion}：同一年度不再压减或淘汰；只有以后年度的综合评价重新责令整改且仍不达标，才会再次决定淘汰方式（《管理办法》第三部分 · 动态调整 / 淘汰方式）。`,
      en: `The block was already reduced${enYear}${enVersion}: no second reduction or elimination for the same year; only a later year's evaluation can order a new rectification, whose failure decides anew (the Measures, part 3 · dynamic adjustment / how a block exits).`,
    },
  };
}

/** The lifecycle clause the refusal cites. */
export const EXIT_STEP_CLAUSE = {
  zh: "《管理办法》第三部分 管理考核 · 动态调整 / 淘汰方式",
  en: "The Measures, part 3 Management · dynamic adjustment / how a block exits",
} as const;
