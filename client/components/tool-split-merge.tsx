import { useState } from "react";
import { mergeBlocks, splitBlock } from "../api/block-tools.js";
import { type BlockFeature, fetchBlock } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import { useReview } from "./review-context.js";
import { problemText } from "./tool-problem.js";
import { useToolSketch } from "./tool-sketch.js";

interface ToolBlockProps {
  mapView: MapView | null;
  block: BlockFeature;
}

type Outcome = { ok: boolean; text: string } | null;

/** 分割: draw a line across the selected block, then split it on the server (one new version each). */
export function ToolSplitPanel({ mapView, block }: ToolBlockProps) {
  const messages = useMessages();
  const text = messages.tools.split;
  const { reload } = useReview();
  const sketch = useToolSketch(mapView, "line", true);
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function split() {
    const line = { type: "LineString" as const, coordinates: sketch.points };
    const result = await splitBlock(block.properties.id, block.properties.version, line);
    if (result.ok) {
      setOutcome({ ok: true, text: text.done(result.value.newBlocks.length) });
      sketch.clear();
      reload();
    } else setOutcome({ ok: false, text: problemText(messages, result.problem) });
  }
  return (
    <div data-testid="split-panel">
      <p className="muted">{text.hint}</p>
      {sketch.points.length >= 2 ? <p>{text.confirm(block.properties.name)}</p> : null}
      <button
        type="button"
        data-testid="split-confirm"
        disabled={sketch.points.length < 2}
        onClick={() => void split()}
      >
        {text.button}
      </button>{" "}
      <button type="button" className="link-button" onClick={sketch.clear}>
        {messages.tools.measure.clear}
      </button>
      {outcome ? (
        <p className={outcome.ok ? "ok" : "error"} data-testid="tool-outcome">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}

/** 合并: click the block to merge into the selected one, confirm, and the server merges them. */
export function ToolMergePanel({ mapView, block }: ToolBlockProps) {
  const messages = useMessages();
  const text = messages.tools.merge;
  const { reload } = useReview();
  const [other, setOther] = useState<BlockFeature | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const sketch = useToolSketch(mapView, "line", false, (lngLat) => {
    const id = sketch.blockIdAt(lngLat);
    if (id === null || id === block.properties.id) return;
    void fetchBlock(id).then((result) => result.ok && setOther(result.value));
  });
  async function merge() {
    if (!other) return;
    const result = await mergeBlocks(
      { id: block.properties.id, version: block.properties.version },
      { id: other.properties.id, version: other.properties.version },
    );
    if (result.ok) {
      setOutcome({ ok: true, text: text.done(result.value.block.properties.name) });
      setOther(null);
      reload();
    } else setOutcome({ ok: false, text: problemText(messages, result.problem) });
  }
  return (
    <div data-testid="merge-panel">
      <p className="muted">{text.hint}</p>
      {other ? (
        <p data-testid="merge-other">{text.confirm(block.properties.name, other.properties.name)}</p>
      ) : null}
      <button type="button" data-testid="merge-confirm" disabled={!other} onClick={() => void merge()}>
        {text.button}
      </button>
      {outcome ? (
        <p className={outcome.ok ? "ok" : "error"} data-testid="tool-outcome">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
