/**
 * 过渡培育 — the ecological transition (DOMAIN.md §4.4): a municipal block in the ecological conservation area
 * may be recognized on committed indicator values and given a transition period of at most five years after
 * recognition. When the period has ended, commitments not met mean the block exits.
 *
 * Our readings, shown with every result:
 * - "five years after recognition": the end date is at most the same calendar day five years later
 *   (29 February → 28 February when that year has none), and after the recognition date.
 * - The commitments are checked, at or after the end date, against the block's indicator values of the latest
 *   evaluation year that has data and is not after the end date's year. No such data: "missing-data", the block
 *   is not silently passed.
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
  /** §4.4: commitments unmet at the end → the block exits. */
  exitFlag: boolean;
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
  const endYear = Number(transition.endsOn.slice(0, 4));
  const latest = [...years].filter((entry) => entry.year <= endYear).sort((a, b) => b.year - a.year)[0];
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
  const base = { asOf, daysLeft, checkedYear: latest?.year ?? null, commitments };
  if (asOf < transition.endsOn) return { state: "in-transition", exitFlag: false, ...base };
  if (commitments.some((commitment) => commitment.met === null)) {
    return { state: "missing-data", exitFlag: false, ...base };
  }
  const unmet = commitments.some((commitment) => commitment.met === false);
  return { state: unmet ? "unmet" : "met", exitFlag: unmet, ...base };
}

/** Whether a transition is running at the end of an evaluation year (its blocks may be exempt, see config). */
export function isInTransitionAtYearEnd(
  transition: Pick<Transition, "recognizedOn" | "endsOn">,
  year: number,
): boolean {
  const yearEnd = `${year}-12-31`;
  return transition.recognizedOn <= yearEnd && yearEnd < transition.endsOn;
}
