import { useEffect, useState } from "react";
import { fetchApproval, type YearApproval } from "../api/evaluation-year.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useApi } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { YearApprovalSection } from "./year-approval.js";
import { YearExitBatchSection } from "./year-exit-batch.js";
import { YearFlagSection } from "./year-flags.js";
import { YearIndicatorsSection } from "./year-indicators.js";
import { YearSettingsSection } from "./year-settings.js";
import { YearWeightsSection } from "./year-weights.js";
import "../styles/evaluation-year.css";

/**
 * 评价年度 (issue #18 item 1): the year chosen in the top bar from its indicator data to the exit batch — the
 * template and upload with the per-row report, weights and score method, the policy settings, the state and its
 * approval (草稿 → 报审 → 审定), the bottom-5% flagging with a preview and a confirmation and the rectification
 * records it keeps, and the exit batch as a job. Each control is enabled for the roles the server lets act, and
 * says why otherwise.
 */
export function EvaluationYearView({ year }: { year: number }) {
  const messages = useMessages();
  const loaded = useApi((signal) => fetchApproval(year, signal), [year]);
  // The state as loaded, then as each step answers it.
  const [approval, setApproval] = useState<YearApproval | null>(null);
  useEffect(() => {
    if (loaded.status === "ready") setApproval(loaded.value);
  }, [loaded]);
  if (loaded.status === "failed") return <ProblemMessage problem={loaded.problem} />;
  if (!approval) return <p className="muted">{messages.review.common.loading}</p>;
  return (
    <div className="evaluation-year" data-testid="evaluation-year">
      <h3 className="year-title">{messages.review.year.title(year)}</h3>
      <YearApprovalSection approval={approval} onChanged={setApproval} />
      <YearIndicatorsSection year={year} />
      <YearWeightsSection year={year} frozen={approval.state !== "draft"} />
      <YearSettingsSection />
      <YearFlagSection approval={approval} />
      <YearExitBatchSection />
    </div>
  );
}
