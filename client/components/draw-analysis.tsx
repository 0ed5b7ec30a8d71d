import type { MultiPolygon, Polygon } from "geojson";
import type { BlockAnalysis } from "../api/analysis.js";
import { formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { BlockOverlapWarning, DrawOverlapHatching } from "./block-overlap-warning.js";
import type { AnalysisState } from "./draw-live-analysis.js";

/** Percent with one decimal (UX.md); shares are 0..1. */
function formatPercent(locale: string, share: number): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    share * 100,
  );
}

/** The overlap hint while drawing, and the server's authoritative analysis once the ring is finished. */
export function DrawAnalysis({
  analysis,
  geometry = null,
}: {
  analysis: AnalysisState;
  geometry?: Polygon | MultiPolygon | null;
}) {
  const messages = useMessages();
  const text = messages.draw.analysis;
  switch (analysis.status) {
    case "none":
      return null;
    case "failed":
      return <p className="error">{text.failed(analysis.problem.message)}</p>;
    case "loading":
      return (
        <section className="draw-analysis">
          <h3>{analysis.authoritative ? text.authoritative : text.hint}</h3>
          <p className="muted">{text.loading}</p>
        </section>
      );
    case "ready":
      return (
        <>
          <BlockOverlapWarning overlaps={analysis.result.blockOverlaps} testId="draw-block-overlaps" />
          <DrawOverlapHatching geometry={geometry} overlaps={analysis.result.blockOverlaps} />
          <AnalysisTable result={analysis.result} authoritative={analysis.authoritative} />
        </>
      );
  }
}

function AnalysisTable({ result, authoritative }: { result: BlockAnalysis; authoritative: boolean }) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.draw.analysis;
  const layerName = (layer: string) =>
    layer === "block" ? text.block : ((messages.layers as Record<string, string>)[layer] ?? layer);
  return (
    <section
      className={authoritative ? "draw-analysis authoritative" : "draw-analysis"}
      data-testid={authoritative ? "draw-analysis" : "draw-analysis-hint"}
    >
      <h3>{authoritative ? text.authoritative : text.hint}</h3>
      {authoritative ? (
        <dl className="attributes">
          <dt>{text.serverArea}</dt>
          <dd data-testid="draw-server-area">
            <span className="number">{formatKm2(locale, result.areaKm2)}</span> {messages.units.km2} ·{" "}
            <span className="number">{formatHectares(locale, result.areaHectares)}</span>{" "}
            {messages.units.hectares}
          </dd>
          <dt>{text.planarArea(result.planarCrs)}</dt>
          <dd>
            <span className="number">{formatKm2(locale, result.planarAreaKm2)}</span> {messages.units.km2}
          </dd>
          <dt>{text.zgcInside}</dt>
          <dd>
            <span className="number">{formatKm2(locale, result.zgc.insideKm2)}</span> {messages.units.km2} (
            {formatPercent(locale, result.zgc.shareInside)}%)
          </dd>
          <dt>{text.zgcOutside}</dt>
          <dd>
            <span className="number">{formatKm2(locale, result.zgc.outsideKm2)}</span> {messages.units.km2}
          </dd>
        </dl>
      ) : null}
      {result.flags.length > 0 ? (
        <ul className="draw-flags">
          {result.flags.map((flag) => (
            <li key={`${flag.flag}-${flag.id}`} className="warning">
              {flag.flag === "overlaps-etdz" ? text.flagEtdz(flag.name) : text.flagNational(flag.name)}
            </li>
          ))}
        </ul>
      ) : null}
      {result.overlaps.length === 0 ? (
        <p className="muted">{text.none}</p>
      ) : (
        <table className="overlap-table" data-testid="draw-overlap-table">
          <thead>
            <tr>
              <th>{text.layer}</th>
              <th>{text.target}</th>
              <th className="number">{text.overlap}</th>
              <th className="number">{text.shareOfBlock}</th>
              <th className="number">{text.shareOfTarget}</th>
            </tr>
          </thead>
          <tbody>
            {result.overlaps.map((row) => (
              <tr key={`${row.layer}-${row.id}`}>
                <td>{layerName(row.layer)}</td>
                <td>{locale === "en" ? row.nameEn || row.name : row.name}</td>
                <td className="number">{formatKm2(locale, row.overlapKm2)}</td>
                <td className="number">{formatPercent(locale, row.shareOfGeometry)}%</td>
                <td className="number">{formatPercent(locale, row.shareOfTarget)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
