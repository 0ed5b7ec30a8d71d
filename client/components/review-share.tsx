import { ENDED_STATUSES } from "../../server/domain/block.js";
import type { BlockFeature } from "../api/blocks.js";
import { fetchExitDecision } from "../api/exit.js";
import { fetchParkShares, type Park } from "../api/parks.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { ParkShareChart } from "./park-share-chart.js";
import { useApi, useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";

/**
 * 所属分园占比: the block's share of its sub-park (s of §4.5, from the exit decision the server computed on
 * the stored areas), the denominator and its basis, and the sub-park's blocks as a small bar chart.
 */
export function ReviewShare({
  block,
  park,
  onOpenPark,
}: {
  block: BlockFeature;
  park: Park | undefined;
  onOpenPark?(parkId: number): void;
}) {
  if (ENDED_STATUSES.includes(block.properties.status)) {
    return <EndedShare />;
  }
  return <LiveShare block={block} park={park} onOpenPark={onOpenPark} />;
}

/** An exited or withdrawn block no longer counts in its sub-park's area. */
function EndedShare() {
  return <p className="muted">{useMessages().review.exit.ended}</p>;
}

function LiveShare({
  block,
  park,
  onOpenPark,
}: {
  block: BlockFeature;
  park: Park | undefined;
  onOpenPark?(parkId: number): void;
}) {
  const messages = useMessages();
  const text = messages.review.share;
  const { locale } = messages;
  const { selectBlock } = useReview();
  const { id, version, parkId } = block.properties;
  const decision = useApi((signal) => fetchExitDecision(id, signal), [id, version]);
  const shares = useApi((signal) => fetchParkShares(parkId, signal), [parkId, version]);

  if (decision.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (decision.status === "failed") {
    return (
      <p className="muted">
        {decision.problem.code === "block-ended"
          ? messages.review.exit.ended
          : messages.review.common.failed(decision.problem.message)}
      </p>
    );
  }
  const value = decision.value;
  const parkName = park ? (locale === "en" ? park.nameEn : park.name) : block.properties.parkName;
  const bars =
    shares.status === "ready"
      ? [...shares.value.blocks]
          .sort((a, b) => b.shareOfPark - a.shareOfPark)
          .map((entry) => ({
            id: entry.id,
            label: entry.name.replace(/（示意）$/, ""),
            share: entry.shareOfPark,
          }))
      : [{ id, label: block.properties.name.replace(/（示意）$/, ""), share: value.shareOfPark }];
  return (
    <div className="review" data-testid="review-share">
      <dl className="attributes">
        <dt>{text.share}</dt>
        <dd data-testid="share-of-park">
          <span className="number big">{formatShare(locale, value.shareOfPark)}</span>
        </dd>
        <dt>{text.parkArea}</dt>
        <dd data-testid="park-area">
          {parkName}: <span className="number">{formatKm2(locale, value.parkAreaKm2)}</span>{" "}
          {messages.units.km2}
        </dd>
        <dt>{text.basis}</dt>
        <dd data-testid="share-basis">
          {text.basisNames[value.settings.parkAreaBasis] ?? value.settings.parkAreaBasis}
        </dd>
      </dl>
      {value.countedInParkArea ? null : <p className="muted small">{text.notCounted}</p>}
      <h3>{text.chart}</h3>
      <ParkShareChart bars={bars} highlightId={id} onSelect={(blockId) => selectBlock(blockId, true)} />
      <p className="muted small">{text.threshold}</p>
      {onOpenPark ? (
        <button type="button" className="secondary-button" onClick={() => onOpenPark(parkId)}>
          {text.openPark}
        </button>
      ) : null}
    </div>
  );
}
