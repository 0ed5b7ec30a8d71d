import type { MultiPolygon, Polygon } from "geojson";
import { useEffect, useMemo, useState } from "react";
import type { BlockOverlapRow } from "../../server/schemas/analysis.js";
import { type BlockFeature, fetchBlock } from "../api/blocks.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { overlapOverlay } from "../map/overlay-features.js";
import type { AnalysisState } from "./draw-live-analysis.js";
import { useOverlay } from "./review-context.js";
import { formatFixed } from "./review-format.js";

/**
 * 与已有区块重叠 — the other live blocks a shape overlaps, each with the overlap area and both shares (issue #18
 * item 3). Shown while drawing, before saving, in the review's overlaps tab and in the import report.
 */
export function BlockOverlapWarning({
  overlaps,
  testId,
}: {
  overlaps: readonly BlockOverlapRow[];
  testId: string;
}) {
  const messages = useMessages();
  const { locale } = messages;
  const text = messages.workspace.blockOverlap;
  if (overlaps.length === 0) return null;
  const percent = (share: number) => formatFixed(locale, share * 100, 1);
  return (
    <div className="block-overlap-warning warning" role="alert" data-testid={testId}>
      <strong>{text.title}</strong>
      <p>{text.lead(overlaps.length)}</p>
      <ul>
        {overlaps.map((overlap) => (
          <li key={overlap.id} data-block-id={overlap.id} data-share-of-geometry={overlap.shareOfGeometry}>
            {text.row(
              overlap.name,
              formatKm2(locale, overlap.overlapKm2),
              percent(overlap.shareOfGeometry),
              percent(overlap.shareOfOther),
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The blocks an analysis state says the drawing overlaps (none until the server has answered). */
export function overlapsOfAnalysis(analysis: AnalysisState): readonly BlockOverlapRow[] {
  return analysis.status === "ready" ? (analysis.result.blockOverlaps ?? []) : [];
}

/**
 * Saving over other blocks needs an explicit confirmation (issue #18 item 3: planners sometimes redraw a block
 * on purpose). The confirmation is forgotten whenever the overlaps change.
 */
export function useOverlapConfirmation(analysis: AnalysisState) {
  const overlaps = overlapsOfAnalysis(analysis);
  const key = overlaps.map((overlap) => `${overlap.id}:${overlap.overlapKm2}`).join(",");
  const [confirmedKey, setConfirmedKey] = useState<string | null>(null);
  const confirmed = overlaps.length === 0 || confirmedKey === key;
  return {
    overlaps,
    needed: overlaps.length > 0,
    confirmed,
    setConfirmed: (value: boolean) => setConfirmedKey(value ? key : null),
  };
}

export function OverlapConfirm({
  confirmation,
}: {
  confirmation: ReturnType<typeof useOverlapConfirmation>;
}) {
  const text = useMessages().workspace.blockOverlap;
  if (!confirmation.needed) return null;
  return (
    <label className="checkbox-row overlap-confirm">
      <input
        type="checkbox"
        data-testid="draw-overlap-confirm"
        checked={confirmation.confirmed}
        onChange={(event) => confirmation.setConfirmed(event.target.checked)}
      />
      <span>{text.confirm}</span>
    </label>
  );
}

/** Hatches, while drawing, the overlap of the drawing with each block it overlaps (the review's overlay). */
export function DrawOverlapHatching({
  geometry,
  overlaps,
}: {
  geometry: Polygon | MultiPolygon | null;
  overlaps: readonly BlockOverlapRow[];
}) {
  const ids = overlaps.map((overlap) => overlap.id).join(",");
  const [others, setOthers] = useState<BlockFeature[]>([]);
  useEffect(() => {
    if (!ids) {
      setOthers([]);
      return;
    }
    let current = true;
    void Promise.all(ids.split(",").map((id) => fetchBlock(Number(id)))).then((results) => {
      if (current) setOthers(results.flatMap((result) => (result.ok ? [result.value] : [])));
    });
    return () => {
      current = false;
    };
  }, [ids]);
  const overlay = useMemo(
    () =>
      geometry && others.length > 0
        ? overlapOverlay(
            others.map((other) => ({
              key: `block:${other.properties.id}`,
              block: geometry,
              target: other.geometry,
            })),
            null,
          )
        : null,
    [geometry, others],
  );
  useOverlay("overlaps", overlay);
  return null;
}
