import type { FeatureCollection } from "geojson";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { checkSite, type SiteCheck } from "../api/analysis.js";
import type { ApiProblem } from "../api/request.js";
import { formatDegrees } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_ROLES } from "../map/overlay-layers.js";
import { CoordinateFields, useCoordinateEntry } from "./coordinate-fields.js";
import { parkNameIn } from "./park-name.js";
import { useOverlay, useReview } from "./review-context.js";
import { SiteParcel } from "./site-parcel.js";
import { SitePolicies } from "./site-policies.js";
import "../styles/draw.css";

/**
 * 项目落地核查: a point or a parcel (site-parcel.tsx). For a point, a click on the map asks the server which zones and blocks contain
 * the point and which policies apply there, and says it in the words of the texts (the server's statements:
 * 《管理办法》第四部分 政策支持, the 2022 industry catalogue, recognition is not a project approval).
 */
export function SiteCheckPanel() {
  const messages = useMessages();
  const text = messages.review.site;
  const [mode, setMode] = useState<"point" | "parcel">("point");
  return (
    <div className="review" data-testid="site-check">
      <div className="tool-segmented" role="radiogroup">
        {(["point", "parcel"] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="site-mode"
              value={option}
              data-testid={`site-mode-${option}`}
              checked={mode === option}
              onChange={() => setMode(option)}
            />
            {text.modes[option]}
          </label>
        ))}
      </div>
      {mode === "point" ? <SitePoint /> : <SiteParcel />}
    </div>
  );
}

/** A point clicked on the map or typed: what contains it. */
function SitePoint() {
  const messages = useMessages();
  const text = messages.review.site;
  const { locale } = messages;
  const { point, result, problem, check } = useSiteCheck();
  return (
    <>
      <p className="muted">{text.hint}</p>
      <SiteCoordinates onPoint={check} />
      {point ? (
        <p data-testid="site-point">
          {text.point}: {formatDegrees(locale, point[0])}°E, {formatDegrees(locale, point[1])}°N
        </p>
      ) : null}
      {problem ? <p className="error">{problem.message}</p> : null}
      {result ? <SiteResult result={result} /> : null}
    </>
  );
}

/** The clicked point (shown on the map) and the server's answer for it; only the latest click's answer counts. */
function useSiteCheck() {
  const { mapView } = useReview();
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [result, setResult] = useState<SiteCheck | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const latest = useRef(0);

  const check = useCallback(async (lngLat: [number, number]) => {
    const ask = ++latest.current;
    setPoint(lngLat);
    setProblem(null);
    const answer = await checkSite(lngLat);
    if (ask !== latest.current) return;
    if (answer.ok) setResult(answer.value);
    else {
      setResult(null);
      setProblem(answer.problem);
    }
  }, []);

  useEffect(() => {
    if (!mapView) return;
    return mapView.onMapClick((lngLat) => void check(lngLat));
  }, [mapView, check]);

  const overlay = useMemo(
    (): FeatureCollection | null =>
      point
        ? {
            type: "FeatureCollection",
            features: [
              {
                type: "Feature",
                properties: { role: OVERLAY_ROLES.site },
                geometry: { type: "Point", coordinates: point },
              },
            ],
          }
        : null,
    [point],
  );
  useOverlay("site-check", overlay);
  return { point, result, problem, check };
}

/**
 * Typed coordinates instead of a click (issue #18 item 10): lon/lat or GK zone-39 X/Y, read as in the drawing
 * panel's coordinate entry (client/geo/coordinate-entry.ts); a wrong number is named by its field.
 */
function SiteCoordinates({ onPoint }: { onPoint(lngLat: [number, number]): void }) {
  const messages = useMessages();
  const entry = useCoordinateEntry();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const lngLat = entry.read();
    if (lngLat) onPoint(lngLat);
  };
  return (
    <form className="draw-coordinates" data-testid="site-coordinates" onSubmit={onSubmit} noValidate>
      <CoordinateFields entry={entry} testIdPrefix="site-coord" />
      <div className="draw-coordinates-actions">
        <button type="submit" data-testid="site-coord-check">
          {messages.review.site.checkTyped}
        </button>
      </div>
      {entry.problem ? (
        <p className="error" role="alert" data-testid="site-coord-problem">
          {entry.problem}
        </p>
      ) : null}
    </form>
  );
}

/** The zones and blocks containing the point, and the policy statements that apply there. */
function SiteResult({ result }: { result: SiteCheck }) {
  const messages = useMessages();
  const text = messages.review.site;
  const { locale } = messages;
  const zoneName = (zone: { name: string; nameEn: string }) => (locale === "en" ? zone.nameEn : zone.name);
  const zgc = result.policies.includes("zgc-national-policies");
  return (
    <div data-testid="site-result">
      <h3>{text.zones}</h3>
      {zgc ? (
        // 中关村示范区 is the union of the in-force national blocks (DOMAIN.md), not a row of the zones table:
        // the server says so through its policy key; it is listed first among the containing zones.
        <p data-testid="site-zgc">{text.zgcZone}</p>
      ) : null}
      {result.zones.length === 0 && !zgc ? (
        <p className="muted">{text.none}</p>
      ) : (
        <ul className="plain-list" data-testid="site-zones">
          {result.zones.map((zone) => (
            <li key={zone.id}>
              <span className="muted small">
                {messages.review.overlaps.layerNames[zone.kind] ?? zone.kind}
              </span>{" "}
              {zoneName(zone)}
            </li>
          ))}
        </ul>
      )}
      <h3>{text.blocks}</h3>
      <SiteBlocks blocks={result.blocks} />
      <h3>{text.policies}</h3>
      <SitePolicies result={result} />
    </div>
  );
}

/** The blocks containing the point; a name selects the block. */
function SiteBlocks({ blocks }: { blocks: SiteCheck["blocks"] }) {
  const messages = useMessages();
  const { selectBlock, parks } = useReview();
  if (blocks.length === 0) return <p className="muted">{messages.review.site.none}</p>;
  return (
    <ul className="plain-list" data-testid="site-blocks">
      {blocks.map((block) => (
        <li key={block.id}>
          <button type="button" className="link-button" onClick={() => selectBlock(block.id, false)}>
            {block.name}
          </button>{" "}
          <span className="muted small">
            {parkNameIn(messages.locale, parks, block.parkName)} ·{" "}
            {messages.level[block.level as "national"] ?? block.level} ·{" "}
            {messages.status[block.status as "recognized"] ?? block.status}
          </span>
        </li>
      ))}
    </ul>
  );
}
