/**
 * 审定 — the states of a year's evaluation (《管理办法》第三部分 · 管理考核: 评价结果报市人民政府审定后，向各区人民政府通报):
 * 草稿 `draft` (computed from the current data, changes with it) → 报审 `submitted` (frozen: the data, weights,
 * settings and ranking as submitted) → 审定 `approved` (the municipal government's approval, with its reference and
 * date). The approver may return a submitted year to 草稿 (退回, with a reason); an approved year is final.
 * Flagging the bottom 5% and everything after it (rectification, exit) needs 审定 and reads the frozen ranking.
 */

export const YEAR_STATES = ["draft", "submitted", "approved"] as const;
export type YearState = (typeof YEAR_STATES)[number];

export const YEAR_ACTIONS = ["submit", "approve", "return"] as const;
export type YearAction = (typeof YEAR_ACTIONS)[number];

export const YEAR_STATE_LABELS: Record<YearState, { zh: string; en: string }> = {
  draft: { zh: "草稿", en: "Draft" },
  submitted: { zh: "报审", en: "Submitted" },
  approved: { zh: "审定", en: "Approved" },
};

const RULE: Record<YearAction, { from: YearState; to: YearState }> = {
  submit: { from: "draft", to: "submitted" },
  approve: { from: "submitted", to: "approved" },
  return: { from: "submitted", to: "draft" },
};

export type YearStep =
  | { allowed: true; from: YearState; to: YearState }
  | { allowed: false; from: YearState; allowedActions: YearAction[] };

/** Whether `action` may be taken from `state`, and where it leads. */
export function yearStep(state: YearState, action: YearAction): YearStep {
  const rule = RULE[action];
  if (rule.from === state) return { allowed: true, from: state, to: rule.to };
  return { allowed: false, from: state, allowedActions: allowedYearActions(state) };
}

export function allowedYearActions(state: YearState): YearAction[] {
  return YEAR_ACTIONS.filter((action) => RULE[action].from === state);
}

/** 审定 reference: a 文号 of 2..100 characters after trimming. */
export function checkApprovalReference(value: string): { valid: true } | { valid: false; reason: string } {
  const trimmed = value.trim();
  if (trimmed.length < 2 || trimmed.length > 100) {
    return { valid: false, reason: "reference (文号) must have 2 to 100 characters" };
  }
  return { valid: true };
}
