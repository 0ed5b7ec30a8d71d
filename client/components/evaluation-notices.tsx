import { useEffect, useState } from "react";
import { fetchNotices, type Notice, noticeFileUrl, startNotices } from "../api/evaluation-notices.js";
import type { Job } from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { formatDateTime } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { JobProgress, useWatchedJob } from "./job-progress.js";
import { useApi } from "./review-context.js";

/**
 * 通报 (issue #13): once the year is 审定, staff generate each district's XLSX and PDF (a job: progress, cancel, the
 * zip of all to download); the latest notice lists who notified when and each district's two documents. A
 * district account is shown its own districts only (the server filters).
 */
export function EvaluationNotices({ year }: { year: number }) {
  const messages = useMessages();
  const text = messages.review.notices;
  const denied = useDenial()("evaluations.run");
  const [started, setStarted] = useState<Job | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [reload, setReload] = useState(0);
  const watched = useWatchedJob(started);
  const finished = watched.job?.state === "succeeded";
  useEffect(() => {
    if (finished) setReload((count) => count + 1);
  }, [finished]);
  const list = useApi((signal) => fetchNotices(year, signal), [year, reload]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another year forgets the job started for the previous one
  useEffect(() => setStarted(null), [year]);
  if (list.status !== "ready") return null;
  const { state, notices, ownDistricts } = list.value;
  const latest: Notice | undefined = notices[0];
  const start = async () => {
    setProblem(null);
    const answer = await startNotices(year);
    if (answer.ok) setStarted(answer.value);
    else setProblem(answer.problem);
  };
  return (
    <section className="evaluation-notices" data-testid="evaluation-notices" data-state={state}>
      <h3>{text.title}</h3>
      <p className="muted small">{text.state(text.states[state] ?? state)}</p>
      {state !== "approved" ? <p className="muted small">{text.notApproved}</p> : null}
      {state === "approved" ? (
        <button
          type="button"
          className="primary-button"
          disabled={denied !== null || watched.running}
          title={denied ?? undefined}
          onClick={() => void start()}
          data-testid="notice-start"
        >
          {latest ? text.again : text.start}
        </button>
      ) : null}
      {state === "approved" && denied ? <p className="muted small">{denied}</p> : null}
      {problem ? (
        <p className="error" data-testid="notice-problem">
          {problem.message}
        </p>
      ) : null}
      {watched.job ? <JobProgress job={watched.job} onCancel={() => void watched.cancel()} /> : null}
      {latest ? (
        <NoticeTable notice={latest} />
      ) : state === "approved" ? (
        <p className="muted small">{text.none}</p>
      ) : null}
      {ownDistricts !== null ? <p className="muted small">{text.ownOnly}</p> : null}
      {notices.length > 1 ? <p className="muted small">{text.earlier(notices.length - 1)}</p> : null}
    </section>
  );
}

function NoticeTable({ notice }: { notice: Notice }) {
  const messages = useMessages();
  const text = messages.review.notices;
  return (
    <>
      <p className="small" data-testid="notice-latest">
        {text.notified(
          formatDateTime(messages.locale, notice.notifiedAt),
          notice.notifiedBy,
          notice.blockCount,
        )}
        {notice.approvalReference ? ` · ${text.reference(notice.approvalReference)}` : ""}
      </p>
      <table className="data-table" data-testid="notice-districts">
        <thead>
          <tr>
            <th>{text.district}</th>
            <th>{text.blocks}</th>
            <th>{text.files}</th>
          </tr>
        </thead>
        <tbody>
          {notice.districts.map((entry) => (
            <tr key={entry.district} data-district={entry.district}>
              <td>{entry.district}</td>
              <td>{entry.blockCount}</td>
              <td>
                <a href={noticeFileUrl(notice.id, entry.district, "pdf")} download data-testid="notice-pdf">
                  PDF
                </a>{" "}
                ·{" "}
                <a href={noticeFileUrl(notice.id, entry.district, "xlsx")} download data-testid="notice-xlsx">
                  XLSX
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
