/**
 * Who may be given an ecological transition (过渡培育, 《管理办法》第三部分 管理考核 · 过渡培育; DOMAIN.md §4.4), and
 * whether a requested transition is well formed: a live municipal block with more than half of its area in the
 * ecological conservation area, a recognition date, an end at most five years after it (`transition.ts`), and at
 * least one indicator commitment. A refusal names its reason (exported below) and explains itself.
 */
import { type BlockLevel, type BlockStatus, ENDED_STATUSES } from "./block.js";
import { INPUT_FIELDS, type IndicatorKey, isIndicatorKey } from "./evaluation-indicators.js";
import { checkTransitionDates, isIsoDate, TRANSITION_MAX_YEARS } from "./transition.js";

/** "Lies in the ecological conservation area": more than half of the block's ellipsoidal area is inside. */
export const ECO_AREA_MIN_SHARE = 0.5;

/** The longest note kept with a transition (characters); a longer one is cut. */
export const TRANSITION_NOTE_MAX_CHARS = 2000;

export const TRANSITION_REFUSALS = [
  "not-municipal",
  "not-in-eco-area",
  "bad-date",
  "ends-before-recognition",
  "longer-than-five-years",
  "bad-commitments",
] as const;
export type TransitionRefusalReason = (typeof TRANSITION_REFUSALS)[number];

/** What a transition request is judged on: the block as stored, and the request. */
export interface TransitionApplication {
  level: BlockLevel;
  status: BlockStatus;
  /** Share (0..1) of the block's ellipsoidal area inside the ecological conservation area. */
  ecoShareOfBlock: number;
  /** The block's own `recognizedOn` attribute, used when the request gives no date. */
  recognizedOnAttribute: unknown;
  request: {
    recognizedOn?: unknown;
    endsOn: unknown;
    commitments: unknown;
    note?: unknown;
    decidedOn?: unknown;
  };
}

export interface TransitionTerms {
  recognizedOn: string;
  endsOn: string;
  commitments: Partial<Record<IndicatorKey, number>>;
  note: string;
  decidedOn?: string;
}

export type TransitionEligibility =
  | { eligible: true; terms: TransitionTerms }
  | {
      eligible: false;
      reason: TransitionRefusalReason;
      message: string;
      details?: Record<string, unknown>;
    };

type Refusal = Extract<TransitionEligibility, { eligible: false }>;

const refuse = (
  reason: TransitionRefusalReason,
  message: string,
  details?: Record<string, unknown>,
): Refusal => ({ eligible: false, reason, message, ...(details ? { details } : {}) });

/** The terms of the transition, or why the block cannot have it (checked in this order). */
export function transitionEligibility(application: TransitionApplication): TransitionEligibility {
  const { request } = application;
  if (application.level !== "municipal" || ENDED_STATUSES.includes(application.status)) {
    return refuse(
      "not-municipal",
      "Only a live municipal block can have an ecological transition (the Measures, part 3 · 过渡培育).",
    );
  }
  const ecoShare = application.ecoShareOfBlock;
  if (ecoShare <= ECO_AREA_MIN_SHARE) {
    return refuse(
      "not-in-eco-area",
      `Only ${(ecoShare * 100).toFixed(1)}% of the block lies in the ecological conservation area (more than 50% is needed).`,
      { ecoShare },
    );
  }
  const recognizedOn = request.recognizedOn ?? application.recognizedOnAttribute;
  if (!isIsoDate(recognizedOn)) {
    return refuse("bad-date", "recognizedOn (YYYY-MM-DD) is needed: the block has no recognition date.", {
      field: "recognizedOn",
    });
  }
  const { endsOn, decidedOn } = request;
  if (!isIsoDate(endsOn)) return refuse("bad-date", "endsOn must be a date YYYY-MM-DD.", { field: "endsOn" });
  const dates = checkTransitionDates(recognizedOn, endsOn);
  if (!dates.valid) {
    return refuse(
      dates.reason,
      dates.reason === "longer-than-five-years"
        ? `A transition ends at most ${TRANSITION_MAX_YEARS} years after recognition (${recognizedOn}): on ${dates.latestEndsOn} at the latest.`
        : `The transition must end after recognition (${recognizedOn}).`,
      { recognizedOn, endsOn, latestEndsOn: dates.latestEndsOn },
    );
  }
  const commitments = checkCommitments(request.commitments);
  if (!commitments.valid) return commitments.refusal;
  if (decidedOn !== undefined && !isIsoDate(decidedOn)) {
    return refuse("bad-date", "decidedOn must be a date YYYY-MM-DD.", { field: "decidedOn" });
  }
  const note = typeof request.note === "string" ? request.note.slice(0, TRANSITION_NOTE_MAX_CHARS) : "";
  return {
    eligible: true,
    terms: { recognizedOn, endsOn, commitments: commitments.value, note, decidedOn },
  };
}

/** Indicator key → committed value: known keys, at least one, ≥ 0 unless the indicator may be negative. */
function checkCommitments(
  value: unknown,
): { valid: true; value: Partial<Record<IndicatorKey, number>> } | { valid: false; refusal: Refusal } {
  const invalid = (message: string, details?: Record<string, unknown>) => ({
    valid: false as const,
    refusal: refuse("bad-commitments", message, details),
  });
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    Object.keys(value).length === 0
  ) {
    return invalid("commitments is an object of indicator key → committed value (at least one).");
  }
  const commitments: Partial<Record<IndicatorKey, number>> = {};
  for (const [key, committed] of Object.entries(value)) {
    if (!isIndicatorKey(key)) return invalid(`Unknown indicator "${key}".`, { field: key });
    const mayBeNegative = INPUT_FIELDS.some((field) => field.key === key && field.allowNegative);
    if (typeof committed !== "number" || !Number.isFinite(committed) || (committed < 0 && !mayBeNegative)) {
      return invalid(`The commitment for ${key} must be a number ≥ 0.`, { field: key });
    }
    commitments[key] = committed;
  }
  return { valid: true, value: commitments };
}
