import { useState } from "react";
import { type YearApproval, yearStep } from "../api/evaluation-year.js";
import { formatDateTime } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { InputRow } from "./input-row.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/** The year's state (草稿 → 报审 → 审定) and the steps the state allows, each for the role that takes it. */
export function YearApprovalSection({
  approval,
  onChanged,
}: {
  approval: YearApproval;
  onChanged(approval: YearApproval): void;
}) {
  const messages = useMessages();
  const text = messages.review.year;
  const { locale } = messages;
  const denial = useDenial();
  const { busy, problem, send } = useRequest();
  const [ignoreIncomplete, setIgnoreIncomplete] = useState(false);
  const [reference, setReference] = useState("");
  const [approvedOn, setApprovedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState("");
  const lastReturn = [...approval.steps].reverse().find((step) => step.action === "return");
  const allowed = new Set(approval.allowedActions);
  const submitDenied = denial("evaluations.run");
  const approveDenied = denial("evaluations.approve");

  async function run(step: Parameters<typeof yearStep>[1]) {
    const next = await send(() => yearStep(approval.year, step));
    if (next) onChanged(next);
  }

  return (
    <section className="year-section" data-testid="year-approval">
      <h3>{text.state}</h3>
      <p>
        <span className={`year-state state-${approval.state}`} data-testid="year-state">
          {text.states[approval.state]}
        </span>{" "}
        {approval.approved?.reference ? (
          <span data-testid="year-approved">
            {text.approvedBy(approval.approved.reference, approval.approved.approvedOn ?? "")}
          </span>
        ) : approval.submitted ? (
          <span className="small">
            {text.submittedBy(approval.submitted.actedBy, formatDateTime(locale, approval.submitted.actedAt))}
          </span>
        ) : lastReturn?.reason ? (
          <span className="small">{text.returnedReason(lastReturn.reason)}</span>
        ) : null}
      </p>
      {allowed.has("submit") ? (
        <div className="controls">
          <label className="control-row checkbox">
            <input
              type="checkbox"
              checked={ignoreIncomplete}
              onChange={(event) => setIgnoreIncomplete(event.target.checked)}
            />{" "}
            {text.ignoreIncomplete}
          </label>
          <button
            type="button"
            className="primary-button"
            data-testid="year-submit"
            disabled={busy || submitDenied !== null}
            title={submitDenied ?? undefined}
            onClick={() => run({ action: "submit", ignoreIncomplete })}
          >
            {text.submit}
          </button>
        </div>
      ) : null}
      {allowed.has("approve") ? (
        <div className="controls">
          <InputRow
            label={text.reference}
            value={reference}
            maxLength={200}
            testId="year-reference"
            onChange={setReference}
          />
          <InputRow label={text.approvedOn} type="date" value={approvedOn} onChange={setApprovedOn} />
          <button
            type="button"
            className="primary-button"
            data-testid="year-approve"
            disabled={busy || approveDenied !== null || reference.trim() === ""}
            title={approveDenied ?? undefined}
            onClick={() => run({ action: "approve", reference: reference.trim(), approvedOn })}
          >
            {text.approve}
          </button>
        </div>
      ) : null}
      {allowed.has("return") ? (
        <div className="controls">
          <InputRow label={text.returnReason} value={reason} onChange={setReason} />
          <button
            type="button"
            className="secondary-button"
            data-testid="year-return"
            disabled={busy || approveDenied !== null || reason.trim() === ""}
            title={approveDenied ?? undefined}
            onClick={() => run({ action: "return", reason: reason.trim() })}
          >
            {text.returnStep}
          </button>
        </div>
      ) : null}
      {allowed.size === 0 ? <p className="muted small">{text.noSteps}</p> : null}
      {problem ? <ProblemMessage problem={problem} testId="year-step-problem" /> : null}
    </section>
  );
}
