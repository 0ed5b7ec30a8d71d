import type { Knex } from "knex";
import type { AuditActor } from "../db/audit-store.js";
import { flagBottomAtOnce } from "../db/evaluation-flagging.js";
import { COMMITTED, type JobKind } from "./job-runner.js";

export const EVALUATION_FLAGS_JOB = "evaluation-flags";

/** What POST /api/evaluations/:year/flag-bottom stores as the job's params. */
export interface EvaluationFlagsParams {
  year: number;
  actor: string;
  audit: AuditActor;
}

/** Steps report every block but write progress at most this often. */
const PROGRESS_EVERY_MS = 250;

/**
 * 责令整改 as a job (issue #14 item 1): a write, so not resumable. The whole run — every block's lifecycle
 * action, rectification record, flag row and audit row, the run's record — is one transaction in which
 * `commitWith` also marks the job succeeded: kill -9 at any moment leaves the year as before or fully
 * flagged, and a cancel before the commit rolls everything back. The job's result is what the request used
 * to answer (year, method, settings, flagged, rectificationPassed, notJudged). `progressInTransaction`: on
 * PostgreSQL progress is written between steps; PGlite's one connection is held by the transaction, so there
 * the job shows its stage until it has committed.
 */
export function evaluationFlagsJob(knex: Knex, progressInTransaction: boolean): JobKind {
  return {
    resumable: false,
    run: async ({ job, progress, commitWith }) => {
      const params = job.params as unknown as EvaluationFlagsParams;
      await progress(0, 0, "flagging");
      let last = 0;
      const onStep = async (done: number, total: number) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && done > 0 && done < total) return;
        last = now;
        await progress(done, total, "flagging");
      };
      await flagBottomAtOnce(
        knex,
        {
          year: params.year,
          actor: params.actor,
          audit: params.audit,
          ...(progressInTransaction ? { onStep } : {}),
        },
        async (trx, result) => {
          if (result.outcome === "not-approved") {
            throw new Error(
              `The evaluation of ${params.year} is ${result.state} now: the bottom 5% is flagged only once the year is approved (审定).`,
            );
          }
          const { outcome: _outcome, ...done } = result;
          await commitWith(trx, { summary: done });
        },
      );
      return COMMITTED;
    },
  };
}
