import type { MultiPolygon, Polygon } from "geojson";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import type { DrawController, DrawState, DrawTool } from "../map/draw-controller.js";
import { ringsOfGeometry } from "../map/draw-rings.js";
import { DEFAULT_SNAP_SETTINGS, type SnapSettings, type SnapSource } from "../map/draw-snapping.js";
import type { MapView } from "../map/map-view.js";
import type { SnapSourceGroups } from "./app-state.js";
import { attributeEntries } from "./block-attributes.js";
import {
  clearDraft,
  type DrawDraft,
  type DrawForm,
  type EditTarget,
  loadDraft,
  saveDraft,
} from "./draw-draft.js";
import { type AnalysisState, useLiveAnalysis } from "./draw-live-analysis.js";
import { type SaveState, toggleConflictCompare, useSubmit } from "./draw-save.js";

export type { AnalysisState, SaveState };

export interface DrawSession {
  target: EditTarget | null;
  draw: DrawState | null;
  form: DrawForm;
  analysis: AnalysisState;
  save: SaveState;
  snapping: boolean;
  snapSettings: SnapSettings;
  draftRestored: boolean;
  startNew(): void;
  startEdit(block: BlockFeature): void;
  cancel(): void;
  setForm(form: DrawForm): void;
  setTool(tool: DrawTool): void;
  undo(): void;
  redo(): void;
  deleteVertex(): void;
  /** Esc: asks before the ring being drawn is discarded, discards it when asked already; false if none. */
  pressEscape(): boolean;
  discardRing(): void;
  keepDrawing(): void;
  /** Coordinate entry: a typed vertex added to the ring being drawn or edited (lon/lat). */
  addVertexAt(lngLat: [number, number]): void;
  /** Coordinate entry: the chosen vertex moved to a typed position; false when none is chosen. */
  moveVertexTo(lngLat: [number, number]): boolean;
  setSnapping(enabled: boolean): void;
  setSnapSettings(settings: SnapSettings): void;
  submit(overwrite?: boolean): void;
  /** After a conflict: saves the three-way merge's chosen values over the server's current version. */
  submitMerged(merged: { form: DrawForm; geometry: Polygon | MultiPolygon }): void;
  reloadTheirs(): void;
  toggleCompare(): void;
}

const EMPTY_FORM: DrawForm = { name: "", code: "", parkId: null, level: "municipal", attributes: [] };

/** terra-draw's default id strategy accepts UUIDs only. */
const newRingId = () => crypto.randomUUID();

interface DrawSessionOptions {
  mapView: MapView | null;
  snapSources: SnapSourceGroups;
  onSaved(block: BlockFeature): void;
}

/** The state of drawing or editing one block: the map drawing, the form, the analysis and the save. */
export function useDrawSession({ mapView, snapSources, onSaved }: DrawSessionOptions): DrawSession {
  const [target, setTarget] = useState<EditTarget | null>(null);
  const [draw, setDraw] = useState<DrawState | null>(null);
  const [form, setForm] = useState<DrawForm>(EMPTY_FORM);
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const [snapping, setSnappingState] = useState(true);
  const [snapSettings, setSnapSettingsState] = useState<SnapSettings>(DEFAULT_SNAP_SETTINGS);
  // The layer choice of the snap settings: which sources the controller indexes.
  const chosenSources = useMemo(
    () => [
      ...(snapSettings.references ? snapSources.references : []),
      ...(snapSettings.blocks ? snapSources.blocks : []),
    ],
    [snapSources, snapSettings.references, snapSettings.blocks],
  );
  const [draftRestored, setDraftRestored] = useState(false);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const restoreDraft = useCallback((draft: DrawDraft) => {
    setTarget(draft.target);
    setForm(draft.form);
    setDraftRestored(true);
  }, []);
  const { controller, withController } = useDrawController({
    mapView,
    snapSources: chosenSources,
    setDraw,
    restoreDraft,
  });

  useDraftFollows(target, form, draw);
  useStaleSaveErrorCleared(draw?.rings, save, setSave, controller);

  const [analysis, setAnalysis] = useLiveAnalysis({
    liveGeometry: target ? (draw?.liveGeometry ?? null) : null,
    drawing: draw?.drawing ?? false,
    crossing: (draw?.kinks.length ?? 0) > 0,
    editedBlockId: target?.kind === "edit" ? target.blockId : undefined,
  });

  const begin = useCallback((next: EditTarget, nextForm: DrawForm) => {
    setTarget(next);
    setForm(nextForm);
    setSave({ status: "idle" });
    setDraftRestored(false);
  }, []);

  const end = useCallback(() => {
    controller?.end();
    controller?.setCompareOutlines(null);
    clearDraft(globalThis.localStorage);
    setTarget(null);
    setForm(EMPTY_FORM);
    setSave({ status: "idle" });
    setAnalysis({ status: "none" });
    setDraftRestored(false);
  }, [controller, setAnalysis]);

  const { startNew, startEdit } = useStartDrawing(withController, begin);

  const submit = useSubmit({
    controller,
    target,
    geometry: draw?.geometry ?? null,
    form,
    save,
    setSave,
    end,
    onSavedRef,
  });

  const reloadTheirs = useCallback(() => {
    if (save.status === "conflict" && save.theirs) startEdit(save.theirs);
  }, [save, startEdit]);

  return {
    target,
    draw: target ? draw : null,
    form,
    analysis,
    save,
    snapping,
    snapSettings,
    draftRestored,
    startNew,
    startEdit,
    cancel: end,
    setForm,
    ...drawingActions(controller, setSnappingState),
    setSnapSettings: (settings: SnapSettings) => {
      setSnapSettingsState(settings);
      controller?.setSnapSettings(settings);
    },
    submit: (overwrite?: boolean) => submit(overwrite),
    submitMerged: (merged) => submit(true, merged),
    reloadTheirs,
    toggleCompare: () => setSave(toggleConflictCompare(save, controller)),
  };
}

