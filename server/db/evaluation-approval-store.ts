import type { Knex } from "knex";
import type { YearAction, YearState } from "../domain/evaluation-approval.js";
import type { EvaluationConfig } from "../domain/evaluation-config.js";
import type { EvaluationBlock, EvaluationRules, YearEvaluation } from "../domain/evaluation-year.js";

type Db = Knex | Knex.Transaction;

/** What 报审 freezes: the data, weights, settings and ranking as submitted (the flag run and 通报 read these). */
export interface YearSnapshot {
  year: number;
  config: EvaluationConfig;
  /** The year whose weights were in force (a year inherits the latest earlier set). */
  configDefinedForYear: number;
  /** The policy settings the ranking used (missing data, bottom-5% base and rounding). */
  settings: EvaluationRules;
  blocks: EvaluationBlock[];
  evaluation: YearEvaluation;
}

export interface YearStep {
  action: YearAction;
  state: YearState;
  reference: string | null;
  approvedOn: string | null;
  reason: string | null;
  actedAt: string;
  actedBy: string;
}

export interface YearStatus {
  year: number;
  state: YearState;
  /** Every step, oldest first. */
  steps: YearStep[];
  /** The latest 报审 step while submitted or approved, and the 审定 step once approved. */
  submitted: YearStep | null;
  approved: YearStep | null;
}

/** A lock per year for the read-then-append of a state change (two submits at once: one wins, one gets 409). */
const YEAR_LOCK_CLASS = 7314;

/** evaluation_year_states (migration 20261201_14_evaluation_approval): append-only, the latest row is in force. */
export function evaluationApprovalStore(knex: Knex) {
  async function status(year: number, db: Db = knex): Promise<YearStatus> {
    const rows = await db("evaluation_year_states")
      .where({ year })
      .orderBy("id")
      .select(
        "action",
        "state",
        "reference",
        db.raw("approved_on::text as approved_on"),
        "reason",
        "acted_at",
        "acted_by",
      );
    const steps = rows.map(
      (row): YearStep => ({
        action: row.action,
        state: row.state,
        reference: row.reference,
        approvedOn: row.approved_on ?? null,
        reason: row.reason,
        actedAt: new Date(row.acted_at).toISOString(),
        actedBy: row.acted_by,
      }),
    );
    const last = steps.at(-1);
    const state: YearState = last?.state ?? "draft";
    const submitted = state === "draft" ? null : (steps.findLast((step) => step.action === "submit") ?? null);
    const approved = state === "approved" ? (last ?? null) : null;
    return { year, state, steps, submitted, approved };
  }

  /** The frozen snapshot of a year in 报审 or 审定 (the latest submit's), else undefined. */
  async function snapshot(year: number, db: Db = knex): Promise<YearSnapshot | undefined> {
    const last = await db("evaluation_year_states").where({ year }).orderBy("id", "desc").first("state");
    if (!last || last.state === "draft") return undefined;
    const row = await db("evaluation_year_states")
      .where({ year, action: "submit" })
      .orderBy("id", "desc")
      .first("snapshot");
    return row?.snapshot ?? undefined;
  }

  /** Takes the year's lock in the caller's transaction (released at its end). */
  async function lockYear(year: number, trx: Knex.Transaction): Promise<void> {
    await trx.raw("select pg_advisory_xact_lock(?, ?)", [YEAR_LOCK_CLASS, year]);
  }

  async function append(
    row: {
      year: number;
      action: YearAction;
      state: YearState;
      snapshot?: YearSnapshot;
      reference?: string;
      approvedOn?: string;
      reason?: string;
      actor: string;
    },
    trx: Knex.Transaction,
  ): Promise<void> {
    await trx("evaluation_year_states").insert({
      year: row.year,
      action: row.action,
      state: row.state,
      snapshot: row.snapshot === undefined ? null : JSON.stringify(row.snapshot),
      reference: row.reference ?? null,
      approved_on: row.approvedOn ?? null,
      reason: row.reason ?? null,
      acted_by: row.actor,
    });
  }

  return { status, snapshot, lockYear, append };
}

export type EvaluationApprovalStore = ReturnType<typeof evaluationApprovalStore>;
