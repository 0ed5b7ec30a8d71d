/**
 * 过渡培育 — the ecological transition (DOMAIN.md §4.4): a municipal block in the ecological conservation area
 * may be recognized on committed indicator values and given a transition period of at most five years after
 * recognition. When the period has ended, commitments not met mean the block exits.
 *
 * Our readings, shown with every result:
 * - "five years after recognition": the end date is at most the same calendar day five years later
 *   (29 February → 28 February when that year has none), and after the recognition date.
 * - The commitments are checked, at or after the end date, against the block's indicator values of the year
 *   the period ends in (the end date's year) — never older data. Until that year's data is in: "missing-data"
 *   (waiting), the block is neither passed nor sent out.
 * - Commitments unmet at the end: the block exits the municipal zone as a whole (过渡期期满后未达成指标承诺的，
 *   退出市级高新区序列) — not the size-based 淘汰方式, which is for blocks that failed a rectification.
 * - A commitment is met when the actual value is at least the committed value (every indicator is
 *   "higher is better").
 */
import type { IndicatorKey, IndicatorValue } from "./evaluation-indicators.js";

export const TRANSITION_MAX_YEARS = 5; // §4.4: 不超过五年的过渡期

export type TransitionDatesCheck =
  | { valid: true }
  | {
      valid: false;
      reason: "bad-date" | "ends-before-recognition" | "longer-than-five-years";
      latestEndsOn?: string;
    };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The same calendar day `years` later (29 February → 28 February when that year has none). */
export function addYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const target = new Date(Date.UTC(year + years, month - 1, day));
  if (target.getUTCMonth() !== month - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function checkTransitionDates(recognizedOn: string, endsOn: string): TransitionDatesCheck {
  if (!isIsoDate(recognizedOn) || !isIsoDate(endsOn)) return { valid: false, reason: "bad-date" };
  const latestEndsOn = addYears(recognizedOn, TRANSITION_MAX_YEARS);
  if (endsOn <= recognizedOn) return { valid: false, reason: "ends-before-recognition", latestEndsOn };
  if (endsOn > latestEndsOn) return { valid: false, reason: "longer-than-five-years", latestEndsOn };
  return { valid: true };
}

export interface Transition {
  blockId: number;
  recognizedOn: string;
  endsOn: string;
  /** When the transition was decided (YYYY-MM-DD): it exempts no year that ended before. */
  decidedOn: string;
  /** Committed indicator values (same units as the indicators). */
  commitments: Partial<Record<IndicatorKey, number>>;
}

export interface YearIndicators {
  year: number;
  indicators: Record<IndicatorKey, IndicatorValue>;
}

export interface CommitmentCheck {
  key: IndicatorKey;
  committed: number;
  actual: number | null;
  met: boolean | null;
}

export type TransitionState = "in-transition" | "met" | "unmet" | "missing-data";

export interface TransitionResult {
  state: TransitionState;
  /** 过渡培育: commitments unmet at the end → the block exits the municipal zone. */
  exitFlag: boolean;
  /** The evaluation year whose data decides (the year the period ends in). */
  checkYear: number;
  asOf: string;
  /** Days until the end date (0 or less once it has ended). */
  daysLeft: number;
  /** The evaluation year the commitments are compared with (null: none yet). */
  checkedYear: number | null;
  commitments: CommitmentCheck[];
}

export function transitionState(
  transition: Transition,
  years: readonly YearIndicators[],
  asOf: string,
): TransitionResult {
  const endYear = transitionCheckYear(transition);
  const latest = years.find((entry) => entry.year === endYear);
  const commitments = Object.entries(transition.commitments).map(([key, committed]): CommitmentCheck => {
    const actual = latest?.indicators[key as IndicatorKey]?.value ?? null;
    return {
      key: key as IndicatorKey,
      committed: committed as number,
      actual,
      met: actual === null ? null : actual >= (committed as number),
    };
  });
  const daysLeft = Math.round((Date.parse(transition.endsOn) - Date.parse(asOf)) / 86_400_000);
  const base = { asOf, daysLeft, checkYear: endYear, checkedYear: latest?.year ?? null, commitments };
  if (asOf < transition.endsOn) return { state: "in-transition", exitFlag: false, ...base };
  if (commitments.some((commitment) => commitment.met === null)) {
    return { state: "missing-data", exitFlag: false, ...base };
  }
  const unmet = commitments.some((commitment) => commitment.met === false);
  return { state: unmet ? "unmet" : "met", exitFlag: unmet, ...base };
}

/** The evaluation year whose indicators decide the commitments: the year the period ends in. */
export function transitionCheckYear(transition: Pick<Transition, "endsOn">): number {
  return Number(transition.endsOn.slice(0, 4));
}

/** What happens to a block whose commitments were not met when its transition ended. */
export interface TransitionExit {
  action: "exit";
  reason: "transition-commitments-unmet";
  checkYear: number;
  explanation: { zh: string; en: string };
}

export function transitionExit(result: TransitionResult): TransitionExit | null {
  if (!result.exitFlag) return null;
  return {
    action: "exit",
    reason: "transition-commitments-unmet",
    checkYear: result.checkYear,
    explanation: {
      zh: `过渡期期满后未达成指标承诺（按${result.checkYear}年指标核对），退出市级高新区序列（《管理办法》第三部分 · 过渡培育）；不适用按面积与占比的淘汰方式。`,
      en: `The transition has ended with commitments unmet (checked against ${result.checkYear}): the block exits the municipal high-tech zone (the Measures, part 3 · transitional cultivation); the size-based exit table does not apply.`,
    },
  };
}

/**
 * Whether a transition is running at the end of an evaluation year and had been decided by then (its blocks
 * may be exempt, see config): a transition recorded later does not reach back into a year already over.
 */
export function isInTransitionAtYearEnd(
  transition: Pick<Transition, "recognizedOn" | "endsOn" | "decidedOn">,
  year: number,
): boolean {
  const yearEnd = `${year}-12-31`;
  return transition.recognizedOn <= yearEnd && yearEnd < transition.endsOn && transition.decidedOn <= yearEnd;
}
