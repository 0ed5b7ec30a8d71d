import { useState } from "react";
import { pathLengthM, ringAreaFromPointsM2, ringPerimeterM } from "../geo/measure.js";
import { formatHectares, formatKm2, formatMetres } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import { useToolSketch } from "./tool-sketch.js";

/** 量算: click points on the map; the geodesic length or the ellipsoidal area (GRS80) with units. */
export function ToolMeasurePanel({ mapView }: { mapView: MapView | null }) {
  const messages = useMessages();
  const text = messages.tools.measure;
  const { locale } = messages;
  const [kind, setKind] = useState<"distance" | "area">("distance");
  const sketch = useToolSketch(mapView, kind === "area" ? "ring" : "line", true);
  const lengthM = pathLengthM(sketch.points);
  const areaM2 = ringAreaFromPointsM2(sketch.points);
  return (
    <div data-testid="measure-panel">
      <div className="tool-segmented" role="radiogroup">
        {(["distance", "area"] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="measure-kind"
              value={option}
              data-testid={`measure-${option}`}
              checked={kind === option}
              onChange={() => {
                setKind(option);
                sketch.clear();
              }}
            />
            {text[option]}
          </label>
        ))}
      </div>
      <p className="muted">{text.hint}</p>
      <output data-testid="measure-result" className="tool-result">
        {kind === "distance" ? (
          <span>{text.distanceResult(formatMetres(locale, lengthM), formatKm2(locale, lengthM / 1000))}</span>
        ) : (
          <>
            <span>
              {text.areaResult(formatKm2(locale, areaM2 / 1e6), formatHectares(locale, areaM2 / 1e4))}
            </span>
            <br />
            <span>{text.perimeter(formatMetres(locale, ringPerimeterM(sketch.points)))}</span>
          </>
        )}
      </output>
      <button type="button" onClick={sketch.clear} disabled={sketch.points.length === 0}>
        {text.clear}
      </button>
    </div>
  );
}
