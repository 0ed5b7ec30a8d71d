import { type BlockStatus, ENDED_STATUSES } from "./block.js";

/**
 * The block lifecycle (DOMAIN.md §1, §4.3–§4.5) as one rule: which named action moves a block from which
 * status to which. Every status change — through the API, a flag run, applying a proposal, demo data — is one
 * of these actions; any other change is refused with the reason (409 `transition-not-allowed`).
 *
 * Decisions where the Measures are silent (named here on purpose):
 * - `fail-rectification` keeps the block `rectifying`: a failed rectification does not end the block by itself,
 *   it leads to the 淘汰方式 decision (§4.5), carried out by `reduce` or `exit` (applying a proposal). The
 *   failure is still a history row, with who and why.
 * - `pass-rectification` returns the block to `recognized` (已认定), also when it had been reduced before:
 *   the reduction stays in the history and in the boundary.
 * - `order-rectification` applies to `reduced` blocks too: a reduced block is in force and evaluated every year.
 * - `exit` is allowed from every status in force: after a failed rectification (§4.3/§4.5), at the end of a
 *   transition period whose commitments were not met (§4.4), and when a recognized block is ended (DELETE).
 * - Only the rule on statuses lives here; who may act (municipal blocks only for rectification) is the
 *   evaluation's concern, and which actions a person takes directly is block-actions-by-hand.ts (the
 *   rectification chain's are the flag run's and the 淘汰方式 decision's: 409 by hand).
 */
export const BLOCK_ACTIONS = [
  "apply",
  "recognize",
  "order-rectification",
  "pass-rectification",
  "fail-rectification",
  "reduce",
  "exit",
  "withdraw",
] as const;
export type BlockAction = (typeof BLOCK_ACTIONS)[number];

export interface ActionRule {
  from: readonly BlockStatus[];
  to: BlockStatus;
  /** The Measures' own part this action implements. */
  clause: { zh: string; en: string };
}

export const LIFECYCLE: Readonly<Record<BlockAction, ActionRule>> = {
  apply: {
    from: ["candidate"],
    to: "applied",
    clause: { zh: "《管理办法》第二部分 认定 · 认定材料", en: "Measures, part 2 Recognition · materials" },
  },
  // Until the recognition round (issue #13) owns it, recognition is this named action.
  recognize: {
    from: ["applied"],
    to: "recognized",
    clause: { zh: "《管理办法》第二部分 认定 · 认定程序", en: "Measures, part 2 Recognition · procedure" },
  },
  "order-rectification": {
    from: ["recognized", "reduced"],
    to: "rectifying",
    clause: {
      zh: "《管理办法》第三部分 管理考核 · 动态调整（排名后5%责令整改）",
      en: "Measures, part 3 Management · dynamic adjustment (bottom 5% ordered to rectify)",
    },
  },
  "pass-rectification": {
    from: ["rectifying"],
    to: "recognized",
    clause: {
      zh: "《管理办法》第三部分 管理考核 · 动态调整（整改达标）",
      en: "Measures, part 3 Management · dynamic adjustment (rectification passed)",
    },
  },
  "fail-rectification": {
    from: ["rectifying"],
    to: "rectifying",
    clause: {
      zh: "《管理办法》第三部分 管理考核 · 动态调整（整改后仍不达标）",
      en: "Measures, part 3 Management · dynamic adjustment (still not up to standard after rectification)",
    },
  },
  reduce: {
    from: ["rectifying"],
    to: "reduced",
    clause: {
      zh: "《管理办法》第三部分 管理考核 · 淘汰方式（压减）",
      en: "Measures, part 3 Management · how a block exits (reduction)",
    },
  },
  exit: {
    from: ["recognized", "rectifying", "reduced"],
    to: "exited",
    clause: {
      zh: "《管理办法》第三部分 管理考核 · 淘汰方式 / 过渡培育（退出市级高新区序列）",
      en: "Measures, part 3 Management · how a block exits / transition period (leaves the municipal zone)",
    },
  },
  withdraw: {
    from: ["candidate", "applied"],
    to: "withdrawn",
    clause: {
      zh: "《管理办法》第二部分 认定（撤回申报）",
      en: "Measures, part 2 Recognition (application withdrawn)",
    },
  },
};

export type TransitionCheck =
  | { allowed: true; action: BlockAction; from: BlockStatus; to: BlockStatus }
  | { allowed: false; action: BlockAction; from: BlockStatus; to: BlockStatus; reason: string };

export function isBlockAction(value: unknown): value is BlockAction {
  return typeof value === "string" && (BLOCK_ACTIONS as readonly string[]).includes(value);
}

/** Whether `action` may be taken on a block in status `from`, and the status it leads to. */
export function checkTransition(from: BlockStatus, action: BlockAction): TransitionCheck {
  const rule = LIFECYCLE[action];
  if (rule.from.includes(from)) return { allowed: true, action, from, to: rule.to };
  const reason = ENDED_STATUSES.includes(from)
    ? `The block has already ended (${from}): no action changes it any more.`
    : `"${action}" applies to a block that is ${rule.from.join(" or ")}; this block is ${from}.`;
  return { allowed: false, action, from, to: rule.to, reason };
}

/** The actions a block in status `from` allows, in lifecycle order. */
export function allowedActions(from: BlockStatus): BlockAction[] {
  return BLOCK_ACTIONS.filter((action) => LIFECYCLE[action].from.includes(from));
}

/**
 * The action that ends a block (DELETE): `withdraw` for one never recognized, `exit` for one in force,
 * undefined for one already ended (ending it again is refused, #15.6).
 */
export function endActionFor(status: BlockStatus): BlockAction | undefined {
  if (LIFECYCLE.withdraw.from.includes(status)) return "withdraw";
  if (LIFECYCLE.exit.from.includes(status)) return "exit";
  return undefined;
}

/**
 * A new block may be recorded in any status that has not ended: a planner draws a candidate, and blocks that
 * already exist (the demo data, an import of recognized blocks) are recorded as they stand.
 */
export function canStartAs(status: BlockStatus): boolean {
  return !ENDED_STATUSES.includes(status);
}
