import type { Position } from "geojson";
import type { Map as MapLibreMap, MapMouseEvent } from "maplibre-gl";
import type { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } from "terra-draw";
import {
  addDrawMarkerLayers,
  type CompareCollection,
  drawMarkers,
  setCompareOutlines,
  setMarkers,
} from "./draw-marker-layers.js";
import {
  type DrawnRing,
  partContaining,
  type RingRole,
  withInsertedVertex,
  withMovedVertex,
  withoutVertex,
} from "./draw-rings.js";
import {
  DEFAULT_SNAP_SETTINGS,
  indexRings,
  nearestVertex,
  type SnapSettings,
  type SnapSource,
  snappingOption,
} from "./draw-snapping.js";
import { type DrawNotice, type DrawState, type DrawTool, drawStateOf } from "./draw-state.js";
import {
  dropRingInProgress,
  POLYGON_MODE,
  readRings,
  ringFeatures,
  roundRing,
  SELECT_MODE,
  selectFlags,
  setTerraDrawMode,
  startTerraDraw,
} from "./draw-terra.js";

export type { DrawNotice, DrawState, DrawTool };

/**
 * The drawing on the map: terra-draw (polygon and select modes, its undo/redo) through its MapLibre
 * adapter, plus what terra-draw lacks, built on top: holes and parts (rings with roles, draw-rings.ts),
 * snapping to the app's own GeoJSON, the self-intersection marker, deleting a chosen vertex.
 */
export class DrawController {
  private draw: TerraDraw | null = null;
  private tool: DrawTool = "idle";
  private rings: DrawnRing[] = [];
  private snappingEnabled = true;
  private snapSettings: SnapSettings = DEFAULT_SNAP_SETTINGS;
  private snapRings: ReturnType<typeof indexRings> = [];
  private selectedVertex: DrawState["selectedVertex"] = null;
  private notice: DrawNotice = null;
  private discardAsked = false;
  private problemLocation: Position | null = null;
  /** The ring terra-draw has selected (shows the vertices and midpoints of), or null. */
  private terraSelectedId: string | null = null;
  /** Vertices typed for a new ring (coordinate entry) before it has the three it needs. */
  private typedPoints: Position[] = [];
  private compare: CompareCollection = { type: "FeatureCollection", features: [] };
  private active = false;
  /** The map's style is there to add layers to (not `isStyleLoaded()`, false while any source loads). */
  private styleReady: boolean;
  private readonly readyCallbacks: (() => void)[] = [];
  private readonly listeners = new Set<(state: DrawState) => void>();
  private state: DrawState = this.computeState([]);

  constructor(private readonly map: MapLibreMap) {
    this.map.on("click", this.onMapClick);
    this.map.on("mousedown", this.onMapPointerDown);
    this.map.on("touchstart", this.onMapPointerDown);
    this.styleReady = this.map.isStyleLoaded() === true;
    if (!this.styleReady) {
      // "load" may have passed already while sources were still loading; "idle" always comes.
      const ready = () => {
        if (!this.styleReady) this.resume();
      };
      this.map.once("load", ready);
      this.map.once("idle", ready);
    }
  }

  /** Runs `callback` once the map's style is ready (at once when it is). */
  whenReady(callback: () => void): void {
    if (this.styleReady) callback();
    else this.readyCallbacks.push(callback);
  }

  /** Starts a session with these rings (none: a new block, drawn with the polygon tool). */
  begin(rings: readonly DrawnRing[]): void {
    this.active = true;
    this.rings = rings.map((ring) => ({ ...ring, ring: roundRing(ring.ring) }));
    this.selectedVertex = null;
    this.notice = null;
    this.problemLocation = null;
    this.typedPoints = [];
    this.discardAsked = false;
    this.attach();
    this.setTool(this.rings.length > 0 ? "edit" : "polygon");
  }

  /** Ends the session and removes everything drawn. */
  end(): void {
    this.active = false;
    this.rings = [];
    this.tool = "idle";
    this.selectedVertex = null;
    this.problemLocation = null;
    this.typedPoints = [];
    this.detach();
    this.refreshMarkers();
    this.emit();
  }

