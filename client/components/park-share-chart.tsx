import { useMessages } from "../i18n/i18n-context.js";
import { formatShare } from "./review-format.js";
import "../styles/share-chart.css";

export interface ShareBar {
  id: number;
  label: string;
  /** 0..1 */
  share: number;
}

const BAR_HEIGHT_PX = 16;
const GAP_PX = 6;
const LABEL_WIDTH_PX = 118;
const VALUE_WIDTH_PX = 48;
const WIDTH_PX = 300;
/** §4.5: the 20% line every share is compared with. */
const SHARE_THRESHOLD = 0.2;

/**
 * A small horizontal bar chart of shares of a sub-park, in plain SVG: one bar per block, the 20% threshold
 * of §4.5 as a dashed line, the highlighted block in the accent colour. Clicking a bar selects the block.
 */
export function ParkShareChart({
  bars,
  highlightId,
  onSelect,
}: {
  bars: ShareBar[];
  highlightId: number | null;
  onSelect?(id: number): void;
}) {
  const messages = useMessages();
  const plotWidth = WIDTH_PX - LABEL_WIDTH_PX - VALUE_WIDTH_PX;
  const scale = Math.max(SHARE_THRESHOLD * 1.25, ...bars.map((bar) => bar.share));
  const height = bars.length * (BAR_HEIGHT_PX + GAP_PX) + 18;
  const thresholdX = LABEL_WIDTH_PX + (SHARE_THRESHOLD / scale) * plotWidth;
  return (
    <svg
      className="share-chart"
      width={WIDTH_PX}
      height={height}
      viewBox={`0 0 ${WIDTH_PX} ${height}`}
      role="img"
      aria-label={messages.review.share.chart}
      data-testid="share-chart"
    >
      {bars.map((bar, index) => {
        const y = index * (BAR_HEIGHT_PX + GAP_PX);
        const width = Math.max(1, (bar.share / scale) * plotWidth);
        const highlighted = bar.id === highlightId;
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes focus and Enter
          <g
            key={bar.id}
            role="button"
            tabIndex={0}
            className="share-bar"
            data-testid={`share-bar-${bar.id}`}
            onClick={() => onSelect?.(bar.id)}
            onKeyDown={(event) => event.key === "Enter" && onSelect?.(bar.id)}
          >
            <title>{`${bar.label}: ${formatShare(messages.locale, bar.share)}`}</title>
            <text x={LABEL_WIDTH_PX - 6} y={y + BAR_HEIGHT_PX - 4} textAnchor="end" className="share-label">
              {bar.label.length > 9 ? `${bar.label.slice(0, 9)}…` : bar.label}
            </text>
            <rect
              x={LABEL_WIDTH_PX}
              y={y}
              width={width}
              height={BAR_HEIGHT_PX}
              className={highlighted ? "share-rect highlighted" : "share-rect"}
            />
            <text x={LABEL_WIDTH_PX + width + 4} y={y + BAR_HEIGHT_PX - 4} className="share-value">
              {formatShare(messages.locale, bar.share)}
            </text>
          </g>
        );
      })}
      <line
        x1={thresholdX}
        x2={thresholdX}
        y1={0}
        y2={height - 14}
        className="share-threshold"
        strokeDasharray="4 3"
      />
      <text x={thresholdX} y={height - 2} textAnchor="middle" className="share-threshold-label">
        20%
      </text>
    </svg>
  );
}
