import type { Knex } from "knex";
import { type YearAction, yearStep } from "../domain/evaluation-approval.js";
import { CATEGORIES, evaluateYear } from "../domain/evaluation-year.js";
import { type AuditActor, appendAudit } from "./audit-store.js";
import type { EvaluationApprovalStore, YearSnapshot, YearStatus } from "./evaluation-approval-store.js";
import type { EvaluationStore } from "./evaluation-store.js";
import { evaluationBlocks } from "./evaluation-year-input.js";
import type { settingsStore } from "./settings-store.js";

export interface YearStepStores {
  knex: Knex;
  approvals: EvaluationApprovalStore;
  evaluations: EvaluationStore;
  settings: ReturnType<typeof settingsStore>;
}

export interface YearStepRequest {
  year: number;
  action: YearAction;
  actor: string;
  audit?: AuditActor;
  /** 报审 with the missingDataPolicy "refuse": freeze the ranking with the incomplete blocks left out. */
  ignoreIncomplete?: boolean;
  reference?: string;
  approvedOn?: string;
  reason?: string;
}

export type YearStepResult =
  | { outcome: "done"; status: YearStatus }
  | { outcome: "not-allowed"; from: string; allowedActions: YearAction[] }
  | { outcome: "incomplete"; incomplete: { blockId: number; name: string; missing: string[] }[] };

/**
 * One step of a year's evaluation (server/domain/evaluation-approval.ts) and its audit row in one transaction,
 * under the year's lock. 报审 freezes the ranking computed from the data of this moment; 审定 and 退回 only
 * record. Refused steps write nothing.
 */
export async function takeYearStep(
  stores: YearStepStores,
  request: YearStepRequest,
): Promise<YearStepResult> {
  const { year, action } = request;
  const frozen = action === "submit" ? await freeze(stores, year, request.ignoreIncomplete ?? false) : null;
  if (frozen && "incomplete" in frozen) return { outcome: "incomplete", incomplete: frozen.incomplete };
  return stores.knex.transaction(async (trx) => {
    await stores.approvals.lockYear(year, trx);
    const before = await stores.approvals.status(year, trx);
    const step = yearStep(before.state, action);
    if (!step.allowed)
      return { outcome: "not-allowed", from: step.from, allowedActions: step.allowedActions };
    await stores.approvals.append(
      {
        year,
        action,
        state: step.to,
        snapshot: frozen?.snapshot,
        reference: request.reference?.trim(),
        approvedOn: request.approvedOn,
        reason: request.reason?.trim(),
        actor: request.actor,
      },
      trx,
    );
    const status = await stores.approvals.status(year, trx);
    if (request.audit) {
      await appendAudit(trx, {
        actor: request.audit,
        action: `evaluation.${action}`,
        entity: "evaluation-year",
        entityId: year,
        before: { state: before.state },
        after: {
          state: status.state,
          reference: request.reference ?? null,
          approvedOn: request.approvedOn ?? null,
          reason: request.reason ?? null,
          ...(frozen?.snapshot ? { frozen: frozenSummary(frozen.snapshot) } : {}),
        },
      });
    }
    return { outcome: "done", status };
  });
}

async function freeze(
  stores: YearStepStores,
  year: number,
  ignoreIncomplete: boolean,
): Promise<
  { snapshot: YearSnapshot } | { incomplete: { blockId: number; name: string; missing: string[] }[] }
> {
  const [settings, stored, blocks] = await Promise.all([
    stores.settings.get(),
    stores.evaluations.config(year),
    evaluationBlocks(stores.evaluations, year),
  ]);
  if (!stored) throw new Error("No evaluation config is stored (the evaluations migration seeds one).");
  const missingDataPolicy =
    ignoreIncomplete && settings.missingDataPolicy === "refuse" ? "leave-out" : settings.missingDataPolicy;
  const rules = {
    missingDataPolicy,
    bottomShareBase: settings.bottomShareBase,
    bottomShareRounding: settings.bottomShareRounding,
  };
  const evaluation = evaluateYear(year, blocks, stored.config, rules);
  const incomplete = CATEGORIES.flatMap((category) => evaluation.categories[category]).filter(
    (entry) => !entry.complete,
  );
  if (incomplete.length > 0 && missingDataPolicy === "refuse") {
    return {
      incomplete: incomplete.map((entry) => ({
        blockId: entry.blockId,
        name: entry.name,
        missing: entry.missing,
      })),
    };
  }
  return {
    snapshot: {
      year,
      config: stored.config,
      configDefinedForYear: stored.definedForYear,
      settings: rules,
      blocks,
      evaluation,
    },
  };
}

/** What the audit row says of a snapshot (the snapshot itself is in evaluation_year_states). */
function frozenSummary(snapshot: YearSnapshot) {
  return {
    method: snapshot.config.method,
    settings: snapshot.settings,
    blocks: snapshot.blocks.length,
    bottom5: CATEGORIES.flatMap((category) => snapshot.evaluation.summary[category].bottom5),
  };
}
