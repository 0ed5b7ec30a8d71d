/**
 * 通报 — 评价结果报市人民政府审定后，向各区人民政府通报 (《管理办法》第三部分 · 管理考核): what each district government is
 * told of an approved year. Pure: built from the ranking frozen at 报审 (never a recomputation), the year's flag
 * run (对排名后5%的区块责令整改), the rectification records (整改后仍不达标的，退出市级高新区序列) and the blocks' status now.
 *
 * Decisions where the text is silent: a block's district is its sub-park's district (parks.district) now; a
 * district is told of every block of its parks that took part in the year, in both categories, with its rank
 * among the ranked blocks of its category; a district with no evaluated block gets no 通报.
 */
import type { BlockLevel, BlockStatus } from "./block.js";
import { INDICATORS } from "./evaluation-indicators.js";
import type { BottomExemption } from "./evaluation-ranking.js";
import type { IndicatorPoints } from "./evaluation-score.js";
import { CATEGORIES, CATEGORY_LABELS, type Category, type YearEvaluation } from "./evaluation-year.js";
import type { RectificationOutcome } from "./rectification.js";

export type NoticeFlag = "rectify" | "exit-decision" | "rectification-passed";

export interface NoticeFacts {
  year: number;
  evaluation: YearEvaluation;
  /** Park id → its district (区). */
  districtOfPark: ReadonlyMap<number, string>;
  /** The year's flag run: block id → what it recorded (and the exit decision's action when one was taken). */
  flags: ReadonlyMap<number, { outcome: NoticeFlag; exitAction: string | null }>;
  /** Every rectification of the blocks (any year), oldest first. */
  rectifications: readonly {
    blockId: number;
    orderedYear: number;
    outcome: RectificationOutcome;
    judgedYear: number | null;
  }[];
  /** Block id → status now. */
  statusNow: ReadonlyMap<number, BlockStatus>;
}

export interface NoticeRow {
  blockId: number;
  code: string | null;
  name: string;
  parkName: string;
  level: BlockLevel;
  category: Category;
  /** Rank in its category (null: not ranked, missing data left out). */
  rank: number | null;
  /** Ranked blocks of the category (the denominator of the rank). */
  rankedInCategory: number;
  score: number;
  baseScore: number;
  bonusScore: number;
  bottom5: boolean;
  exempt: BottomExemption;
  complete: boolean;
  breakdown: IndicatorPoints[];
  /** 整改、退出: what the year decided and what follows from earlier years, in words (empty: nothing). */
  outcome: string;
  statusNow: BlockStatus;
}

export interface DistrictNotice {
  district: string;
  rows: NoticeRow[];
}

const EXEMPT_WORDS: Record<Exclude<BottomExemption, null>, string> = {
  national: "国家级区块，不参与后5%认定",
  transition: "过渡培育期内，不参与后5%认定",
};

const EXIT_ACTION_WORDS: Record<string, string> = {
  eliminate: "直接淘汰",
  reduce: "核减面积",
  "manual-review": "另行研究",
};

/** The words of a block's rectification and exit outcome as of the notified year. */
export function outcomeWords(
  year: number,
  blockId: number,
  facts: Pick<NoticeFacts, "flags" | "rectifications" | "statusNow">,
  exempt: BottomExemption,
): string {
  const words: string[] = [];
  const flag = facts.flags.get(blockId);
  const own = facts.rectifications.filter((record) => record.blockId === blockId);
  if (flag?.outcome === "rectify") words.push(`列入${year}年度排名后5%，责令整改`);
  if (flag?.outcome === "rectification-passed") {
    const passed = own.find((record) => record.judgedYear === year && record.outcome === "passed");
    words.push(`${passed ? `${passed.orderedYear}年度责令整改，` : ""}${year}年度评价整改达标`);
  }
  if (flag?.outcome === "exit-decision") {
    const failed = own.find((record) => record.outcome === "failed");
    const action = flag.exitAction ? `（${EXIT_ACTION_WORDS[flag.exitAction] ?? flag.exitAction}）` : "";
    words.push(
      `${failed ? `${failed.orderedYear}年度责令整改，` : ""}整改后仍不达标，退出市级高新区序列${action}`,
    );
  }
  if (!flag) {
    const open = own.find((record) => record.outcome === "open" && record.orderedYear < year);
    if (open) words.push(`${open.orderedYear}年度责令整改，本年度未排名，尚未评定`);
  }
  const now = facts.statusNow.get(blockId);
  if (now === "exited") words.push("现已退出");
  if (now === "reduced" && flag?.outcome === "exit-decision") words.push("现已核减");
  if (exempt && words.length === 0) words.push(EXEMPT_WORDS[exempt]);
  return words.join("；");
}

/** Every district's 通报, districts in Chinese collation order, rows by category then rank. */
export function districtNotices(facts: NoticeFacts): DistrictNotice[] {
  const byDistrict = new Map<string, NoticeRow[]>();
  for (const category of CATEGORIES) {
    const entries = facts.evaluation.categories[category];
    const ranked = facts.evaluation.summary[category].ranked;
    for (const entry of entries) {
      const district = facts.districtOfPark.get(entry.park.id) ?? "（未知区）";
      const rows = byDistrict.get(district) ?? [];
      rows.push({
        blockId: entry.blockId,
        code: entry.code,
        name: entry.name,
        parkName: entry.park.name,
        level: entry.level,
        category,
        rank: entry.rank,
        rankedInCategory: ranked,
        score: entry.score,
        baseScore: entry.baseScore,
        bonusScore: entry.bonusScore,
        bottom5: entry.bottom5,
        exempt: entry.exempt,
        complete: entry.complete,
        breakdown: entry.breakdown,
        outcome: outcomeWords(facts.year, entry.blockId, facts, entry.exempt),
        statusNow: facts.statusNow.get(entry.blockId) ?? entry.status,
      });
      byDistrict.set(district, rows);
    }
  }
  return [...byDistrict]
    .sort(([a], [b]) => a.localeCompare(b, "zh-CN"))
    .map(([district, rows]) => ({ district, rows }));
}

export function categoryWords(category: Category): string {
  return `${category}类（${CATEGORY_LABELS[category].zh}）`;
}

export function rankWords(row: Pick<NoticeRow, "rank" | "rankedInCategory">): string {
  return row.rank === null ? "未排名（数据不全）" : `${row.rank} / ${row.rankedInCategory}`;
}

/** The indicator's Chinese name (the Measures' words). */
export function indicatorName(key: string): string {
  return INDICATORS.find((indicator) => indicator.key === key)?.zh ?? key;
}

/** The notice's title (the letter's subject). */
export function noticeTitle(year: number): string {
  return `关于${year}年度市级高新区综合评价结果的通报`;
}
