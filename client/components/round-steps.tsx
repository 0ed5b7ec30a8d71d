import { useState } from "react";
import {
  APPLICATION_ACTION_PERMISSIONS,
  type ApplicationAction,
} from "../../server/domain/round-application.js";
import { type ApplicationDetail, takeStep } from "../api/rounds.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";

/** The next steps of the application the account may take, each with what it needs (reason, 审核意见, 批复). */
export function RoundSteps({
  detail,
  onChanged,
}: {
  detail: ApplicationDetail;
  onChanged(next?: ApplicationDetail): void;
}) {
  const denial = useDenial();
  const actions = detail.allowedActions.filter(
    (action) => !denial(APPLICATION_ACTION_PERMISSIONS.values[action]),
  );
  if (actions.length === 0) return null;
  return (
    <section className="round-steps" data-testid="application-steps">
      {actions.map((action) => (
        <StepForm key={action} action={action} detail={detail} onChanged={onChanged} />
      ))}
    </section>
  );
}

function StepForm({
  action,
  detail,
  onChanged,
}: {
  action: ApplicationAction;
  detail: ApplicationDetail;
  onChanged(next?: ApplicationDetail): void;
}) {
  const text = useMessages().rounds;
  const [reason, setReason] = useState("");
  const [opinion, setOpinion] = useState("");
  const [reference, setReference] = useState("");
  const [repliedOn, setRepliedOn] = useState(new Date().toISOString().slice(0, 10));
  const [conditions, setConditions] = useState("");
  const [approved, setApproved] = useState<number[]>(detail.blocks.map((b) => b.id));
  const [blockReasons, setBlockReasons] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const replying = action === "approve" || action === "reject";
  const submit = async () => {
    const body: Record<string, unknown> = {};
    if (action === "return" || action === "reject") body.reason = reason;
    if (action === "report") body.opinion = opinion;
    if (replying) Object.assign(body, { reference, repliedOn });
    if (action === "approve") {
      Object.assign(body, { approvedBlockIds: approved, conditions });
      body.blockReasons = Object.fromEntries(
        Object.entries(blockReasons).filter(([id]) => !approved.includes(Number(id))),
      );
    }
    const result = await takeStep(detail.id, action, body);
    if (!result.ok) return setProblem(result.problem.message);
    setProblem(null);
    onChanged(result.value);
  };
  const textInput = (label: string, value: string, set: (v: string) => void, testId: string) => (
    <label>
      {label}
      <textarea rows={2} value={value} data-testid={testId} onChange={(e) => set(e.target.value)} />
    </label>
  );
  return (
    <div className={`round-form step-${action}`} data-testid={`step-${action}`}>
      {action === "return" && textInput(text.returnReason, reason, setReason, "step-return-reason")}
      {action === "report" && textInput(text.reviewOpinion, opinion, setOpinion, "step-report-opinion")}
      {replying && (
        <>
          <label>
            {text.reference}
            <input
              value={reference}
              data-testid={`step-${action}-reference`}
              onChange={(e) => setReference(e.target.value)}
            />
          </label>
          <label>
            {text.repliedOn}
            <input type="date" value={repliedOn} onChange={(e) => setRepliedOn(e.target.value)} />
          </label>
        </>
      )}
      {action === "approve" && (
        <>
          <fieldset>
            <legend>{text.approvedBlocks}</legend>
            {detail.blocks.map((block) => (
              <div key={block.id}>
                <label className="check-row">
                  <input
                    type="checkbox"
                    checked={approved.includes(block.id)}
                    onChange={(e) =>
                      setApproved((ids) =>
                        e.target.checked ? [...ids, block.id] : ids.filter((id) => id !== block.id),
                      )
                    }
                  />
                  {block.name}
                </label>
                {!approved.includes(block.id) && (
                  <input
                    placeholder={text.blockReason(block.name)}
                    value={blockReasons[block.id] ?? ""}
                    onChange={(e) => setBlockReasons({ ...blockReasons, [block.id]: e.target.value })}
                  />
                )}
              </div>
            ))}
          </fieldset>
          {textInput(text.conditionsText, conditions, setConditions, "step-approve-conditions")}
        </>
      )}
      {action === "reject" && textInput(text.rejectReason, reason, setReason, "step-reject-reason")}
      <button type="button" data-testid={`step-${action}-submit`} onClick={() => void submit()}>
        {text.actions[action]}
      </button>
      {problem && (
        <p className="error" role="alert" data-testid={`step-${action}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}
