import { useMemo, useState } from "react";
import { type BlockAnalysis, fetchBlockAnalysis } from "../api/analysis.js";
import type { BlockFeature } from "../api/blocks.js";
import type { LayerId } from "../api/layers.js";
import { formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { overlapOverlay } from "../map/overlay-features.js";
import { BlockOverlapWarning } from "./block-overlap-warning.js";
import { useApi, useOverlay, useReview } from "./review-context.js";
import { formatFixed, formatShare } from "./review-format.js";
import { useBlockGeometries } from "./use-block-geometries.js";
import "../styles/overlaps.css";

/** Layers whose overlap is a containment fact, not worth hatching on the map (the block lies in its district). */
const NOT_DRAWN = new Set(["district"]);

/** 叠加分析: areas, the overlap table, inside/outside Zhongguancun, flags and pre-checks — the server's numbers. */
export function ReviewOverlaps({ block }: { block: BlockFeature }) {
  const messages = useMessages();
  const blockId = block.properties.id;
  const analysis = useApi(
    (signal) => fetchBlockAnalysis(blockId, signal),
    [blockId, block.properties.version],
  );
  if (analysis.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (analysis.status === "failed")
    return <p className="error">{messages.review.common.failed(analysis.problem.message)}</p>;
  return <OverlapReport block={block} analysis={analysis.value} />;
}

function OverlapReport({ block, analysis }: { block: BlockFeature; analysis: BlockAnalysis }) {
  const { layerData } = useReview();
  const [emphasis, setEmphasis] = useState<string | null>(null);
  const blockIds = useMemo(
    () => analysis.overlaps.filter((row) => row.layer === "block").map((row) => row.id),
    [analysis],
  );
  const blocks = useBlockGeometries(blockIds);

  const overlay = useMemo(() => {
    const shapes = analysis.overlaps
      .filter((row) => !NOT_DRAWN.has(row.layer))
      .map((row) => {
        const target =
          row.layer === "block"
            ? blocks.get(row.id)
            : layerData[row.layer as LayerId]?.features.find((feature) => feature.properties?.id === row.id);
        return { key: `${row.layer}:${row.id}`, block: block.geometry, target: target?.geometry };
      });
    return overlapOverlay(shapes, emphasis);
  }, [analysis, blocks, layerData, block.geometry, emphasis]);
  useOverlay("overlaps", overlay);

  return (
    <div className="review" data-testid="review-overlaps">
      <AnalysisAreas analysis={analysis} />
      <BlockOverlapWarning overlaps={analysis.blockOverlaps} testId="review-block-overlaps" />
      <OverlapTable analysis={analysis} emphasis={emphasis} onEmphasis={setEmphasis} />
      <ZgcSplit analysis={analysis} />
      <OverlapFlags analysis={analysis} />
      <Prechecks analysis={analysis} />
    </div>
  );
}

/** The areas: ellipsoidal (stored), in the Gauss-Krüger plane beside it, perimeter and parts. */
function AnalysisAreas({ analysis }: { analysis: BlockAnalysis }) {
  const messages = useMessages();
  const text = messages.review.overlaps;
  const { locale } = messages;
  return (
    <>
      <h3>{text.areas}</h3>
      <dl className="attributes">
        <dt>{text.ellipsoidal}</dt>
        <dd data-testid="analysis-area">
          <span className="number">{formatKm2(locale, analysis.areaKm2)}</span> {messages.units.km2} ·{" "}
          <span className="number">{formatHectares(locale, analysis.areaHectares)}</span>{" "}
          {messages.units.hectares}
        </dd>
        <dt>{text.plane(analysis.planarCrs, analysis.gkZone)}</dt>
        <dd>
          <span className="number">{formatKm2(locale, analysis.planarAreaKm2)}</span> {messages.units.km2}
        </dd>
        <dt>{text.perimeter}</dt>
        <dd>
          <span className="number">{formatFixed(locale, analysis.perimeterKm, 3)}</span> km
        </dd>
        <dt>{text.parts}</dt>
        <dd>{analysis.parts}</dd>
      </dl>
    </>
  );
}

/** Each zone and block the block overlaps; hovering a row emphasises its overlap on the map. */
function OverlapTable({
  analysis,
  emphasis,
  onEmphasis,
}: {
  analysis: BlockAnalysis;
  emphasis: string | null;
  onEmphasis: (key: string | null) => void;
}) {
  const messages = useMessages();
  const text = messages.review.overlaps;
  const { locale } = messages;
  const name = (row: { name: string; nameEn: string }) => (locale === "en" ? row.nameEn : row.name);
  return (
    <>
      <h3>{text.table}</h3>
      {analysis.overlaps.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <table className="data-table" data-testid="overlap-table">
          <thead>
            <tr>
              <th>{text.target}</th>
              <th className="numeric">{text.overlapKm2}</th>
              <th className="numeric">{text.shareOfBlock}</th>
              <th className="numeric">{text.shareOfTarget}</th>
            </tr>
          </thead>
          <tbody>
            {analysis.overlaps.map((row) => {
              const key = `${row.layer}:${row.id}`;
              return (
                <tr
                  key={key}
                  data-testid={`overlap-row-${row.layer}-${row.id}`}
                  className={emphasis === key ? "selected" : undefined}
                  onMouseEnter={() => onEmphasis(key)}
                  onMouseLeave={() => onEmphasis(null)}
                >
                  <td>
                    <span className="muted small">{text.layerNames[row.layer] ?? row.layer}</span>
                    <br />
                    {name(row)}
                    {row.status ? (
                      <span className="muted small">
                        {" "}
                        ({messages.level[row.level as "national"] ?? row.level} ·{" "}
                        {messages.status[row.status as "recognized"] ?? row.status})
                      </span>
                    ) : null}
                  </td>
                  <td className="numeric" data-testid="overlap-km2">
                    {formatKm2(locale, row.overlapKm2)}
                  </td>
                  <td className="numeric" data-testid="overlap-share-block">
                    {formatShare(locale, row.shareOfGeometry)}
                  </td>
                  <td className="numeric" data-testid="overlap-share-target">
                    {formatShare(locale, row.shareOfTarget)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted small">
        <span className="swatch hatch-swatch" /> {text.showOnMap}
      </p>
    </>
  );
}

/** Inside and outside the Zhongguancun demonstration zone. */
function ZgcSplit({ analysis }: { analysis: BlockAnalysis }) {
  const messages = useMessages();
  const text = messages.review.overlaps;
  const { locale } = messages;
  return (
    <>
      <h3>{text.zgc}</h3>
      <div className="split-bar" aria-hidden="true">
        <span style={{ width: `${analysis.zgc.shareInside * 100}%` }} />
      </div>
      <dl className="attributes" data-testid="zgc-split">
        <dt>{text.inside}</dt>
        <dd>
          <span className="number">{formatKm2(locale, analysis.zgc.insideKm2)}</span> {messages.units.km2} (
          {formatShare(locale, analysis.zgc.shareInside)})
        </dd>
        <dt>{text.outside}</dt>
        <dd>
          <span className="number">{formatKm2(locale, analysis.zgc.outsideKm2)}</span> {messages.units.km2} (
          {formatShare(locale, 1 - analysis.zgc.shareInside)})
        </dd>
      </dl>
      {analysis.zgc.outsideKm2 > 0 ? <p className="muted small">{text.outsideNote}</p> : null}
    </>
  );
}

/** What the overlaps flag for review (none: nothing shown). */
function OverlapFlags({ analysis }: { analysis: BlockAnalysis }) {
  const text = useMessages().review.overlaps;
  if (analysis.flags.length === 0) return null;
  return (
    <>
      <h3>{text.flags}</h3>
      <ul className="flags" data-testid="overlap-flags">
        {analysis.flags.map((flag) => (
          <li key={`${flag.flag}-${flag.id}`} className="warning">
            {text.flagText[flag.flag]?.(flag.name) ?? flag.flag}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The recognition pre-checks (they warn, never reject) and what the joint review checks by hand. */
function Prechecks({ analysis }: { analysis: BlockAnalysis }) {
  const messages = useMessages();
  const text = messages.review.overlaps;
  const { locale } = messages;
  return (
    <>
      <h3>{text.prechecks}</h3>
      <table className="data-table" data-testid="prechecks">
        <tbody>
          {analysis.prechecks.checks.map((check) => (
            <tr key={check.key}>
              <td>
                {check.key === "block-overlap"
                  ? messages.workspace.blockOverlap.checkName
                  : (text.checkNames[check.key] ?? check.key)}
              </td>
              <td className="numeric">
                {typeof check.value === "boolean"
                  ? check.value
                    ? text.yes
                    : text.no
                  : check.value === null
                    ? "—"
                    : check.key === "block-overlap"
                      ? formatShare(locale, check.value)
                      : formatFixed(locale, check.value, Number.isInteger(check.value) ? 0 : 2)}
                {check.threshold !== undefined ? (
                  <span className="muted small"> ({text.threshold(String(check.threshold))})</span>
                ) : null}
              </td>
              <td>
                <span className={`check check-${check.status}`}>{text.checkStatus[check.status]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{text.manualReview}</h3>
      <ul className="manual-review">
        {analysis.prechecks.manualReview.map((key) => (
          <li key={key}>{text.manualNames[key] ?? key}</li>
        ))}
      </ul>
    </>
  );
}
