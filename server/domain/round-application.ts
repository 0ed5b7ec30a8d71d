/**
 * 一年一次集中认定 — an application's states and the named steps between them (《管理办法》第二部分 认定:
 * "申请认定市级高新区需由所在区人民政府提交请示、重点指标数据、相关规划、空间利用情况等材料。市级高新区每年集中认定一次，
 * 由市科委、中关村管委会牵头，会同其他相关部门联审提出审核意见报市政府批复").
 *
 * Decisions where the text is silent (named on purpose):
 * - The lead opens the joint review (`start-review`) of a submitted application; the departments' opinions and the
 *   judgement checklist are recorded only while it is 联审中.
 * - `report` (报批) needs an opinion of every department the round names, on the current version, and a checklist
 *   entry for every judgement condition; the lead's consolidated 审核意见 goes with it.
 * - A returned application (退回修改) is edited by its district and submitted again: a new version, with its own
 *   frozen pre-checks; opinions are per version. Earlier versions are kept.
 * - The approver records the 批复: `approve` names the blocks approved (the others keep the reasons given);
 *   `reject` (未通过) keeps its reasons. Both end the application.
 */
export const APPLICATION_STATES = [
  "draft",
  "submitted",
  "reviewing",
  "returned",
  "reported",
  "approved",
  "rejected",
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_ACTIONS = [
  "submit",
  "start-review",
  "return",
  "report",
  "approve",
  "reject",
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const APPLICATION_STEPS: Readonly<
  Record<ApplicationAction, { from: readonly ApplicationState[]; to: ApplicationState }>
> = {
  submit: { from: ["draft", "returned"], to: "submitted" },
  "start-review": { from: ["submitted"], to: "reviewing" },
  return: { from: ["reviewing"], to: "returned" },
  report: { from: ["reviewing"], to: "reported" },
  approve: { from: ["reported"], to: "approved" },
  reject: { from: ["reported"], to: "rejected" },
};

/** Who takes each step (issue #11 roles): the district submits, the lead runs the review, the approver replies. */
export const APPLICATION_ACTION_PERMISSIONS = {
  param: "action",
  values: {
    submit: "applications.submit",
    "start-review": "rounds.manage",
    return: "rounds.manage",
    report: "rounds.manage",
    approve: "approvals.record",
    reject: "approvals.record",
  },
} as const satisfies { param: string; values: Record<ApplicationAction, string> };

/** Still open: the blocks of such an application are not in another one. */
export const LIVE_STATES: readonly ApplicationState[] = [
  "draft",
  "submitted",
  "reviewing",
  "returned",
  "reported",
];
/** The district edits its blocks, title and materials only here. */
export const EDITABLE_STATES: readonly ApplicationState[] = ["draft", "returned"];

export function isApplicationAction(value: unknown): value is ApplicationAction {
  return typeof value === "string" && (APPLICATION_ACTIONS as readonly string[]).includes(value);
}

export type StepCheck =
  | { allowed: true; from: ApplicationState; to: ApplicationState }
  | { allowed: false; from: ApplicationState; to: ApplicationState; allowedActions: ApplicationAction[] };

export function checkStep(from: ApplicationState, action: ApplicationAction): StepCheck {
  const step = APPLICATION_STEPS[action];
  if (step.from.includes(from)) return { allowed: true, from, to: step.to };
  return { allowed: false, from, to: step.to, allowedActions: allowedApplicationActions(from) };
}

export function allowedApplicationActions(from: ApplicationState): ApplicationAction[] {
  return APPLICATION_ACTIONS.filter((action) => APPLICATION_STEPS[action].from.includes(from));
}

/** 请示、重点指标数据、相关规划、空间利用情况 — the four materials the text names; each is required to submit. */
export const REQUIRED_MATERIALS = ["request", "indicators", "plans", "space-use"] as const;
export const MATERIAL_KINDS = [...REQUIRED_MATERIALS, "other", "opinion"] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export function isMaterialKind(value: unknown): value is MaterialKind {
  return typeof value === "string" && (MATERIAL_KINDS as readonly string[]).includes(value);
}

/** The required kinds with no material yet, in the text's order. */
export function missingMaterials(kinds: readonly string[]): (typeof REQUIRED_MATERIALS)[number][] {
  return REQUIRED_MATERIALS.filter((kind) => !kinds.includes(kind));
}

/** 同意 / 不同意 / 修改后同意. */
export const OPINIONS = ["agree", "disagree", "agree-after-changes"] as const;
export type Opinion = (typeof OPINIONS)[number];

/** Departments of the joint review that have not opined on `version` yet. */
export function departmentsMissing(
  departments: readonly string[],
  opinions: readonly { department: string; version: number }[],
  version: number,
): string[] {
  const given = new Set(opinions.filter((o) => o.version === version).map((o) => o.department));
  return departments.filter((department) => !given.has(department));
}

/**
 * The last day (Beijing date) a step of the district's is taken: new applications and first submissions until
 * `applicationsUntil`; a returned application may be resubmitted until `reviewUntil` (our reading: the review
 * asked for the changes, so its own deadline applies).
 */
export function districtDeadline(
  round: { applicationsUntil: string; reviewUntil: string },
  state: ApplicationState | "new",
): string {
  return state === "returned" ? round.reviewUntil : round.applicationsUntil;
}

/** Today's date in Beijing (UTC+8, no daylight saving), YYYY-MM-DD. */
export function beijingDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
