import type { FeatureCollection } from "geojson";
import { useState } from "react";
import { commitImport, fetchImportFeatures, type ImportPreview, uploadImport } from "../api/imports.js";
import type { ApiProblem } from "../api/request.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_ROLES } from "../map/overlay-layers.js";
import { ImportChoices } from "./import-choices.js";
import { useOverlay, useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";
import { ProblemMessage } from "./review-problem.js";
import "../styles/import.css";

const SOURCE_CRS = ["EPSG:4490", "EPSG:4326", "EPSG:4527", "EPSG:4548", "EPSG:4526", "EPSG:4547"];
const ENCODINGS = ["utf-8", "gbk"];
const MAPPING_TARGETS = ["name", "code", "park", "level", "status"] as const;

/**
 * 导入 (issue 7): choose a file and the options, upload with progress, read the server's per-feature report
 * and the coordinate system it found, set defaults and the field mapping, then commit (one transaction).
 */
export function ImportDialog({ onDone }: { onDone(): void }) {
  const messages = useMessages();
  const text = messages.review.importer;
  const { parks, reload, mapView } = useReview();
  const [shapes, setShapes] = useState<FeatureCollection | null>(null);
  useOverlay("import", shapes);
  const [file, setFile] = useState<File | null>(null);
  const [sourceCrs, setSourceCrs] = useState("");
  const [gcj02, setGcj02] = useState(false);
  const [encoding, setEncoding] = useState("");
  const [layer, setLayer] = useState("");
  const [dxfByLayer, setDxfByLayer] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [parkId, setParkId] = useState<number | "">("");
  const [level, setLevel] = useState<"" | "national" | "municipal">("municipal");
  const [namePrefix, setNamePrefix] = useState("");
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [committed, setCommitted] = useState<number | null>(null);

  /** Uploads the file; `reread` reads it again with another encoding or layer the report offered. */
  async function upload(reread: { encoding?: string; layer?: string } = {}) {
    if (!file) return;
    const form = new FormData();
    const chosenEncoding = reread.encoding ?? encoding;
    const chosenLayer = reread.layer ?? layer;
    if (reread.encoding) setEncoding(reread.encoding);
    if (reread.layer) setLayer(reread.layer);
    if (sourceCrs) form.append("sourceCrs", sourceCrs);
    if (gcj02) form.append("gcj02", "true");
    if (chosenEncoding) form.append("encoding", chosenEncoding);
    if (chosenLayer) form.append("layer", chosenLayer);
    if (dxfByLayer) form.append("groupBy", "layer");
    form.append("file", file);
    setProblem(null);
    setPreview(null);
    setCommitted(null);
    setProgress(0);
    const result = await uploadImport(form, setProgress);
    setProgress(null);
    if (!result.ok) return setProblem(result.problem);
    setPreview(result.value);
    setMapping(result.value.mapping.proposed);
    const features = await fetchImportFeatures(result.value.id);
    if (!features.ok) return;
    setShapes({
      type: "FeatureCollection",
      features: features.value.features.map((feature) => ({
        ...feature,
        properties: { ...feature.properties, role: OVERLAY_ROLES.imported },
      })),
    });
    const box = boundingBoxOf(features.value.features);
    if (box) mapView?.fitBounds(box, 15);
  }

  async function commit() {
    if (!preview) return;
    setProblem(null);
    const result = await commitImport(preview.id, {
      ...(parkId === "" ? {} : { parkId }),
      ...(level === "" ? {} : { level }),
      ...(namePrefix ? { namePrefix } : {}),
      mapping,
    });
    if (!result.ok) return setProblem(result.problem);
    setCommitted(result.value.committed);
    setShapes(null);
    reload();
  }

  const fieldNames = preview?.mapping.fields.map((field) => field.source) ?? [];
  return (
    <div className="review import-dialog" data-testid="import-dialog">
      <p className="muted small">{text.formats}</p>
      <label className="control-row">
        <span>{text.file}</span>
        <input
          type="file"
          data-testid="import-file"
          accept=".geojson,.json,.zip,.kml,.kmz,.gpkg,.fgb,.dxf,.txt,.csv,.dat"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setLayer("");
          }}
        />
      </label>
      <label className="control-row">
        <span>{text.sourceCrs}</span>
        <select
          value={sourceCrs}
          data-testid="import-crs"
          onChange={(event) => setSourceCrs(event.target.value)}
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
        <input type="checkbox" checked={gcj02} onChange={(event) => setGcj02(event.target.checked)} />{" "}
        {text.gcj02}
      </label>
      <label className="control-row">
        <span>{text.encoding}</span>
        <select value={encoding} onChange={(event) => setEncoding(event.target.value)}>
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
          checked={dxfByLayer}
          onChange={(event) => setDxfByLayer(event.target.checked)}
        />{" "}
        {text.dxfByLayer}
      </label>
      <button
        type="button"
        className="primary-button"
        data-testid="import-upload"
        disabled={!file || progress !== null}
        onClick={() => upload()}
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
      {problem ? <ProblemMessage problem={problem} testId="import-problem" /> : null}
      {preview ? (
        <div data-testid="import-report">
          <h3>{text.crs}</h3>
          <p data-testid="import-crs-found">
            <strong>{preview.crs.code}</strong> {preview.crs.name}
          </p>
          <ul className="small muted">
            {preview.crs.assumed.map((line) => (
              <li key={line}>{line}</li>
            ))}
            {preview.warnings.map((line) => (
              <li key={line} className="warning">
                {line}
              </li>
            ))}
          </ul>
          <ImportChoices encoding={preview.encoding} layers={preview.layers} onReread={upload} />
          <p data-testid="import-summary">
            {text.summary(
              preview.summary.total,
              preview.summary.accepted,
              preview.summary.repaired,
              preview.summary.rejected,
            )}
            {" · "}
            {formatKm2(messages.locale, preview.summary.areaKm2)} {messages.units.km2}
          </p>
          <table className="data-table" data-testid="import-features">
            <thead>
              <tr>
                <th>{text.feature}</th>
                <th>{text.result}</th>
                <th>{text.details}</th>
              </tr>
            </thead>
            <tbody>
              {preview.features.map((feature) => (
                <tr key={feature.index} className={`outcome-${feature.outcome}`}>
                  <td>
                    {feature.index + 1}. {feature.fields?.name ?? feature.source}
                  </td>
                  <td>{text.outcome[feature.outcome]}</td>
                  <td className="small">
                    {feature.areaHectares !== undefined
                      ? `${formatHectares(messages.locale, feature.areaHectares)} ${messages.units.hectares}`
                      : ""}
                    {feature.message ? ` ${feature.message}` : ""}
                    {feature.changes.length > 0 ? ` ${feature.changes.join("; ")}` : ""}
                    {feature.problems && feature.problems.length > 0 ? ` ${feature.problems.join("; ")}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{text.mapping}</h3>
          <div className="mapping">
            {MAPPING_TARGETS.map((target) => (
              <label key={target} className="control-row">
                <span>{messages.panel[target]}</span>
                <select
                  value={mapping[target] ?? ""}
                  data-testid={`mapping-${target}`}
                  onChange={(event) => setMapping({ ...mapping, [target]: event.target.value || null })}
                >
                  <option value="">{text.noField}</option>
                  {fieldNames.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <h3>{text.defaults}</h3>
          <label className="control-row">
            <span>{text.park}</span>
            <select
              value={parkId}
              data-testid="import-park"
              onChange={(event) => setParkId(event.target.value === "" ? "" : Number(event.target.value))}
            >
              <option value="">{text.noField}</option>
              {parks.map((park) => (
                <option key={park.id} value={park.id}>
                  {messages.locale === "en" ? park.nameEn : park.name}
                </option>
              ))}
            </select>
          </label>
          <label className="control-row">
            <span>{text.level}</span>
            <select
              value={level}
              data-testid="import-level"
              onChange={(event) => setLevel(event.target.value as "" | "national" | "municipal")}
            >
              <option value="">{text.noField}</option>
              <option value="municipal">{messages.level.municipal}</option>
              <option value="national">{messages.level.national}</option>
            </select>
          </label>
          <label className="control-row">
            <span>{text.namePrefix}</span>
            <input
              type="text"
              value={namePrefix}
              maxLength={100}
              onChange={(event) => setNamePrefix(event.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary-button"
            data-testid="import-commit"
            disabled={committed !== null}
            onClick={commit}
          >
            {text.commit}
          </button>
          {committed !== null ? (
            <p className="success" role="status" data-testid="import-done">
              {text.committed(committed)}{" "}
              <button type="button" className="link-button" onClick={onDone}>
                {messages.review.common.close}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