  get current(): DrawState {
    return this.state;
  }

  subscribe(listener: (state: DrawState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setTool(tool: DrawTool): void {
    const draw = this.draw;
    this.tool = tool;
    this.notice = null;
    this.typedPoints = [];
    this.discardAsked = false;
    if (!draw) {
      this.emit();
      return;
    }
    setTerraDrawMode(draw, tool, this.rings);
    this.sync();
  }

  undo(): void {
    if (this.draw?.canUndo()) this.draw.undo();
    this.sync();
  }

  redo(): void {
    if (this.draw?.canRedo()) this.draw.redo();
    this.sync();
  }

  /**
   * Esc while a ring is being drawn: once it has three vertices (a shape, with an area) the first asks
   * (`discardAsked`) and the second discards it; one or two vertices go at once. Returns whether a ring was
   * being drawn (otherwise Esc is not the drawing's).
   */
  escape(): boolean {
    const draw = this.draw;
    if (!draw || draw.getMode() !== POLYGON_MODE || draw.getModeState() !== "drawing") return false;
    if (this.discardAsked || !this.state.drawing) this.discardRingInProgress();
    else {
      this.discardAsked = true;
      this.emit();
    }
    return true;
  }

  /** Discards the ring being drawn (after Esc asked); the tool stays, ready for a new ring. */
  discardRingInProgress(): void {
    const draw = this.draw;
    this.discardAsked = false;
    if (draw && dropRingInProgress(draw)) draw.setMode(POLYGON_MODE);
    this.sync();
  }

  /** Keeps the ring being drawn (Esc asked). */
  keepDrawing(): void {
    this.discardAsked = false;
    this.emit();
  }

  /**
   * Removes the chosen vertex (a ring keeps at least three); while a ring is being drawn with none chosen,
   * the last vertex placed (terra-draw's undo of the ring in progress). Returns whether one was removed.
   */
  deleteSelectedVertex(): boolean {
    const draw = this.draw;
    const selected = this.selectedVertex;
    if (draw && !selected && this.state.drawing) {
      if (!draw.canUndo()) return false;
      draw.undo();
      this.sync();
      return true;
    }
    const ring = this.rings.find((candidate) => candidate.id === selected?.ringId);
    if (!draw || !selected || !ring) return false;
    const shorter = withoutVertex(ring.ring, selected.index);
    if (!shorter) return false;
    draw.updateFeatureGeometry(ring.id, { type: "Polygon", coordinates: [shorter] });
    this.selectedVertex = null;
    this.sync();
    return true;
  }

  /**
   * A typed vertex (coordinate entry). Drawing a ring (polygon, hole, part): the points gather until there
   * are three, then they become the ring, ready for more. Editing: the vertex goes after the chosen one, or
   * at the end of the first part when none is chosen; it becomes the chosen vertex, so typed vertices follow
   * one another in order.
   */
  addTypedVertex(position: Position): void {
    const draw = this.draw;
    if (!draw || !this.active) return;
    const [point] = roundRing([position]);
    this.notice = null;
    if (this.tool === "edit") {
      const ring =
        this.rings.find((candidate) => candidate.id === this.selectedVertex?.ringId) ??
        this.rings.find((candidate) => candidate.role === "part");
      if (!ring) return;
      const after =
        this.selectedVertex?.ringId === ring.id ? this.selectedVertex.index : ring.ring.length - 2;
      draw.updateFeatureGeometry(ring.id, {
        type: "Polygon",
        coordinates: [withInsertedVertex(ring.ring, after, point)],
      });
      this.selectedVertex = { ringId: ring.id, index: after + 1 };
      this.sync();
      return;
    }
    if (this.tool === "idle") return;
    this.typedPoints = [...this.typedPoints, point];
    if (this.typedPoints.length < 3) {
      this.sync();
      return;
    }
    this.finishTypedRing(draw);
  }

  /** Moves the chosen vertex to a typed position. Returns whether a vertex was chosen. */
  moveSelectedVertex(position: Position): boolean {
    const draw = this.draw;
    const selected = this.selectedVertex;
    const ring = this.rings.find((candidate) => candidate.id === selected?.ringId);
    if (!draw || !selected || !ring) return false;
    const [point] = roundRing([position]);
    draw.updateFeatureGeometry(ring.id, {
      type: "Polygon",
      coordinates: [withMovedVertex(ring.ring, selected.index, point)],
    });
    this.sync();
    return true;
  }

  private finishTypedRing(draw: TerraDraw): void {
    const points = this.typedPoints;
    this.typedPoints = [];
    const ring = [...points, points[0]];
    const role: RingRole = this.tool === "hole" ? "hole" : "part";
    const part = role === "hole" ? partContaining(this.rings, ring) : undefined;
    if (role === "hole" && !part) {
      this.notice = "hole-outside-block";
      this.sync();
      return;
    }
    const id = crypto.randomUUID();
    const [result] = draw.addFeatures(
      ringFeatures([{ id, role, ...(part ? { partOf: part.id } : {}), ring }]),
    );
    if (!result?.valid) {
      this.sync();
      return;
    }
    this.tool = "edit";
    draw.setMode(SELECT_MODE);
    draw.selectFeature(id);
    this.selectedVertex = { ringId: id, index: points.length - 1 };
    this.sync();
  }

  setSnapping(enabled: boolean): void {
    this.snappingEnabled = enabled;
    this.applySnapping();
  }

  /** The tolerance and the targets (vertices, edges) snapping uses. */
  setSnapSettings(settings: SnapSettings): void {
    this.snapSettings = settings;
    this.applySnapping();
  }

  /** The GeoJSON snapped to: reference layers and blocks as loaded by the app. */
  setSnapSources(sources: readonly SnapSource[]): void {
    this.snapRings = indexRings(sources);
  }

  /** Marks where the server found a geometry problem (e.g. a self-intersection), or clears it. */
  setProblemLocation(location: Position | null): void {
    this.problemLocation = location;
    this.refreshMarkers();
  }

  setCompareOutlines(outlines: CompareCollection | null): void {
    this.compare = outlines ?? { type: "FeatureCollection", features: [] };
    if (this.styleReady) {
      addDrawMarkerLayers(this.map);
      setCompareOutlines(this.map, this.compare);
    }
  }

  /** Before the style is replaced (basemap switch): remove terra-draw's layers while they still exist. */
  suspend(): void {
    this.styleReady = false;
    this.detach();
  }

  /** After the new style loaded: the drawing and our markers again. */
  resume(): void {
    this.styleReady = true;
    addDrawMarkerLayers(this.map);
    setCompareOutlines(this.map, this.compare);
    if (this.active) {
      this.attach();
      this.setTool(this.tool === "idle" ? "edit" : this.tool);
    }
    this.refreshMarkers();
    for (const callback of this.readyCallbacks.splice(0)) callback();
  }

  destroy(): void {
    this.map.off("click", this.onMapClick);
    this.map.off("mousedown", this.onMapPointerDown);
    this.map.off("touchstart", this.onMapPointerDown);
    this.detach();
    this.listeners.clear();
  }

  private attach(): void {
    this.detach();
    addDrawMarkerLayers(this.map);
    this.draw = startTerraDraw({
      map: this.map,
      rings: this.rings,
      roleBeingDrawn: () => this.roleBeingDrawn(),
      snapping: this.snapping(),
      onChange: () => this.sync(),
      onRingFinished: (id) => this.onRingFinished(id),
    });
  }

  private detach(): void {
    if (!this.draw) return;
    const draw = this.draw;
    this.draw = null;
    if (draw.enabled) draw.stop();
  }

  private onRingFinished(id: string): void {
    const draw = this.draw;
    const feature = draw?.getSnapshotFeature(id);
    if (!draw || !feature || feature.geometry.type !== "Polygon") return;
    const ring = feature.geometry.coordinates[0];
    const role: RingRole = this.tool === "hole" ? "hole" : "part";
    if (role === "hole") {
      const part = partContaining(this.rings, ring);
      if (!part) {
        draw.removeFeatures([id]);
        this.notice = "hole-outside-block";
        this.sync();
        return;
      }
      draw.updateFeatureProperties(id, { role, partOf: part.id });
    } else {
      draw.updateFeatureProperties(id, { role });
    }
    this.sync();
    // Ready to edit the vertices of what was just drawn.
    this.tool = "edit";
    this.discardAsked = false;
    draw.setMode(SELECT_MODE);
    draw.selectFeature(id);
    this.sync();
  }

  private readonly onMapClick = (event: MapMouseEvent): void => {
    if (this.tool !== "edit" || !this.active) return;
    this.selectedVertex = nearestVertex(this.rings, event.point, this.projection);
    this.selectRingOf(this.selectedVertex);
    this.refreshMarkers();
    this.emit();
  };

  /**
   * A press on a handle of a ring terra-draw has not selected (a hole, another part) selects that ring first,
   * so the drag that follows moves the vertex (terra-draw decides what a drag moves once the pointer moves).
   */
  private readonly onMapPointerDown = (event: { point: { x: number; y: number } }): void => {
    if (this.tool !== "edit" || !this.active) return;
    this.selectRingOf(nearestVertex(this.rings, event.point, this.projection));
  };

  private selectRingOf(vertex: { ringId: string } | null): void {
    const draw = this.draw;
    if (!draw || !vertex || vertex.ringId === this.terraSelectedId || !draw.hasFeature(vertex.ringId)) return;
    draw.selectFeature(vertex.ringId);
    this.terraSelectedId = vertex.ringId;
  }

  private roleBeingDrawn(): RingRole {
    return this.tool === "hole" ? "hole" : "part";
  }

  private snapping() {
    return snappingOption(this.snappingEnabled, () => this.snapRings, this.projection, this.snapSettings);
  }

  private readonly projection = {
    project: (lng: number, lat: number) => this.map.project([lng, lat]),
    unproject: (x: number, y: number) => this.map.unproject([x, y]),
  };

  private applySnapping(): void {
    const draw = this.draw;
    if (!draw) return;
    draw.updateModeOptions<typeof TerraDrawPolygonMode>(POLYGON_MODE, { snapping: this.snapping() });
    draw.updateModeOptions<typeof TerraDrawSelectMode>(SELECT_MODE, { flags: selectFlags(this.snapping()) });
    this.emit();
  }

  /** Reads the rings back from terra-draw's store and tells the listeners. */
  private sync(): void {
    let inProgress: Position[] | null = null;
    if (this.draw) {
      const read = readRings(this.draw, this.roleBeingDrawn());
      this.rings = read.rings;
      inProgress = read.inProgress;
      this.terraSelectedId = read.selectedId;
    }
    this.state = this.computeState(inProgress);
    this.refreshMarkers();
    this.emit();
  }

  private computeState(inProgress: Position[] | null): DrawState {
    return drawStateOf({
      tool: this.tool,
      rings: this.rings,
      inProgress,
      role: this.roleBeingDrawn(),
      canUndo: this.draw?.canUndo() ?? false,
      canRedo: this.draw?.canRedo() ?? false,
      selectedVertex: this.selectedVertex,
      notice: this.notice,
      typedPoints: this.typedPoints,
      discardAsked: this.discardAsked,
    });
  }

  private refreshMarkers(): void {
    if (!this.styleReady) return;
    addDrawMarkerLayers(this.map);
    setMarkers(
      this.map,
      drawMarkers(
        this.state.kinks,
        this.problemLocation,
        this.rings,
        this.selectedVertex,
        this.typedPoints,
        this.active && this.tool === "edit" ? (this.terraSelectedId ?? "") : null,
      ),
    );
  }

  private emit(): void {
    this.state = {
      ...this.state,
      tool: this.tool,
      selectedVertex: this.selectedVertex,
      notice: this.notice,
      typedPoints: this.typedPoints,
      discardAsked: this.discardAsked,
    };
    for (const listener of this.listeners) listener(this.state);
  }
}
