import { useState } from "react";
import { type BlockExportRequest, type Job, startBlockExport } from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";
import { CataloguePackageDialog } from "./catalogue-package-dialog.js";
import { JobProgress, useWatchedJob } from "./job-progress.js";
import { useReview } from "./review-context.js";

const FORMATS = [
  { id: "geojson", label: "GeoJSON" },
  { id: "shp", label: "Shapefile (zip, EPSG:4490)" },
  { id: "kml", label: "KML" },
  { id: "gpkg", label: "GeoPackage" },
  { id: "dxf", label: "DXF (CGCS2000 GK 39)" },
  { id: "csv", label: "CSV" },
  { id: "fgb", label: "FlatGeobuf" },
] as const;
type Scope = "selection" | "park" | "all";

/**
 * 导出 (issue 7): blocks in a format for the selection, its sub-park or all; the catalogue package. Both are
 * jobs (issue #14): the stage and counts live, cancel, then the download. Decision: the menu always starts the
 * job, whatever the size (one path; GET /api/exports/blocks stays for links and scripts, up to its limit).
 */
export function ExportMenu() {
  const messages = useMessages();
  const text = messages.review.exporter;
  const { selectedBlock: selected } = useReview();
  const [format, setFormat] = useState<string>("geojson");
  const [scope, setScope] = useState<Scope>(selected ? "selection" : "all");
  const effectiveScope = !selected && scope !== "all" ? "all" : scope;
  const [started, setStarted] = useState<Job | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const watched = useWatchedJob(started);
  const body: BlockExportRequest = {
    format: format as BlockExportRequest["format"],
    ...(effectiveScope === "selection" && selected ? { ids: [selected.properties.id] } : {}),
    ...(effectiveScope === "park" && selected ? { parkId: selected.properties.parkId } : {}),
  };
  const start = async () => {
    setProblem(null);
    const answer = await startBlockExport(body);
    if (answer.ok) setStarted(answer.value);
    else setProblem(answer.problem);
  };
  return (
    <div className="review export-menu" data-testid="export-menu">
      <label className="control-row">
        <span>{text.format}</span>
        <select
          value={format}
          data-testid="export-format"
          onChange={(event) => setFormat(event.target.value)}
        >
          {FORMATS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="controls">
        <legend>{text.scope}</legend>
        {(["selection", "park", "all"] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="export-scope"
              checked={effectiveScope === option}
              disabled={option !== "all" && !selected}
              onChange={() => setScope(option)}
            />{" "}
            {text[option]}
            {option === "selection" ? (
              <span className="muted small"> ({selected ? selected.properties.name : text.noSelection})</span>
            ) : null}
          </label>
        ))}
      </fieldset>
      <section className="block-export" data-testid="block-export">
        <p className="muted small">{text.startHint}</p>
        <button
          type="button"
          className="primary-button"
          disabled={watched.running}
          onClick={() => void start()}
          data-testid="export-start"
        >
          {text.start}
        </button>
        {problem ? (
          <p className="error" data-testid="export-problem">
            {problem.message}
          </p>
        ) : null}
        {watched.job ? <JobProgress job={watched.job} onCancel={() => void watched.cancel()} /> : null}
      </section>
      <hr />
      <CataloguePackageDialog selected={selected} />
    </div>
  );
}
