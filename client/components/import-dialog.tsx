import { JOB_RUNNING_STATES } from "../api/jobs.js";
import { useMessages } from "../i18n/i18n-context.js";
import { ImportReport } from "./import-report.js";
import { type ReadOptions, useImportDialog } from "./import-state.js";
import { JobProgress } from "./job-progress.js";
import { formatShare } from "./review-format.js";
import { ProblemMessage } from "./review-problem.js";
import "../styles/import.css";

const SOURCE_CRS = ["EPSG:4490", "EPSG:4326", "EPSG:4527", "EPSG:4548", "EPSG:4526", "EPSG:4547"];
const ENCODINGS = ["utf-8", "gbk"];

/**
 * 导入 (issue 7): choose a file and the options, upload with progress, read the server's per-feature report
 * and the coordinate system it found, set defaults and the field mapping, then commit (one transaction).
 * A large file's preview and commit are jobs (issue #14): their bar shows the stage and counts, with cancel.
 */
export function ImportDialog({ onDone }: { onDone(): void }) {
  const messages = useMessages();
  const text = messages.review.importer;
  const dialog = useImportDialog();
  const { progress, preview, problem, job } = dialog;
  // An upload, a preview or commit job running, or a commit asked for: neither button starts another (issue #14).
  const working =
    progress !== null || dialog.committing || (job !== null && JOB_RUNNING_STATES.has(job.state));
  return (
    <div className="review import-dialog" data-testid="import-dialog">
      <p className="muted small">{text.formats}</p>
      <ReadOptionsForm read={dialog.read} />
      <button
        type="button"
        className="primary-button"
        data-testid="import-upload"
        disabled={!dialog.read.file || working}
        onClick={() => dialog.upload()}
      >
        {text.upload}
      </button>
      {progress !== null ? (
        <div className="progress" data-testid="import-progress">
          <progress value={progress} max={1} />
          <span className="small">
            {progress < 1 ? text.uploading(formatShare(messages.locale, progress)) : text.checking}
          </span>
        </div>
      ) : null}
      {job ? (
        <div data-testid="import-job">
          <JobProgress job={job} onCancel={dialog.cancel} />
        </div>
      ) : null}
      {problem ? <ProblemMessage problem={problem} testId="import-problem" /> : null}
      {preview ? (
        <ImportReport
          preview={preview}
          choices={dialog.choices}
          committed={dialog.committed}
          working={working}
          onReread={dialog.upload}
          onCommit={dialog.commit}
          onDone={onDone}
        />
      ) : null}
    </div>
  );
}

/** The file and how to read it: source coordinate system, GCJ-02, encoding, DXF grouping. */
function ReadOptionsForm({ read }: { read: ReadOptions }) {
  const text = useMessages().review.importer;
  return (
    <>
      <label className="control-row">
        <span>{text.file}</span>
        <input
          type="file"
          data-testid="import-file"
          accept=".geojson,.json,.zip,.kml,.kmz,.gpkg,.fgb,.dxf,.txt,.csv,.dat"
          onChange={(event) => {
            read.setFile(event.target.files?.[0] ?? null);
            read.setLayer("");
          }}
        />
      </label>
      <label className="control-row">
        <span>{text.sourceCrs}</span>
        <select
          value={read.sourceCrs}
          data-testid="import-crs"
          onChange={(event) => read.setSourceCrs(event.target.value)}
        >
          <option value="">{text.autoDetect}</option>
          {SOURCE_CRS.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </label>
      <label className="control-row checkbox">
        <input
          type="checkbox"
          checked={read.gcj02}
          onChange={(event) => read.setGcj02(event.target.checked)}
        />{" "}
        {text.gcj02}
      </label>
      <label className="control-row">
        <span>{text.encoding}</span>
        <select value={read.encoding} onChange={(event) => read.setEncoding(event.target.value)}>
          <option value="">{text.autoDetect}</option>
          {ENCODINGS.map((option) => (
            <option key={option} value={option}>
              {option.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="control-row checkbox">
        <input
          type="checkbox"
          checked={read.dxfByLayer}
          onChange={(event) => read.setDxfByLayer(event.target.checked)}
        />{" "}
        {text.dxfByLayer}
      </label>
    </>
  );
}
