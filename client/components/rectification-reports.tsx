import { type FormEvent, useState } from "react";
import { fetchRectifications, type RectificationRow, recordRectificationReport } from "../api/exit.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useApi } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/**
 * 整改报告 of one rectification record (issue #18 item 1): the reports recorded, and on an open record a form for
 * the district's report (text, date, who). The outcome is not asked for: only the next year's flag run judges
 * it (DOMAIN.md §4.3). Shown in 评价年度 and in the block panel.
 */
export function RectificationReports({
  record,
  onRecorded,
}: {
  record: RectificationRow;
  onRecorded(): void;
}) {
  const messages = useMessages();
  const text = messages.review.year.reports;
  const testId = `rectification-reports-${record.id}`;
  return (
    <div className="small" data-testid={testId}>
      <strong>{text.title}</strong>
      {record.reports.length === 0 ? <p className="muted">{text.none}</p> : null}
      <ul>
        {record.reports.map((report) => (
          <li key={report.id} data-testid={`rectification-report-${report.id}`}>
            {report.reportedOn} · {report.reporter}：{report.report}{" "}
            <span className="muted">
              (
              {text.recorded(
                report.recordedBy,
                new Date(report.recordedAt).toLocaleDateString(messages.locale),
              )}
              )
            </span>
          </li>
        ))}
      </ul>
      {record.outcome === "open" ? <ReportForm rectificationId={record.id} onRecorded={onRecorded} /> : null}
    </div>
  );
}

/** The block panel's part: the block's rectification records with their reports (nothing when it has none). */
export function BlockRectificationReports({ blockId, version }: { blockId: number; version: number }) {
  const messages = useMessages();
  const [recorded, setRecorded] = useState(0);
  const loaded = useApi((signal) => fetchRectifications(blockId, signal), [blockId, version, recorded]);
  if (loaded.status !== "ready" || loaded.value.rectifications.length === 0) return null;
  return (
    <section data-testid="block-rectifications">
      <h3>{messages.review.year.rectifications}</h3>
      {loaded.value.rectifications.map((record) => (
        <div key={record.id}>
          <p className="small">
            {messages.review.year.ordered(record.orderedYear)} ·{" "}
            <strong>{messages.review.year.outcomes[record.outcome]}</strong>
          </p>
          <RectificationReports record={record} onRecorded={() => setRecorded((count) => count + 1)} />
        </div>
      ))}
    </section>
  );
}

function ReportForm({ rectificationId, onRecorded }: { rectificationId: number; onRecorded(): void }) {
  const messages = useMessages();
  const text = messages.review.year.reports;
  const denied = useDenial()("blocks.edit");
  const { busy, problem, send } = useRequest();
  const [report, setReport] = useState("");
  const [reportedOn, setReportedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [reporter, setReporter] = useState("");
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const written = await send(() =>
      recordRectificationReport(rectificationId, { report, reportedOn, reporter }),
    );
    if (!written) return;
    setReport("");
    onRecorded();
  };
  return (
    <form className="rectification-report-form" onSubmit={(event) => void onSubmit(event)}>
      <p className="muted">{text.decidesNothing}</p>
      <label>
        {text.report}
        <textarea
          data-testid={`rectification-report-text-${rectificationId}`}
          value={report}
          rows={2}
          onChange={(event) => setReport(event.target.value)}
        />
      </label>
      <label>
        {text.reportedOn}
        <input
          type="date"
          data-testid={`rectification-report-date-${rectificationId}`}
          value={reportedOn}
          onChange={(event) => setReportedOn(event.target.value)}
        />
      </label>
      <label>
        {text.reporter}
        <input
          data-testid={`rectification-report-reporter-${rectificationId}`}
          value={reporter}
          onChange={(event) => setReporter(event.target.value)}
        />
      </label>
      <button
        type="submit"
        data-testid={`rectification-report-submit-${rectificationId}`}
        disabled={busy || denied !== null}
        title={denied ?? undefined}
      >
        {text.record}
      </button>
      {problem ? (
        <ProblemMessage problem={problem} testId={`rectification-report-problem-${rectificationId}`} />
      ) : null}
    </form>
  );
}
