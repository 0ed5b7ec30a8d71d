import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { YearSnapshot, YearStatus } from "../db/evaluation-approval-store.js";
import type { YearStepRequest } from "../db/evaluation-year-steps.js";
import {
  allowedYearActions,
  checkApprovalReference,
  YEAR_STATE_LABELS,
} from "../domain/evaluation-approval.js";
import { isIsoDate } from "../domain/transition.js";
import { ApiError, badRequest } from "../errors.js";
import { approvalSchema, approveSchema, returnSchema, submitSchema } from "../schemas/evaluation-approval.js";
import { auditActorOf } from "./audit-request.js";
import { parseYear } from "./evaluation-queries.js";
import { actorOf, flag } from "./params.js";

/** 审定 — 草稿 → 报审 (lead) → 审定 (approver), or 退回 to 草稿 (server/domain/evaluation-approval.ts). */
export const evaluationApprovalRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/evaluations/:year/approval", { schema: approvalSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const [status, snapshot] = await Promise.all([
      stores.approvals.status(year),
      stores.approvals.snapshot(year),
    ]);
    return described(status, snapshot);
  });

  app.post(
    "/evaluations/:year/approval/submit",
    { schema: submitSchema, config: { permission: "evaluations.run" } },
    async (request) =>
      step(request, {
        year: parseYear(request.params.year),
        action: "submit",
        ignoreIncomplete: flag(request.query.ignoreIncomplete),
      }),
  );

  app.post(
    "/evaluations/:year/approval/approve",
    { schema: approveSchema, config: { permission: "evaluations.approve" } },
    async (request) => {
      const { reference, approvedOn } = request.body;
      const check = checkApprovalReference(reference);
      if (!check.valid) throw badRequest("bad-reference", check.reason, { field: "reference" });
      if (!isIsoDate(approvedOn)) {
        throw badRequest("bad-date", `approvedOn is not a calendar date: ${approvedOn}`, {
          field: "approvedOn",
        });
      }
      return step(request, {
        year: parseYear(request.params.year),
        action: "approve",
        reference,
        approvedOn,
      });
    },
  );

  app.post(
    "/evaluations/:year/approval/return",
    { schema: returnSchema, config: { permission: "evaluations.approve" } },
    async (request) => {
      if (request.body.reason.trim() === "") throw badRequest("bad-reason", "A return needs a reason.");
      return step(request, {
        year: parseYear(request.params.year),
        action: "return",
        reason: request.body.reason,
      });
    },
  );

  async function step(
    request: Parameters<typeof actorOf>[0],
    what: Omit<YearStepRequest, "actor" | "audit">,
  ) {
    const result = await stores.yearStep({ ...what, actor: actorOf(request), audit: auditActorOf(request) });
    switch (result.outcome) {
      case "not-allowed":
        throw new ApiError(
          409,
          "year-step-not-allowed",
          `The evaluation of ${what.year} is ${result.from}: ${what.action} is not possible (possible: ${result.allowedActions.join(", ") || "none"}).`,
          { action: what.action, from: result.from, allowedActions: result.allowedActions },
        );
      case "incomplete":
        throw new ApiError(
          409,
          "incomplete-data",
          `${result.incomplete.length} evaluated blocks miss indicator data for ${what.year}: import it first, or ask ignoreIncomplete=true.`,
          { incomplete: result.incomplete },
        );
      case "done":
        return described(result.status, await stores.approvals.snapshot(what.year));
    }
  }
};

function described(status: YearStatus, snapshot: YearSnapshot | undefined) {
  return {
    ...status,
    label: YEAR_STATE_LABELS[status.state],
    allowedActions: allowedYearActions(status.state),
    frozen: snapshot
      ? {
          method: snapshot.config.method,
          weightsPercent: snapshot.config.weightsPercent,
          configDefinedForYear: snapshot.configDefinedForYear,
          settings: snapshot.settings,
          summary: snapshot.evaluation.summary,
          categories: snapshot.evaluation.categories,
        }
      : null,
  };
}
