import { useEffect, useState } from "react";
import { type FlagRunResult, startFlagRun, type YearApproval } from "../api/evaluation-year.js";
import { fetchAllRectifications } from "../api/exit.js";
import { fetchJobResult, type Job } from "../api/jobs.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { JobProgress, useWatchedJob } from "./job-progress.js";
import { RectificationReports } from "./rectification-reports.js";
import { useApi } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/**
 * 后5%认定: a preview (the municipal blocks in the bottom 5% of the ranking frozen at 报审, national ones never
 * adjusted) and, after an explicit confirmation, the flag run — a job (issue #14): its progress and cancel, then
 * what it did (the job's result); then the year's rectification records.
 */
export function YearFlagSection({ approval }: { approval: YearApproval }) {
  const messages = useMessages();
  const text = messages.review.year;
  const denied = useDenial()("evaluations.run");
  const { busy, problem, send } = useRequest();
  const [previewing, setPreviewing] = useState(false);
  const [result, setResult] = useState<FlagRunResult | null>(null);
  const [started, setStarted] = useState<Job | null>(null);
  const watched = useWatchedJob(started);
  const [refresh, setRefresh] = useState(0);
  const succeededId = watched.job?.state === "succeeded" ? watched.job.id : undefined;

  useEffect(() => {
    if (succeededId === undefined) return;
    const controller = new AbortController();
    void fetchJobResult<FlagRunResult>(succeededId, controller.signal).then((answer) => {
      if (!answer.ok) return;
      setResult(answer.value);
      setRefresh((count) => count + 1);
    });
    return () => controller.abort();
  }, [succeededId]);
  const approved = approval.state === "approved";
  const entries = Object.values(approval.frozen?.categories ?? {}).flat();
  const bottom = entries.filter((entry) => entry.bottom5 && entry.level === "municipal");
  const names = new Map(entries.map((entry) => [entry.blockId, entry.name]));

  async function confirm() {
    setResult(null);
    const job = await send(() => startFlagRun(approval.year));
    if (!job) return;
    setStarted(job);
    setPreviewing(false);
  }

  return (
    <section className="year-section" data-testid="year-flags">
      <h3>{text.flagRun}</h3>
      {approved ? null : <p className="muted small">{text.flagNeedsApproval}</p>}
      <button
        type="button"
        className="secondary-button"
        data-testid="year-flag-preview"
        disabled={!approved || denied !== null}
        title={denied ?? (approved ? undefined : text.flagNeedsApproval)}
        onClick={() => setPreviewing(true)}
      >
        {text.flagPreviewButton}
      </button>
      {previewing ? (
        <div className="confirm" data-testid="year-flag-list">
          <p className="small">{bottom.length > 0 ? text.flagPreview(bottom.length) : text.flagNone}</p>
          <ul className="small">
            {bottom.map((entry) => (
              <li key={entry.blockId} data-testid={`year-flag-block-${entry.blockId}`}>
                {entry.name} · {entry.park.name} · #{entry.rank}
              </li>
            ))}
          </ul>
          <p className="small">{text.flagConfirmAsk}</p>
          <button
            type="button"
            className="primary-button"
            data-testid="year-flag-confirm"
            disabled={busy || watched.running}
            onClick={confirm}
          >
            {text.flagConfirm}
          </button>
        </div>
      ) : null}
      {watched.job ? <JobProgress job={watched.job} onCancel={watched.cancel} /> : null}
      {watched.problem ? <ProblemMessage problem={watched.problem} testId="year-flag-problem" /> : null}
      {result ? (
        <p className="success small" role="status" data-testid="year-flag-done">
          {text.flagDone(result.flagged.length, result.rectificationPassed.length, result.notJudged.length)}
        </p>
      ) : null}
      {problem ? <ProblemMessage problem={problem} testId="year-flag-problem" /> : null}
      <YearRectifications year={approval.year} refresh={refresh} names={names} />
    </section>
  );
}

/** The rectification records ordered or judged in the year (the outcomes the flag runs recorded). */
function YearRectifications({
  year,
  refresh,
  names,
}: {
  year: number;
  refresh: number;
  names: ReadonlyMap<number, string>;
}) {
  const messages = useMessages();
  const text = messages.review.year;
  const [recorded, setRecorded] = useState(0);
  const loaded = useApi((signal) => fetchAllRectifications(signal), [year, refresh, recorded]);
  if (loaded.status !== "ready") return null;
  const rows = loaded.value.rectifications.filter(
    (row) => row.orderedYear === year || row.judgedYear === year,
  );
  return (
    <>
      <h4>{text.rectifications}</h4>
      {rows.length === 0 ? <p className="muted small">{text.noRectifications}</p> : null}
      <ul className="small" data-testid="year-rectifications">
        {rows.map((row) => (
          <li key={row.id} data-testid={`year-rectification-${row.blockId}`}>
            {names.get(row.blockId) ?? `#${row.blockId}`} · {text.ordered(row.orderedYear)} ·{" "}
            <strong>{text.outcomes[row.outcome]}</strong>
            {row.judgedYear ? ` · ${text.judged(row.judgedYear)}` : ""}
            <RectificationReports record={row} onRecorded={() => setRecorded((count) => count + 1)} />
          </li>
        ))}
      </ul>
    </>
  );
}
