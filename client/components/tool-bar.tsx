import { lazy, Suspense, useEffect, useState } from "react";
import { createPortal } from "react-dom";
import type { BlockFeature } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import { useDenial } from "./access-context.js";
import "../styles/tools.css";

const ToolAttributeTable = lazy(() =>
  import("./tool-attribute-table.js").then((module) => ({ default: module.ToolAttributeTable })),
);
const ToolMeasurePanel = lazy(() =>
  import("./tool-measure-panel.js").then((module) => ({ default: module.ToolMeasurePanel })),
);
const ToolSplitPanel = lazy(() =>
  import("./tool-split-merge.js").then((module) => ({ default: module.ToolSplitPanel })),
);
const ToolMergePanel = lazy(() =>
  import("./tool-split-merge.js").then((module) => ({ default: module.ToolMergePanel })),
);

export type MapTool = "table" | "measure" | "split" | "merge";
/** Tools whose map clicks are theirs (the workspace does not select blocks meanwhile). */
const CAPTURING: readonly MapTool[] = ["measure", "split", "merge"];

interface ToolBarProps {
  mapView: MapView | null;
  selectedBlock: BlockFeature | undefined;
  /** True while a tool takes the map's clicks. */
  onCapturesClicks(captures: boolean): void;
}

/** The QGIS-like map tools (issue #18 item 8): attribute table, measure, split and merge, in the top bar. */
export function ToolBar({ mapView, selectedBlock, onCapturesClicks }: ToolBarProps) {
  const messages = useMessages();
  const text = messages.tools;
  const [tool, setTool] = useState<MapTool | null>(null);
  const denial = useDenial();
  const block = selectedBlock?.properties;
  const editDenied = block
    ? denial("blocks.edit", { id: block.parkId, name: block.parkName }, block.status)
    : text.split.hint;
  // A tool on a block works on the block selected when it opened (clicks no longer select meanwhile).
  const [toolBlock, setToolBlock] = useState<BlockFeature | undefined>(undefined);

  useEffect(() => onCapturesClicks(tool !== null && CAPTURING.includes(tool)), [tool, onCapturesClicks]);

  const open = (next: MapTool) => {
    setToolBlock(selectedBlock);
    setTool(tool === next ? null : next);
  };
  const button = (id: MapTool, label: string, disabled: string | null = null) => (
    <button
      type="button"
      data-testid={`tool-${id}`}
      aria-pressed={tool === id}
      disabled={disabled !== null}
      title={disabled ?? undefined}
      onClick={() => open(id)}
    >
      {label}
    </button>
  );
  const host = typeof document === "undefined" ? null : document.querySelector(".map-area");
  const panel = (() => {
    switch (tool) {
      case null:
        return null;
      case "table":
        return <ToolAttributeTable mapView={mapView} />;
      case "measure":
        return <ToolMeasurePanel mapView={mapView} />;
      case "split":
        return toolBlock ? (
          <ToolSplitPanel key={toolBlock.properties.id} mapView={mapView} block={toolBlock} />
        ) : null;
      case "merge":
        return toolBlock ? (
          <ToolMergePanel key={toolBlock.properties.id} mapView={mapView} block={toolBlock} />
        ) : null;
    }
  })();

  return (
    <div className="tool-bar" role="toolbar" aria-label={text.table.button}>
      {button("table", text.table.button)}
      {button("measure", text.measure.button)}
      {button("split", text.split.button, editDenied)}
      {button("merge", text.merge.button, editDenied)}
      {panel && host
        ? createPortal(
            <section className={`tool-panel tool-panel-${tool}`} aria-label={tool ?? undefined}>
              <button type="button" className="tool-panel-close link-button" onClick={() => setTool(null)}>
                {text.table.close}
              </button>
              <Suspense fallback={<p className="muted">{messages.app.loading}</p>}>{panel}</Suspense>
            </section>,
            host,
          )
        : null}
    </div>
  );
}
