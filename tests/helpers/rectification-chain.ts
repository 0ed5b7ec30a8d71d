import type { AuditActor } from "../../server/db/audit-store.js";
import { blockStore } from "../../server/db/block-store.js";
import { evaluationApprovalStore } from "../../server/db/evaluation-approval-store.js";
import { carryOut, type Results, type Run } from "../../server/db/evaluation-flag-steps.js";
import type { FlagStores } from "../../server/db/evaluation-flagging.js";
import { evaluationStore } from "../../server/db/evaluation-store.js";
import { rectifications } from "../../server/db/rectification-store.js";
import { settingsStore } from "../../server/db/settings-store.js";
import type { RankingEntry } from "../../server/domain/evaluation-year.js";
import type { FlagStep } from "../../server/domain/rectification.js";
import type { TestApp } from "./test-app.js";

/**
 * A block through the rectification chain the way the product takes it (DOMAIN.md §4.3), without a whole
 * evaluation year: one step of the flag run (server/db/evaluation-flag-steps.ts `carryOut`, the code the run
 * itself calls) for one block, as if it ranked `rank` of category A in `year` — the lifecycle action with its
 * history row, the rectification record or outcome, the year's flag row and the audit row, in one
 * transaction. The block actions order/pass/fail-rectification by hand are refused (409
 * rectification-by-evaluation), so tests set up a block 整改中 (or judged) with these.
 */
export interface ChainStep {
  /** The evaluation year of the step (ordered in; judged in). */
  year: number;
  rank?: number;
  score?: number;
}

const ACTOR = "测试评价";
const AUDIT: AuditActor = {
  accountId: null,
  actorName: ACTOR,
  roles: ["lead"],
  requestId: null,
  clientAddress: null,
};

/** 责令整改 in `year`: the block (已认定 or 已压减) becomes 整改中 with an open rectification record. */
export async function orderRectification(t: TestApp, blockId: number, step: ChainStep): Promise<Results> {
  return flagStep(t, { kind: "order", blockId }, step);
}

/** The block's open rectification judged in `year`: passed (已认定 again) or failed (its 淘汰方式 decision). */
export async function judgeRectification(
  t: TestApp,
  blockId: number,
  outcome: "passed" | "failed",
  step: ChainStep,
): Promise<Results> {
  const open = (await rectifications(t.db.knex, { blockIds: [blockId], outcome: "open" })).at(-1);
  if (!open) throw new Error(`Block ${blockId} has no open rectification to judge`);
  const judged = { blockId, rectificationId: open.id, orderedYear: open.orderedYear };
  return flagStep(t, { kind: outcome === "passed" ? "pass" : "fail", ...judged }, step);
}

async function flagStep(t: TestApp, plan: FlagStep, step: ChainStep): Promise<Results> {
  const { knex } = t.db;
  const stores: FlagStores = {
    knex,
    blocks: blockStore(knex),
    settings: settingsStore(knex),
    evaluations: evaluationStore(knex),
    approvals: evaluationApprovalStore(knex),
  };
  const block = await stores.blocks.get(plan.blockId);
  if (!block) throw new Error(`Block ${plan.blockId} does not exist`);
  const settings = await stores.settings.get();
  const { missingDataPolicy, bottomShareBase, bottomShareRounding } = settings;
  const run: Run = {
    stores,
    settings,
    used: { missingDataPolicy, bottomShareBase, bottomShareRounding },
    year: step.year,
    method: "test",
    actor: ACTOR,
    audit: AUDIT,
    changedBlockIds: [],
  };
  const entry = {
    blockId: plan.blockId,
    name: block.properties.name,
    rank: step.rank ?? 9,
    score: step.score ?? 40,
  } as RankingEntry;
  const out: Results = { flagged: [], rectificationPassed: [], notJudged: [] };
  await carryOut(run, plan, entry, "A", out);
  if (run.changedBlockIds.length !== 1)
    throw new Error(`The ${plan.kind} step wrote nothing: ${JSON.stringify(out)}`);
  return out;
}
