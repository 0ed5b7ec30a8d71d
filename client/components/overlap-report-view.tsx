import type { Feature, Geometry } from "geojson";
import { useCallback, useEffect, useState } from "react";
import { fetchBlock } from "../api/blocks.js";
import {
  cancelJob,
  fetchJob,
  fetchOverlapReport,
  type Job,
  type OverlapReport,
  overlapReportFileUrl,
  startOverlapReport,
} from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { ReportQuery } from "./overlap-report-rows.js";
import { OverlapReportTable } from "./overlap-report-table.js";
import { useReview } from "./review-context.js";
import "../styles/overlap-report.css";

/** How often a running job's progress is read. */
const POLL_INTERVAL_MS = 400;
const RUNNING_STATES = new Set(["queued", "running"]);

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
  const { parks, mapView, blocks, selectBlock } = useReview();
  const [parkId, setParkId] = useState<number | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [report, setReport] = useState<OverlapReport | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [query, setQuery] = useState<ReportQuery>(INITIAL_QUERY);

  const jobId = job?.id;
  const running = job !== null && RUNNING_STATES.has(job.state);
  useEffect(() => {
    if (jobId === undefined || !running) return;
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        if (signal.aborted) return;
        const next = await fetchJob(jobId, signal);
        if (signal.aborted) return;
        if (!next.ok) return setProblem(next.problem);
        if (next.value.state === "succeeded") {
          const result = await fetchOverlapReport(jobId, signal);
          if (signal.aborted) return;
          if (result.ok) setReport(result.value);
          else setProblem(result.problem);
        }
        setJob(next.value);
        if (!RUNNING_STATES.has(next.value.state)) return;
      }
    })();
    return () => controller.abort();
  }, [jobId, running]);

  const start = async () => {
    setProblem(null);
    setReport(null);
    const started = await startOverlapReport(parkId === null ? {} : { parkId });
    if (started.ok) setJob(started.value);
    else setProblem(started.problem);
  };
  const cancel = async () => {
    if (jobId === undefined) return;
    const cancelled = await cancelJob(jobId);
    if (cancelled.ok) setJob(cancelled.value);
    else setProblem(cancelled.problem);
  };

  const zoomTo = useCallback(
    async (blockIds: number[]) => {
      selectBlock(blockIds[0] ?? null);
      const loaded = new Map((blocks?.features ?? []).map((feature) => [feature.properties.id, feature]));
      const features: Feature<Geometry>[] = [];
      for (const id of blockIds) {
        const known = loaded.get(id);
        if (known) features.push(known as Feature<Geometry>);
        else {
          const fetched = await fetchBlock(id);
          if (fetched.ok) features.push(fetched.value as Feature<Geometry>);
        }
      }
      const box = boundingBoxOf(features);
      if (box) mapView?.fitBounds(box);
    },
    [blocks, mapView, selectBlock],
  );

  return (
    <div className="review overlap-report-view" data-testid="overlap-report-view">
      <p className="muted small">{text.hint}</p>
      <div className="report-controls">
        <label>
          {text.park}{" "}
          <select
            value={parkId ?? ""}
            data-testid="report-park"
            disabled={running}
            onChange={(event) => setParkId(event.target.value === "" ? null : Number(event.target.value))}
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
          onClick={() => void start()}
        >
          {text.start}
        </button>
        {running ? (
          <button type="button" data-testid="report-cancel" onClick={() => void cancel()}>
            {text.cancel}
          </button>
        ) : null}
      </div>
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
      {report && job ? (
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
            onQuery={setQuery}
            onZoom={(ids) => void zoomTo(ids)}
          />
        </>
      ) : null}
    </div>
  );
}
