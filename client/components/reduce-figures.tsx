import type { ReductionPreview } from "../api/reductions.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_COLORS } from "../map/overlay-layers.js";
import { formatShare } from "./review-format.js";

/** The preview's figures: keep ratio, target and achieved area, the solver's error, parts. */
export function PreviewFigures({ preview }: { preview: ReductionPreview }) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { locale } = messages;
  const figures = preview.properties;
  return (
    <dl className="attributes figures" data-testid="preview-figures">
      <dt>{text.keepRatio}</dt>
      <dd data-testid="preview-keep-ratio">{formatShare(locale, figures.keepRatio)}</dd>
      <dt>{text.target}</dt>
      <dd data-testid="preview-target">
        <span className="number">{formatKm2(locale, figures.targetAreaKm2)}</span> {messages.units.km2}
      </dd>
      <dt>{text.achieved}</dt>
      <dd data-testid="preview-area">
        <span className="number">{formatKm2(locale, figures.areaKm2)}</span> {messages.units.km2}
      </dd>
      <dt>{text.error}</dt>
      <dd data-testid="preview-error">{formatErrorPercent(figures.errorRatio)}</dd>
      <dt>{text.parts}</dt>
      <dd>{figures.parts}</dd>
    </dl>
  );
}

/** (achieved − target) ÷ target as a percent with two significant digits (the solver's error is ~1e-7). */
function formatErrorPercent(errorRatio: number): string {
  return `${errorRatio === 0 ? "0" : (errorRatio * 100).toPrecision(2)}%`;
}

export function Legend() {
  const text = useMessages().review.exit;
  return (
    <ul className="legend small">
      <li>
        <span className="swatch" style={{ border: `2px dashed ${OVERLAY_COLORS.original}` }} />{" "}
        {text.legendOriginal}
      </li>
      <li>
        <span className="swatch" style={{ background: OVERLAY_COLORS.kept, opacity: 0.7 }} />{" "}
        {text.legendKept}
      </li>
      <li>
        <span className="swatch removed-swatch" /> {text.legendRemoved}
      </li>
    </ul>
  );
}
