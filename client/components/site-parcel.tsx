import { useState } from "react";
import { checkParcel, type ParcelCheck } from "../api/analysis.js";
import type { ApiProblem } from "../api/request.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";
import { SitePolicies } from "./site-policies.js";
import { useToolSketch } from "./tool-sketch.js";

/** The kinds of area a parcel's shares are given for, in the order they are listed. */
const SHARE_KEYS = [
  "zgc",
  "etdz",
  "municipalDevelopmentZone",
  "districtDevelopmentZone",
  "recognizedMunicipalBlock",
  "candidateMunicipalBlock",
  "ecoArea",
] as const;

/**
 * 项目落地核查 of a parcel (issue #18 item 10): the project's land drawn by clicking its corners on the map
 * (Backspace removes the last, Esc starts again), then checked as a polygon: its area, the share of it inside
 * each kind of area, the zones and blocks it overlaps, and the policies — the server's answer, as for a point.
 */
export function SiteParcel() {
  const messages = useMessages();
  const text = messages.review.site;
  const { mapView } = useReview();
  const sketch = useToolSketch(mapView, "ring", true);
  const [result, setResult] = useState<ParcelCheck | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [asking, setAsking] = useState(false);

  const check = async () => {
    setAsking(true);
    setProblem(null);
    const answer = await checkParcel(sketch.points.map(([lng, lat]) => [lng, lat] as [number, number]));
    setAsking(false);
    if (answer.ok) setResult(answer.value);
    else {
      setResult(null);
      setProblem(answer.problem);
    }
  };
  const clear = () => {
    sketch.clear();
    setResult(null);
    setProblem(null);
  };

  return (
    <div data-testid="site-parcel">
      <p className="muted">{text.parcelHint}</p>
      <p className="small" data-testid="site-parcel-points">
        {text.parcelPoints(sketch.points.length)}
      </p>
      <div className="draw-coordinates-actions">
        <button
          type="button"
          data-testid="site-parcel-check"
          disabled={sketch.points.length < 3 || asking}
          onClick={() => void check()}
        >
          {text.checkParcel}
        </button>
        <button type="button" onClick={clear} disabled={sketch.points.length === 0}>
          {text.clearParcel}
        </button>
      </div>
      {problem ? (
        <p className="error" role="alert" data-testid="site-parcel-problem">
          {problem.message}
        </p>
      ) : null}
      {result ? <ParcelResult result={result} /> : null}
    </div>
  );
}

function ParcelResult({ result }: { result: ParcelCheck }) {
  const messages = useMessages();
  const text = messages.review.site;
  const { locale } = messages;
  const layerNames = messages.review.overlaps.layerNames;
  const overlaps = result.analysis.overlaps;
  return (
    <div data-testid="site-parcel-result">
      <p data-testid="site-parcel-area">{text.parcelArea(formatKm2(locale, result.analysis.areaKm2))}</p>
      <h3>{text.parcelShares}</h3>
      <table className="data-table">
        <tbody>
          {SHARE_KEYS.map((key) => (
            <tr key={key} data-testid={`site-parcel-share-${key}`} data-share={result.shares[key] ?? 0}>
              <th scope="row">{text.shareNames[key]}</th>
              <td className="numeric">{formatShare(locale, result.shares[key] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{text.parcelOverlaps}</h3>
      {overlaps.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <ul className="plain-list" data-testid="site-parcel-overlaps">
          {overlaps.map((entry) => (
            <li key={`${entry.layer}-${entry.id}`}>
              <span className="muted small">{layerNames[entry.layer] ?? entry.layer}</span>{" "}
              {locale === "en" ? entry.nameEn : entry.name} · {formatShare(locale, entry.shareOfGeometry)}
            </li>
          ))}
        </ul>
      )}
      <h3>{text.policies}</h3>
      <SitePolicies result={result} />
    </div>
  );
}
