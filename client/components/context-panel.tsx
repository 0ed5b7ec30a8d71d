import { lazy, Suspense } from "react";
import type { BlockFeature } from "../api/blocks.js";
import type { Park } from "../api/parks.js";
import { BlockPanel } from "./block-panel.js";
import type { DrawSession } from "./draw-session.js";

// The drawing panel is its own chunk, not the first page's: fetched after the first render, shown when
// a drawing starts.
const loadDrawPanel = () => import("./draw-panel.js");
const DrawPanel = lazy(() => loadDrawPanel().then((module) => ({ default: module.DrawPanel })));

/** Fetches the drawing panel's chunk ahead of the first drawing. */
export function preloadDrawPanel(): void {
  void loadDrawPanel();
}

interface ContextPanelProps {
  drawSession: DrawSession;
  parks: Park[];
  block: BlockFeature | undefined;
  park: Park | undefined;
  onClose(): void;
  onZoomTo(): void;
  onOpenPark(parkId: number): void;
}

/** The right panel: the drawing panel while a block is drawn or edited, else the selected block's panel. */
export function ContextPanel({
  drawSession,
  parks,
  block,
  park,
  onClose,
  onZoomTo,
  onOpenPark,
}: ContextPanelProps) {
  if (drawSession.target !== null) {
    return (
      <Suspense fallback={null}>
        <DrawPanel session={drawSession} parks={parks} />
      </Suspense>
    );
  }
  return (
    <BlockPanel block={block} park={park} onClose={onClose} onZoomTo={onZoomTo} onOpenPark={onOpenPark} />
  );
}
