import { useEffect, useState } from "react";
import { fetchBlocksExtent } from "../api/blocks.js";
import { fetchParkShares, type ParkShares } from "../api/parks.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { ParkShareChart } from "./park-share-chart.js";
import { useApi, useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";

/** 分园视图: a sub-park's blocks with their shares of it (server's figures), as a table and a bar chart. */
export function ParkView({ initialParkId }: { initialParkId: number | null }) {
  const messages = useMessages();
  const text = messages.review.park;
  const { locale } = messages;
  const { parks } = useReview();
  const { parkId, setParkId, shares } = useParkShares(initialParkId);
  return (
    <div className="review" data-testid="park-view">
      <label className="control-row">
        <span>{text.choose}</span>
        <select
          value={parkId ?? ""}
          data-testid="park-select"
          onChange={(event) => setParkId(Number(event.target.value))}
        >
          {parks.map((park) => (
            <option key={park.id} value={park.id}>
              {locale === "en" ? park.nameEn : park.name}
            </option>
          ))}
        </select>
      </label>
      {shares.status === "loading" ? (
        <p className="muted">{messages.review.common.loading}</p>
      ) : shares.status === "failed" ? (
        <p className="muted">
          {shares.problem.status === 404 ? messages.review.common.unavailable : shares.problem.message}
        </p>
      ) : (
        <ParkSharesView shares={shares.value} />
      )}
    </div>
  );
}

/** The chosen sub-park (the map zooms to its blocks) and its blocks' shares from the server. */
function useParkShares(initialParkId: number | null) {
  const text = useMessages().review.park;
  const { parks, mapView } = useReview();
  const [parkId, setParkId] = useState<number | null>(initialParkId ?? parks[0]?.id ?? null);
  useEffect(() => {
    if (initialParkId !== null) setParkId(initialParkId);
  }, [initialParkId]);
  // The map shows the chosen sub-park's blocks.
  useEffect(() => {
    if (parkId === null) return;
    void fetchBlocksExtent({ park: parkId }).then((box) => {
      if (box.ok && box.value) mapView?.fitBounds(box.value, 14);
    });
  }, [parkId, mapView]);
  const shares = useApi(
    (signal) =>
      parkId === null
        ? Promise.resolve({ ok: false as const, problem: { code: "no-park", message: text.choose } })
        : fetchParkShares(parkId, signal),
    [parkId],
  );
  return { parkId, setParkId, shares };
}

/** The sub-park's area, the basis of the shares, the bar chart and the table of its blocks. */
function ParkSharesView({ shares }: { shares: ParkShares }) {
  const messages = useMessages();
  const text = messages.review.park;
  const { locale } = messages;
  const { selectedBlockId, selectBlock } = useReview();
  return (
    <>
      <p data-testid="park-total">
        {text.total(formatKm2(locale, shares.parkAreaKm2), shares.blocks.length)}
      </p>
      <p className="muted small">
        {messages.review.share.basis}: {messages.review.share.basisNames[shares.basis] ?? shares.basis}
      </p>
      <ParkShareChart
        bars={[...shares.blocks]
          .sort((a, b) => b.shareOfPark - a.shareOfPark)
          .map((block) => ({
            id: block.id,
            label: block.name.replace(/（示意）$/, ""),
            share: block.shareOfPark,
          }))}
        highlightId={selectedBlockId}
        onSelect={(id) => selectBlock(id, true)}
      />
      <table className="data-table">
        <thead>
          <tr>
            <th>{text.blocks}</th>
            <th className="numeric">{text.area}</th>
            <th className="numeric">{text.share}</th>
          </tr>
        </thead>
        <tbody>
          {shares.blocks.map((block) => (
            <tr
              key={block.id}
              className={block.id === selectedBlockId ? "selected clickable" : "clickable"}
              onClick={() => selectBlock(block.id, true)}
            >
              <td>
                {block.name}
                <br />
                <span className="muted small">
                  {messages.level[block.level as "national"] ?? block.level} ·{" "}
                  {messages.status[block.status as "recognized"] ?? block.status}
                </span>
              </td>
              <td className="numeric">{formatKm2(locale, block.areaKm2)}</td>
              <td className="numeric">{formatShare(locale, block.shareOfPark)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
