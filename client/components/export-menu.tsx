import { useState } from "react";
import { useMessages } from "../i18n/i18n-context.js";
import { CataloguePackageDialog } from "./catalogue-package-dialog.js";
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

/** 导出 (issue 7): blocks in a format for the selection, its sub-park or all; the catalogue package as a job. */
export function ExportMenu() {
  const messages = useMessages();
  const text = messages.review.exporter;
  const { selectedBlock: selected } = useReview();
  const [format, setFormat] = useState<string>("geojson");
  const [scope, setScope] = useState<Scope>(selected ? "selection" : "all");
  const effectiveScope = !selected && scope !== "all" ? "all" : scope;
  const filter =
    effectiveScope === "selection" && selected
      ? `ids=${selected.properties.id}`
      : effectiveScope === "park" && selected
        ? `park=${selected.properties.parkId}`
        : "";
  const blocksUrl = `/api/exports/blocks?format=${format}${filter ? `&${filter}` : ""}`;
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
      <a className="primary-button" href={blocksUrl} download data-testid="export-download">
        {text.download}
      </a>
      <hr />
      <CataloguePackageDialog selected={selected} />
    </div>
  );
}
