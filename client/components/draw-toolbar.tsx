import { type ReactNode, useEffect } from "react";
import { createPortal } from "react-dom";
import type { BlockFeature } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { DrawTool } from "../map/draw-controller.js";
import { SNAP_TOLERANCE_RANGE_PX, type SnapSettings } from "../map/draw-snapping.js";
import { useDenial } from "./access-context.js";
import type { DrawSession } from "./draw-session.js";

interface DrawToolbarProps {
  session: DrawSession;
  /** The block selected on the map: "edit block" edits it. */
  selectedBlock: BlockFeature | undefined;
}

const TOOLS: DrawTool[] = ["polygon", "hole", "part", "edit"];

/** The drawing toolbar in the top bar: new / edit block, the tools, snapping, undo and redo. */
export function DrawToolbar({ session, selectedBlock }: DrawToolbarProps) {
  useDrawKeyboard(session);
  if (session.target === null) return <StartButtons session={session} selectedBlock={selectedBlock} />;
  return <DrawingTools session={session} />;
}

/** Before drawing: new block, and edit the selected block, each disabled with the reason when not allowed. */
function StartButtons({ session, selectedBlock }: DrawToolbarProps) {
  const text = useMessages().draw.toolbar;
  const denial = useDenial();
  const newDenied = denial("blocks.edit");
  const editDenied = selectedBlock
    ? denial(
        "blocks.edit",
        { id: selectedBlock.properties.parkId, name: selectedBlock.properties.parkName },
        selectedBlock.properties.status,
      )
    : null;
  return (
    <div className="draw-toolbar" role="toolbar" aria-label={text.label}>
      <button
        type="button"
        data-testid="draw-new"
        disabled={newDenied !== null}
        title={newDenied ?? undefined}
        onClick={session.startNew}
      >
        {text.newBlock}
      </button>
      <button
        type="button"
        data-testid="draw-edit"
        disabled={!selectedBlock || editDenied !== null}
        title={selectedBlock ? (editDenied ?? undefined) : text.editBlockHint}
        onClick={() => selectedBlock && session.startEdit(selectedBlock)}
      >
        {text.editBlock}
      </button>
    </div>
  );
}

/** While drawing: the tools, snapping, undo, redo and delete vertex. */
function DrawingTools({ session }: { session: DrawSession }) {
  const text = useMessages().draw.toolbar;
  const draw = session.draw;
  return (
    // While drawing, the tools float over the top of the map (inside the map area, so they never cover the
    // top bar's buttons, whatever its height), next to what is drawn.
    <MapAreaPortal>
      <div className="draw-toolbar floating" role="toolbar" aria-label={text.label} title={text.shortcuts}>
        <ToolButtons session={session} />
        <label className="draw-snapping">
          <input
            type="checkbox"
            data-testid="draw-snapping"
            checked={session.snapping}
            onChange={(event) => session.setSnapping(event.target.checked)}
          />
          {text.snapping}
        </label>
        <SnapSettingsMenu session={session} />
        <button
          type="button"
          data-testid="draw-undo"
          disabled={!draw?.canUndo}
          onClick={session.undo}
          title="Ctrl+Z"
        >
          {text.undo}
        </button>
        <button
          type="button"
          data-testid="draw-redo"
          disabled={!draw?.canRedo}
          onClick={session.redo}
          title="Ctrl+Y"
        >
          {text.redo}
        </button>
        <button
          type="button"
          data-testid="draw-delete-vertex"
          disabled={!draw?.selectedVertex && !(draw?.drawing && draw.canUndo)}
          onClick={session.deleteVertex}
          title="Delete"
        >
          {text.deleteVertex}
        </button>
        {draw?.discardAsked ? (
          <div
            className="draw-discard"
            role="alertdialog"
            aria-labelledby="draw-discard-text"
            data-testid="draw-discard"
          >
            <span id="draw-discard-text">{text.discardAsk}</span>
            <button type="button" data-testid="draw-discard-confirm" onClick={session.discardRing}>
              {text.discard}
            </button>
            <button type="button" data-testid="draw-discard-keep" onClick={session.keepDrawing}>
              {text.keepDrawing}
            </button>
          </div>
        ) : null}
      </div>
    </MapAreaPortal>
  );
}

