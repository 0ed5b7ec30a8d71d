import { useState } from "react";
import { type IndicatorReport, templateUrl, uploadIndicators } from "../api/evaluation-year.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/** Most report rows drawn (the summary counts all). */
const MAX_ROWS_SHOWN = 200;

/**
 * The year's indicator data: the template (pre-filled with the blocks) to download, an XLSX/CSV upload and its
 * per-row report. Any bad row stores nothing (422 carries the same report) unless "valid rows only" is ticked.
 */
export function YearIndicatorsSection({ year }: { year: number }) {
  const text = useMessages().review.year;
  const denied = useDenial()("indicators.edit");
  const { busy, problem, send } = useRequest();
  const [file, setFile] = useState<File | null>(null);
  const [validRowsOnly, setValidRowsOnly] = useState(false);
  const [report, setReport] = useState<IndicatorReport | null>(null);

  async function upload() {
    if (!file) return;
    setReport(null);
    const stored = await send(() => uploadIndicators(year, file, validRowsOnly));
    if (stored) setReport(stored);
  }
  const refused = problem?.code === "invalid-rows" ? (problem.details as IndicatorReport) : null;
  const shown = report ?? refused;

  return (
    <section className="year-section" data-testid="year-indicators">
      <h3>{text.indicators}</h3>
      <p>
        <a href={templateUrl(year)} download data-testid="year-template">
          {text.template}
        </a>
      </p>
      <div className="controls">
        <label className="control-row">
          <span>{text.upload}</span>
          <input
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="year-indicator-file"
            disabled={denied !== null}
            title={denied ?? undefined}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        <label className="control-row checkbox">
          <input
            type="checkbox"
            checked={validRowsOnly}
            onChange={(event) => setValidRowsOnly(event.target.checked)}
          />{" "}
          {text.validRowsOnly}
        </label>
        <button
          type="button"
          className="primary-button"
          data-testid="year-upload"
          disabled={busy || file === null || denied !== null}
          title={denied ?? undefined}
          onClick={upload}
        >
          {text.upload}
        </button>
      </div>
      {problem && !refused ? <ProblemMessage problem={problem} testId="year-upload-problem" /> : null}
      {shown ? <IndicatorReportTable report={shown} refused={refused !== null} /> : null}
    </section>
  );
}

function IndicatorReportTable({ report, refused }: { report: IndicatorReport; refused: boolean }) {
  const text = useMessages().review.year;
  const rows = [...report.rows].sort((a, b) => Number(a.ok) - Number(b.ok)).slice(0, MAX_ROWS_SHOWN);
  return (
    <div data-testid="year-report">
      <p className={refused ? "error" : "success"} data-testid="year-report-summary">
        {refused
          ? text.nothingStored(report.rejected, report.rowCount)
          : text.reportSummary(report.stored, report.rejected)}
      </p>
      <table className="data-table small">
        <thead>
          <tr>
            <th>{text.row}</th>
            <th>{text.block}</th>
            <th>{text.problems}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index} data-testid={`year-report-row-${row.line ?? row.index + 1}`}>
              <td className="number">{row.line ?? row.index + 1}</td>
              <td className="number">{row.blockId ?? "—"}</td>
              <td>{row.ok ? text.rowOk : row.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
