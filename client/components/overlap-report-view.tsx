import { useState } from "react";
import { type Job, type OverlapReport, overlapReportFileUrl } from "../api/jobs.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useOverlapReportJob, useZoomToBlocks } from "./overlap-report-job.js";
import type { ReportQuery } from "./overlap-report-rows.js";
import { OverlapReportTable } from "./overlap-report-table.js";
import { useReview } from "./review-context.js";
import "../styles/overlap-report.css";

const INITIAL_QUERY: ReportQuery = {
  sortKey: "name",
  descending: false,
  text: "",
  onlyOverlappingBlocks: false,
};

/**
 * 叠加分析报表 (issue #16): starts the all-blocks overlap report as a job (optionally one sub-park's blocks),
 * shows its progress with a cancel, then the table (sort, filter, zoom to a block or a pair) and the XLSX/CSV
 * downloads the server makes.
 */
export function OverlapReportView() {
  const messages = useMessages();
  const text = messages.review.report;
  const [parkId, setParkId] = useState<number | null>(null);
  const { job, report, problem, running, start, cancel } = useOverlapReportJob(parkId);
  const [query, setQuery] = useState<ReportQuery>(INITIAL_QUERY);
  return (
    <div className="review overlap-report-view" data-testid="overlap-report-view">
      <p className="muted small">{text.hint}</p>
      <ReportControls
        parkId={parkId}
        running={running}
        onPark={setParkId}
        onStart={() => void start()}
        onCancel={() => void cancel()}
      />
      {job ? (
        <p className="report-progress" data-testid="report-progress" data-state={job.state}>
          {text.state[job.state] ?? job.state} · {text.progress(job.progress.done, job.progress.total)}
          <progress max={Math.max(1, job.progress.total)} value={job.progress.done} />
        </p>
      ) : null}
      {problem ? (
        <p className="error" data-testid="report-problem">
          {messages.review.common.failed(problem.message)}
        </p>
      ) : null}
      {report && job ? <ReportResult job={job} report={report} query={query} onQuery={setQuery} /> : null}
    </div>
  );
}

/** The sub-park choice, start, and cancel while the job runs. */
function ReportControls({
  parkId,
  running,
  onPark,
  onStart,
  onCancel,
}: {
  parkId: number | null;
  running: boolean;
  onPark(parkId: number | null): void;
  onStart(): void;
  onCancel(): void;
}) {
  const text = useMessages().review.report;
  const { parks } = useReview();
  return (
    <div className="report-controls">
      <label>
        {text.park}{" "}
        <select
          value={parkId ?? ""}
          data-testid="report-park"
          disabled={running}
          onChange={(event) => onPark(event.target.value === "" ? null : Number(event.target.value))}
        >
          <option value="">{text.allParks}</option>
          {parks.map((park) => (
            <option key={park.id} value={park.id}>
              {park.name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="primary-button"
        data-testid="report-start"
        disabled={running}
        onClick={onStart}
      >
        {text.start}
      </button>
      {running ? (
        <button type="button" data-testid="report-cancel" onClick={onCancel}>
          {text.cancel}
        </button>
      ) : null}
    </div>
  );
}

/** The finished report: its header, the downloads and the table. */
function ReportResult({
  job,
  report,
  query,
  onQuery,
}: {
  job: Job;
  report: OverlapReport;
  query: ReportQuery;
  onQuery(query: ReportQuery): void;
}) {
  const text = useMessages().review.report;
  const zoomTo = useZoomToBlocks();
  return (
    <>
      <p className="muted small" data-testid="report-header">
        {text.header(report.meta.crs, report.meta.createdAt.slice(0, 19).replace("T", " "))}
      </p>
      <p className="report-downloads">
        {text.download}:{" "}
        <a href={overlapReportFileUrl(job.id, "xlsx")} download data-testid="report-download-xlsx">
          XLSX
        </a>{" "}
        <a href={overlapReportFileUrl(job.id, "csv")} download data-testid="report-download-csv">
          CSV
        </a>
      </p>
      <OverlapReportTable
        report={report}
        query={query}
        onQuery={onQuery}
        onZoom={(ids) => void zoomTo(ids)}
      />
    </>
  );
}