/** Renders into the map area (`main.map-area`), or in place when there is none (yet). */
function MapAreaPortal({ children }: { children: ReactNode }) {
  const host = document.querySelector(".map-area");
  return host ? createPortal(children, host) : children;
}

/** One button per drawing tool, the active one pressed. */
function ToolButtons({ session }: { session: DrawSession }) {
  const text = useMessages().draw.toolbar;
  const draw = session.draw;
  const hasPart = (draw?.rings ?? []).some((ring) => ring.role === "part");
  const toolLabel: Record<DrawTool, string> = {
    idle: "",
    polygon: text.polygon,
    hole: text.hole,
    part: text.part,
    edit: text.vertices,
  };
  return (
    <>
      {TOOLS.map((tool) => {
        // The first ring is drawn with the polygon tool; holes and parts need a block to add to.
        const disabled = (tool === "polygon" && hasPart) || (tool !== "polygon" && !hasPart);
        return (
          <button
            key={tool}
            type="button"
            data-testid={`draw-tool-${tool}`}
            aria-pressed={draw?.tool === tool}
            className={draw?.tool === tool ? "active" : ""}
            disabled={disabled}
            onClick={() => session.setTool(tool)}
          >
            {toolLabel[tool]}
          </button>
        );
      })}
    </>
  );
}

/**
 * Keys outside the map: Ctrl+Z / Ctrl+Y (on the map terra-draw handles them itself), Delete / Backspace,
 * which remove the chosen vertex (while drawing, the last one placed), and Esc, which asks before the ring
 * being drawn is discarded (a second Esc discards it). Typing in a form field is left alone.
 */
function useDrawKeyboard(session: DrawSession): void {
  const active = session.target !== null;
  const { undo, redo, deleteVertex, pressEscape } = session;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return;
      const onMap = target instanceof HTMLCanvasElement;
      const key = event.key.toLowerCase();
      if (event.key === "Delete" || event.key === "Backspace") {
        deleteVertex();
        event.preventDefault();
      } else if (event.key === "Escape") {
        if (pressEscape()) event.preventDefault();
      } else if (!onMap && (event.ctrlKey || event.metaKey) && key === "z") {
        if (event.shiftKey) redo();
        else undo();
        event.preventDefault();
      } else if (!onMap && (event.ctrlKey || event.metaKey) && key === "y") {
        redo();
        event.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, undo, redo, deleteVertex, pressEscape]);
}

/** 吸附设置: the tolerance in pixels, vertices and/or edges, other blocks and/or the reference layers. */
function SnapSettingsMenu({ session }: { session: DrawSession }) {
  const text = useMessages().draw.toolbar;
  const settings = session.snapSettings;
  const set = (change: Partial<SnapSettings>) => session.setSnapSettings({ ...settings, ...change });
  const check = (key: "vertices" | "edges" | "blocks" | "references", label: string) => (
    <label>
      <input
        type="checkbox"
        data-testid={`snap-${key}`}
        checked={settings[key]}
        onChange={(event) => set({ [key]: event.target.checked })}
      />
      {label}
    </label>
  );
  return (
    <details className="snap-settings" data-testid="snap-settings">
      <summary>{text.snapSettings}</summary>
      <div className="snap-settings-body">
        <label>
          {text.snapTolerance}
          <input
            type="number"
            data-testid="snap-tolerance"
            min={SNAP_TOLERANCE_RANGE_PX.min}
            max={SNAP_TOLERANCE_RANGE_PX.max}
            value={settings.tolerancePx}
            onChange={(event) => {
              const value = Number(event.target.value);
              if (Number.isFinite(value) && value >= SNAP_TOLERANCE_RANGE_PX.min)
                set({ tolerancePx: Math.min(value, SNAP_TOLERANCE_RANGE_PX.max) });
            }}
          />
        </label>
        <span>{text.snapTargets}</span>
        {check("vertices", text.snapVertices)}
        {check("edges", text.snapEdges)}
        {check("blocks", text.snapBlocks)}
        {check("references", text.snapReferences)}
      </div>
    </details>
  );
}
