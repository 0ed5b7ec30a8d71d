import { useEffect, useMemo, useState } from "react";
import type { BlockVersion } from "../api/blocks.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { DrawController } from "../map/draw-controller.js";
import type { CompareCollection } from "../map/draw-marker-layers.js";
import { outlineOf } from "./draw-save.js";
import { useReview } from "./review-context.js";
import "../styles/history-compare.css";

/** 历史 — tick two versions of a block to draw both outlines on the map (older dashed orange, newer blue). */
export function DrawHistoryCompare({ versions }: { versions: BlockVersion[] }) {
  const messages = useMessages();
  const text = messages.draw.history;
  const { mapView } = useReview();
  const [picked, setPicked] = useState<number[]>([]);
  const chosen = useMemo(
    () =>
      versions.filter((version) => picked.includes(version.version)).sort((a, b) => a.version - b.version),
    [versions, picked],
  );

  useEffect(() => {
    if (!mapView || chosen.length !== 2) return;
    const [older, newer] = chosen;
    const outlines: CompareCollection = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", geometry: outlineOf(older.geometry), properties: { variant: "older" } },
        { type: "Feature", geometry: outlineOf(newer.geometry), properties: { variant: "newer" } },
      ],
    };
    // The outlines are drawn by the drawing controller, loaded on first use.
    let drawing: DrawController | null = null;
    let cancelled = false;
    void mapView.drawing().then((loaded) => {
      if (cancelled) return;
      drawing = loaded;
      loaded.setCompareOutlines(outlines);
    });
    const box = boundingBoxOf([
      { type: "Feature", geometry: older.geometry, properties: {} },
      { type: "Feature", geometry: newer.geometry, properties: {} },
    ]);
    if (box) mapView.fitBounds(box);
    return () => {
      cancelled = true;
      drawing?.setCompareOutlines(null);
    };
  }, [mapView, chosen]);

  if (versions.length < 2) return null;
  const toggle = (version: number) =>
    setPicked((current) =>
      current.includes(version)
        ? current.filter((value) => value !== version)
        : [...current, version].slice(-2),
    );
  return (
    <section className="history-compare" data-testid="history-compare">
      <h3>{text.compare}</h3>
      <p className="muted">{text.pick}</p>
      <div className="history-compare-picks">
        {[...versions]
          .sort((a, b) => b.version - a.version)
          .map((version) => (
            <label key={version.version}>
              <input
                type="checkbox"
                data-testid={`history-pick-${version.version}`}
                checked={picked.includes(version.version)}
                onChange={() => toggle(version.version)}
              />
              {messages.panel.versionLabel(version.version)}
            </label>
          ))}
      </div>
      {chosen.length === 2 ? (
        <>
          <ul className="history-compare-legend">
            <li className="older">{text.older(chosen[0].version)}</li>
            <li className="newer">{text.newer(chosen[1].version)}</li>
          </ul>
          <button type="button" className="secondary-button" onClick={() => setPicked([])}>
            {text.clear}
          </button>
        </>
      ) : null}
    </section>
  );
}
