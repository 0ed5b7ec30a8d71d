import type { Position } from "geojson";
import type { Map as MapLibreMap } from "maplibre-gl";
import {
  type GeoJSONStoreFeatures,
  type SnapToCustom,
  TerraDraw,
  TerraDrawModeUndoRedo,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  TerraDrawUndoRedoKeyboardShortcuts,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { type DrawnRing, partContaining, type RingRole } from "./draw-rings.js";
import type { DrawTool } from "./draw-state.js";
import { polygonModeStyles, selectModeStyles } from "./draw-styles.js";

/** terra-draw's modes as we use them: one polygon mode for every ring, select mode for vertex editing. */
export const POLYGON_MODE = "polygon";
export const SELECT_MODE = "select";
export const STATIC_MODE = "static";
/** terra-draw refuses coordinates with more decimals than the adapter's precision. */
const COORDINATE_PRECISION = 9;

interface TerraDrawOptions {
  map: MapLibreMap;
  /** The role the ring being drawn will get (styles it while drawing). */
  roleBeingDrawn(): RingRole;
  /** Snapping to our own GeoJSON, or none. */
  snapping: { toCustom?: SnapToCustom };
}

/** A started terra-draw over the map: polygon and select modes, mode- and session-level undo/redo. */
export function createTerraDraw({ map, roleBeingDrawn, snapping }: TerraDrawOptions): TerraDraw {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: COORDINATE_PRECISION }),
    modes: [
      new TerraDrawPolygonMode({
        styles: polygonModeStyles(roleBeingDrawn),
        snapping,
        // Esc is ours: it asks before the ring in progress is discarded (DrawController.escape).
        keyEvents: { cancel: null, finish: "Enter" },
      }),
      new TerraDrawSelectMode({
        styles: selectModeStyles(),
        // Delete is ours (it removes the chosen vertex, never the whole ring).
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        flags: selectFlags(snapping),
      }),
    ],
    undoRedo: {
      modeLevel: new TerraDrawModeUndoRedo(),
      sessionLevel: new TerraDrawSessionUndoRedo(),
      keyboardShortcuts: new TerraDrawUndoRedoKeyboardShortcuts(),
    },
  });
  draw.start();
  return draw;
}

interface StartOptions extends TerraDrawOptions {
  /** The rings to edit (none: a new block). */
  rings: readonly DrawnRing[];
  /** Anything changed: a vertex, a ring, undo or redo. */
  onChange(): void;
  /** A ring drawn with the polygon mode was closed (its feature id). */
  onRingFinished(id: string): void;
}

/** terra-draw over the map with these rings loaded, no undo history yet, and our handlers attached. */
export function startTerraDraw({ rings, onChange, onRingFinished, ...options }: StartOptions): TerraDraw {
  const draw = createTerraDraw(options);
  const features = ringFeatures(rings);
  if (features.length > 0) draw.addFeatures(features);
  draw.clearUndoRedoHistory();
  draw.on("change", onChange);
  draw.on("history", onChange);
  draw.on("finish", (id, context) => {
    if (context.mode === POLYGON_MODE && context.action === "draw") {
      // terra-draw is still inside its own handler: change modes after it returns.
      setTimeout(() => onRingFinished(String(id)), 0);
    }
  });
  return draw;
}

/** The terra-draw mode of a tool; the edit tool selects the first part. A ring in progress is dropped. */
export function setTerraDrawMode(draw: TerraDraw, tool: DrawTool, rings: readonly DrawnRing[]): void {
  // A ring in progress is dropped when the tool changes (Esc, confirmed, does the same).
  dropRingInProgress(draw);
  switch (tool) {
    case "idle":
      draw.setMode(STATIC_MODE);
      break;
    case "polygon":
    case "hole":
    case "part":
      draw.setMode(POLYGON_MODE);
      break;
    case "edit": {
      draw.setMode(SELECT_MODE);
      const first = rings.find((ring) => ring.role === "part") ?? rings[0];
      if (first && draw.hasFeature(first.id)) draw.selectFeature(first.id);
      break;
    }
  }
}

/** Drops the ring being drawn, if any (terra-draw's polygon mode leaves it in its store otherwise). */
export function dropRingInProgress(draw: TerraDraw): boolean {
  if (draw.getMode() !== POLYGON_MODE || draw.getModeState() !== "drawing") return false;
  draw.setMode(STATIC_MODE);
  return true;
}

/**
 * Vertex editing of our rings: drag, add at midpoints (a click, or a drag that places the new vertex where it
 * is let go), delete; the ring itself does not move.
 */
export function selectFlags(snapping: TerraDrawOptions["snapping"]) {
  return {
    [POLYGON_MODE]: {
      feature: {
        draggable: false,
        selfIntersectable: true,
        coordinates: {
          draggable: true,
          midpoints: { draggable: true },
          deletable: true,
          snappable: snapping,
        },
      },
    },
  };
}

/** Our rings as terra-draw polygon features (the role and the part of a hole as properties). */
export function ringFeatures(rings: readonly DrawnRing[]): GeoJSONStoreFeatures[] {
  return rings.map((ring) => ({
    type: "Feature",
    id: ring.id,
    geometry: { type: "Polygon", coordinates: [ring.ring] },
    properties: { mode: POLYGON_MODE, role: ring.role, ...(ring.partOf ? { partOf: ring.partOf } : {}) },
  }));
}

/** The finished rings in terra-draw's store, the ring being drawn (if any) and the ring selected for editing. */
export function readRings(
  draw: TerraDraw,
  roleBeingDrawn: RingRole,
): { rings: DrawnRing[]; inProgress: Position[] | null; selectedId: string | null } {
  const rings: DrawnRing[] = [];
  let inProgress: Position[] | null = null;
  let selectedId: string | null = null;
  for (const feature of draw.getSnapshot()) {
    if (feature.properties.mode !== POLYGON_MODE || feature.geometry.type !== "Polygon") continue;
    const ring = feature.geometry.coordinates[0];
    if (feature.properties.currentlyDrawing) {
      inProgress = ring;
      continue;
    }
    if (feature.properties.selected === true) selectedId = String(feature.id);
    // A ring just finished has no role yet (the controller gives it one): it is what the tool draws.
    const stored = feature.properties.role;
    const role: RingRole = stored === "hole" || stored === "part" ? stored : roleBeingDrawn;
    const partOf = typeof feature.properties.partOf === "string" ? feature.properties.partOf : undefined;
    rings.push({ id: String(feature.id), role, ...(partOf ? { partOf } : {}), ring });
  }
  for (const ring of rings) {
    if (ring.role === "hole" && !ring.partOf) ring.partOf = partContaining(rings, ring.ring)?.id;
  }
  return { rings, inProgress, selectedId };
}

export function roundRing(ring: readonly Position[]): Position[] {
  const factor = 10 ** COORDINATE_PRECISION;
  return ring.map(([lng, lat]) => [Math.round(lng * factor) / factor, Math.round(lat * factor) / factor]);
}
