import type { MultiPolygon, Polygon, Position } from "geojson";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type ApiProblem,
  analyseGeometry,
  type BlockAnalysis,
  type BlockFeature,
  type BlockWrite,
  createBlock,
  fetchBlock,
  updateBlock,
} from "../api.js";
import type { DrawController, DrawState, DrawTool } from "../map/draw-controller.js";
import { ringsOfGeometry } from "../map/draw-rings.js";
import type { SnapSource } from "../map/draw-snapping.js";
import type { MapView } from "../map/map-view.js";
import { clearDraft, type DrawForm, type EditTarget, loadDraft, saveDraft } from "./draw-draft.js";

export type AnalysisState =
  | { status: "none" }
  | { status: "loading"; authoritative: boolean }
  | { status: "ready"; authoritative: boolean; result: BlockAnalysis }
  | { status: "failed"; problem: ApiProblem };

export type SaveState =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "failed"; problem: ApiProblem }
  | {
      status: "conflict";
      mine: number;
      currentVersion: number;
      theirs: BlockFeature | null;
      comparing: boolean;
    };

export interface DrawSession {
  target: EditTarget | null;
  draw: DrawState | null;
  form: DrawForm;
  analysis: AnalysisState;
  save: SaveState;
  snapping: boolean;
  draftRestored: boolean;
  startNew(): void;
  startEdit(block: BlockFeature): void;
  cancel(): void;
  setForm(form: DrawForm): void;
  setTool(tool: DrawTool): void;
  undo(): void;
  redo(): void;
  deleteVertex(): void;
  setSnapping(enabled: boolean): void;
  submit(overwrite?: boolean): void;
  reloadTheirs(): void;
  toggleCompare(): void;
}

/** Quick overlap hint while drawing; the finished ring is analysed at once. */
const HINT_DELAY_MS = 400;
const FINISHED_DELAY_MS = 50;
const EMPTY_FORM: DrawForm = { name: "", parkId: null, level: "municipal" };

/** terra-draw's default id strategy accepts UUIDs only. */
const newRingId = () => crypto.randomUUID();

interface DrawSessionOptions {
  mapView: MapView | null;
  snapSources: readonly SnapSource[];
  onSaved(block: BlockFeature): void;
}

