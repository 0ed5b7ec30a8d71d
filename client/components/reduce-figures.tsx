import type { ReductionPreview } from "../api/reductions.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_COLORS } from "../map/overlay-layers.js";
import { formatShare } from "./review-format.js";

/**
 * The share of the block a reduction keeps, as the area says (kept ÷ original), and when the 0.5 km² floor
 * raised it above the rule's ratio, both (issue #18 item 9: "保留比例 50%" was shown when ~61% was kept).
 */
export function KeptShare({
  keptKm2,
  originalKm2,
  ruleRatio,
  testId,
}: {
  keptKm2: number;
  originalKm2: number;
  ruleRatio: number;
  testId: string;
}) {
  const messages = useMessages();
  return (
    <p className="kept-share" data-testid={testId}>
      {messages.review.exit.floorKept(
        formatShare(messages.locale, keptKm2 / originalKm2),
        formatShare(messages.locale, ruleRatio),
      )}
    </p>
  );
}

/** The preview's figures: the share really kept, target and achieved area, the solver's error, parts. */
export function PreviewFigures({ preview }: { preview: ReductionPreview }) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { locale } = messages;
  const figures = preview.properties;
  return (
    <dl className="attributes figures" data-testid="preview-figures">
      <dt>{text.keepRatio}</dt>
      <dd data-testid="preview-keep-ratio">
        <span data-testid="preview-kept-share">
          {formatShare(locale, figures.areaKm2 / figures.originalAreaKm2)}
        </span>
        {figures.floorApplied ? (
          <span className="muted small" data-testid="preview-floor">
            {" "}
            {text.floorNote(formatShare(locale, figures.keepRatio))}
          </span>
        ) : null}
      </dd>
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