/**
 * A refused save's message and its marker on the map go once the drawing changes (issue #18 item 10): they
 * spoke of a geometry that is no longer there. The next save checks again.
 */
function useStaleSaveErrorCleared(
  rings: DrawState["rings"] | undefined,
  save: SaveState,
  setSave: (save: SaveState) => void,
  controller: DrawController | null,
) {
  // The rings' coordinates as text: a state emitted again with the same rings is no change.
  const failedRings = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (save.status !== "failed") {
      failedRings.current = undefined;
      return;
    }
    const now = JSON.stringify((rings ?? []).map((ring) => ring.ring));
    if (failedRings.current === undefined) {
      failedRings.current = now;
      return;
    }
    if (now !== failedRings.current) {
      failedRings.current = undefined;
      controller?.setProblemLocation(null);
      setSave({ status: "idle" });
    }
  }, [rings, save, setSave, controller]);
}

/** The local draft (localStorage) follows every change, so an unsaved drawing survives a reload. */
function useDraftFollows(target: EditTarget | null, form: DrawForm, draw: DrawState | null) {
  useEffect(() => {
    if (!target || !draw) return;
    saveDraft(globalThis.localStorage, { target, form, rings: draw.rings });
  }, [target, form, draw]);
}

/** Starting a drawing: a new block, or a stored block's geometry to edit. */
function useStartDrawing(
  withController: (act: (drawing: DrawController) => void) => void,
  begin: (target: EditTarget, form: DrawForm) => void,
) {
  const startNew = useCallback(() => {
    withController((drawing) => {
      drawing.setCompareOutlines(null);
      drawing.begin([]);
      begin({ kind: "new" }, EMPTY_FORM);
    });
  }, [withController, begin]);

  const startEdit = useCallback(
    (block: BlockFeature) => {
      withController((drawing) => {
        const { id, version, name, parkId, level, code, attributes } = block.properties;
        const form: DrawForm = {
          name,
          code: code ?? "",
          parkId,
          level,
          attributes: attributeEntries(attributes),
        };
        drawing.setCompareOutlines(null);
        drawing.begin(ringsOfGeometry(block.geometry, newRingId));
        begin({ kind: "edit", blockId: id, version, name, base: { form, geometry: block.geometry } }, form);
      });
    },
    [withController, begin],
  );
  return { startNew, startEdit };
}

/** The map drawing's own actions (tool, undo/redo, the chosen vertex, snapping); none until it has loaded. */
function drawingActions(controller: DrawController | null, setSnappingState: (enabled: boolean) => void) {
  return {
    setTool: (tool: DrawTool) => controller?.setTool(tool),
    undo: () => controller?.undo(),
    redo: () => controller?.redo(),
    deleteVertex: () => controller?.deleteSelectedVertex(),
    pressEscape: () => controller?.escape() ?? false,
    discardRing: () => controller?.discardRingInProgress(),
    keepDrawing: () => controller?.keepDrawing(),
    addVertexAt: (lngLat: [number, number]) => controller?.addTypedVertex(lngLat),
    moveVertexTo: (lngLat: [number, number]) => controller?.moveSelectedVertex(lngLat) ?? false,
    setSnapping: (enabled: boolean) => {
      setSnappingState(enabled);
      controller?.setSnapping(enabled);
    },
  };
}

interface DrawControllerOptions {
  mapView: MapView | null;
  snapSources: readonly SnapSource[];
  setDraw(state: DrawState): void;
  restoreDraft(draft: DrawDraft): void;
}

/**
 * The map's drawing controller (terra-draw is its own chunk, not part of the first page), loaded once the
 * map is there; the session's actions wait for it.
 */
function useDrawController({ mapView, snapSources, setDraw, restoreDraft }: DrawControllerOptions) {
  const [controller, setController] = useState<DrawController | null>(null);
  const snapSourcesRef = useRef(snapSources);
  snapSourcesRef.current = snapSources;
  const subscription = useRef<{ controller: DrawController; unsubscribe(): void } | null>(null);

  const withController = useCallback(
    (act: (drawing: DrawController) => void) => {
      if (!mapView) return;
      void mapView.drawing().then((drawing) => {
        if (subscription.current?.controller !== drawing) {
          subscription.current?.unsubscribe();
          const unsubscribe = drawing.subscribe(setDraw);
          subscription.current = { controller: drawing, unsubscribe: () => void unsubscribe() };
          drawing.setSnapSources(snapSourcesRef.current);
        }
        setController(drawing);
        act(drawing);
      });
    },
    [mapView, setDraw],
  );

  useEffect(() => {
    // Loaded as soon as the map is there, after the first page (so the first drawing starts at once);
    // a drawing left unsaved last time comes back once the map's style is there.
    const draft = loadDraft(globalThis.localStorage);
    withController((drawing) => {
      if (!draft) return;
      drawing.whenReady(() => {
        drawing.begin(draft.rings);
        restoreDraft(draft);
      });
    });
    return () => {
      subscription.current?.unsubscribe();
      subscription.current = null;
      setController(null);
    };
  }, [withController, restoreDraft]);

  useEffect(() => {
    controller?.setSnapSources(snapSources);
  }, [controller, snapSources]);

  return { controller, withController };
}