/** The state of drawing or editing one block: the map drawing, the form, the analysis and the save. */
export function useDrawSession({ mapView, snapSources, onSaved }: DrawSessionOptions): DrawSession {
  const [controller, setController] = useState<DrawController | null>(null);
  const [target, setTarget] = useState<EditTarget | null>(null);
  const [draw, setDraw] = useState<DrawState | null>(null);
  const [form, setForm] = useState<DrawForm>(EMPTY_FORM);
  const [analysis, setAnalysis] = useState<AnalysisState>({ status: "none" });
  const [save, setSave] = useState<SaveState>({ status: "idle" });
  const [snapping, setSnappingState] = useState(true);
  const [draftRestored, setDraftRestored] = useState(false);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  useEffect(() => {
    if (!mapView) return;
    const drawing = mapView.drawing();
    setController(drawing);
    const unsubscribe = drawing.subscribe(setDraw);
    // A drawing left unsaved last time comes back once the map's style is there.
    const draft = loadDraft(globalThis.localStorage);
    if (draft) {
      const restore = () => {
        drawing.begin(draft.rings);
        setTarget(draft.target);
        setForm(draft.form);
        setDraftRestored(true);
      };
      drawing.whenReady(restore);
    }
    return () => {
      unsubscribe();
      setController(null);
    };
  }, [mapView]);

  useEffect(() => {
    controller?.setSnapSources(snapSources);
  }, [controller, snapSources]);

  // The local draft follows every change.
  useEffect(() => {
    if (!target || !draw) return;
    saveDraft(globalThis.localStorage, { target, form, rings: draw.rings });
  }, [target, form, draw]);

  const liveGeometry = target ? (draw?.liveGeometry ?? null) : null;
  // The block being edited is left out of its own analysis by the server (overlaps and Zhongguancun).
  const editedBlockId = target?.kind === "edit" ? target.blockId : undefined;
  const drawing = draw?.drawing ?? false;
  const crossing = (draw?.kinks.length ?? 0) > 0;
  useEffect(() => {
    if (!liveGeometry || crossing || !plausible(liveGeometry)) {
      setAnalysis({ status: "none" });
      return;
    }
    const controller = new AbortController();
    const authoritative = !drawing;
    const timer = setTimeout(
      () => {
        setAnalysis({ status: "loading", authoritative });
        void analyseGeometry<BlockAnalysis>(liveGeometry, controller.signal, editedBlockId).then((result) => {
          if (controller.signal.aborted) return;
          if (result.ok) setAnalysis({ status: "ready", authoritative, result: result.value });
          // A hint for a ring in progress may be refused (e.g. a part across another): no hint then.
          else
            setAnalysis(authoritative ? { status: "failed", problem: result.problem } : { status: "none" });
        });
      },
      drawing ? HINT_DELAY_MS : FINISHED_DELAY_MS,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [liveGeometry, drawing, crossing, editedBlockId]);

  const end = useCallback(() => {
    controller?.end();
    controller?.setCompareOutlines(null);
    clearDraft(globalThis.localStorage);
    setTarget(null);
    setForm(EMPTY_FORM);
    setSave({ status: "idle" });
    setAnalysis({ status: "none" });
    setDraftRestored(false);
  }, [controller]);

  const startNew = useCallback(() => {
    if (!controller) return;
    controller.setCompareOutlines(null);
    controller.begin([]);
    setTarget({ kind: "new" });
    setForm(EMPTY_FORM);
    setSave({ status: "idle" });
    setDraftRestored(false);
  }, [controller]);

  const startEdit = useCallback(
    (block: BlockFeature) => {
      if (!controller) return;
      const { id, version, name, parkId, level } = block.properties;
      controller.setCompareOutlines(null);
      controller.begin(ringsOfGeometry(block.geometry, newRingId));
      setTarget({ kind: "edit", blockId: id, version, name });
      setForm({ name, parkId, level });
      setSave({ status: "idle" });
      setDraftRestored(false);
    },
    [controller],
  );

  const submit = useCallback(
    (overwrite = false) => {
      const geometry = draw?.geometry;
      if (!controller || !target || !geometry || form.parkId === null || !form.name.trim()) return;
      const body: BlockWrite = {
        type: "Feature",
        geometry,
        properties: { name: form.name.trim(), parkId: form.parkId, level: form.level },
      };
      const version =
        target.kind === "edit" && overwrite && save.status === "conflict" ? save.currentVersion : undefined;
      setSave({ status: "saving" });
      controller.setProblemLocation(null);
      void (async () => {
        const result =
          target.kind === "new"
            ? await createBlock(body)
            : await updateBlock(target.blockId, version ?? target.version, body);
        if (result.ok) {
          end();
          onSavedRef.current(result.value);
          return;
        }
        const { problem } = result;
        if (target.kind === "edit" && problem.code === "version-conflict") {
          const currentVersion = Number((problem.details as { currentVersion?: unknown })?.currentVersion);
          const theirs = await fetchBlock(target.blockId);
          setSave({
            status: "conflict",
            mine: target.version,
            currentVersion: theirs.ok ? theirs.value.properties.version : currentVersion,
            theirs: theirs.ok ? theirs.value : null,
            comparing: false,
          });
          return;
        }
        const location = (problem.details as { location?: unknown } | undefined)?.location;
        if (isPosition(location)) controller.setProblemLocation(location);
        setSave({ status: "failed", problem });
      })();
    },
    [controller, target, draw, form, save, end],
  );

  const reloadTheirs = useCallback(() => {
    if (save.status === "conflict" && save.theirs) startEdit(save.theirs);
  }, [save, startEdit]);

  const toggleCompare = useCallback(() => {
    if (save.status !== "conflict" || !save.theirs || !controller) return;
    const comparing = !save.comparing;
    controller.setCompareOutlines(
      comparing
        ? {
            type: "FeatureCollection",
            features: [
              {
                type: "Feature",
                geometry: outlineOf(save.theirs.geometry),
                properties: { variant: "theirs" },
              },
            ],
          }
        : null,
    );
    setSave({ ...save, comparing });
  }, [save, controller]);

  return {
    target,
    draw: target ? draw : null,
    form,
    analysis,
    save,
    snapping,
    draftRestored,
    startNew,
    startEdit,
    cancel: end,
    setForm,
    setTool: (tool) => controller?.setTool(tool),
    undo: () => controller?.undo(),
    redo: () => controller?.redo(),
    deleteVertex: () => controller?.deleteSelectedVertex(),
    setSnapping: (enabled) => {
      setSnappingState(enabled);
      controller?.setSnapping(enabled);
    },
    submit,
    reloadTheirs,
    toggleCompare,
  };
}

/** Every ring has at least three distinct vertices (a ring in progress often repeats the pointer's). */
function plausible(geometry: Polygon | MultiPolygon): boolean {
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  return rings.every((ring) => new Set(ring.map(([lng, lat]) => `${lng},${lat}`)).size >= 3);
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((number) => typeof number === "number");
}

/** The boundary lines of a polygon geometry (outlines to compare). */
export function outlineOf(geometry: Polygon | MultiPolygon) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return { type: "MultiLineString" as const, coordinates: polygons.flat() };
}
