import "maplibre-gl/dist/maplibre-gl.css";
import type { FeatureCollection, Point } from "geojson";
import {
  type GeoJSONSource,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { LayerId } from "../../server/domain/layers.js";
import type { BoundingBox } from "../geo/bbox.js";
import { type Basemap, OWN_LAYERS_BASEMAP } from "./basemap.js";
import {
  BLOCK_FILL_LAYER,
  BLOCK_POINT_LAYER,
  BLOCK_POINTS_SOURCE_LAYER,
  BLOCKS_SOURCE,
  BLOCKS_SOURCE_LAYER,
  blockFilters,
} from "./block-layers.js";
import type { DrawController } from "./draw-controller.js";
import type { LayerVisibility } from "./layer-visibility.js";
import { applyOverlay, type OverlayId } from "./overlay-layers.js";
import {
  buildStyle,
  LABELLED_REFERENCE_LAYERS,
  mapLayersOfReference,
  referenceLabelSource,
} from "./style.js";

// maplibre-gl 6 loses its worker once bundled: point it at the worker file Vite emits.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The MapLibre map, for browser tests (picking and counting only, never areas). */
    __map?: MapLibreMap;
    /** True from the first `idle` after the map data (reference layers, block counts) was handed over. */
    __mapIdle?: boolean;
  }
}

/** Beijing's administrative extent, with a little margin: the first view. */
export const BEIJING_BOUNDS: BoundingBox = [115.4, 39.42, 117.52, 41.07];

export type LngLatPair = [number, number];

/** How far (screen px) from a small block's dot a click still picks it. */
const POINT_PICK_PX = 4;

export interface MapViewOptions {
  container: HTMLElement;
  /** A block was clicked (its id), or empty map was clicked (null). */
  onBlockClick(blockId: number | null): void;
  basemap?: Basemap;
}

/**
 * The one owner of the MapLibre map (STYLE.md: the only code that imports maplibre-gl). React creates it
 * once and feeds it data; it skips `setData` when it is handed the same object again, and re-applies
 * everything when the style is replaced (basemap switch).
 */
export class MapView {
  readonly map: MapLibreMap;
  private basemap: Basemap;
  private styleReady = false;
  private readonly data = new Map<string, FeatureCollection>();
  private readonly applied = new Map<string, FeatureCollection>();
  private visibility: LayerVisibility | undefined;
  private selectedBlockId: number | null = null;
  private readonly cursorListeners = new Set<(lngLat: LngLatPair | null) => void>();
  private readonly zoomListeners = new Set<(zoom: number) => void>();
  private idleFlagPending = false;
  private markFirstIdle: () => void = () => {};
  /** Resolved at the map's first idle after the first data (when window.__mapIdle turns true). */
  private readonly firstIdlePromise = new Promise<void>((resolve) => {
    this.markFirstIdle = resolve;
  });
  private drawController: DrawController | null = null;
  private blocksVersion: number | null = null;
  /** The block whose feature state says `selected` in the current style. */
  private appliedSelection: number | null = null;
  /** The blocks changed since the tiles were last loaded: they are refreshed once the style is ready. */
  private tilesStale = false;
  private readonly overlays = new Map<OverlayId, FeatureCollection | null>();
  private readonly clickListeners = new Set<(lngLat: LngLatPair) => void>();
  /** Listeners that take every click for themselves (a parcel's corners): a click then selects no block. */
  private clickCaptures = 0;

  constructor({ container, onBlockClick, basemap = OWN_LAYERS_BASEMAP }: MapViewOptions) {
    this.basemap = basemap;
    this.map = new MapLibreMap({
      container,
      style: buildStyle(basemap),
      bounds: BEIJING_BOUNDS,
      fitBoundsOptions: { padding: 16 },
      minZoom: 6,
      maxZoom: 18,
      maxPitch: 0,
      attributionControl: { compact: true },
    });
    this.map.addControl(new NavigationControl({ showCompass: true, visualizePitch: false }), "top-right");
    this.map.addControl(new ScaleControl({ unit: "metric", maxWidth: 140 }), "bottom-left");

    this.map.on("style.load", () => {
      this.styleReady = true;
      this.applied.clear();
      // A new style loads every tile afresh and has no feature state yet.
      this.tilesStale = false;
      this.appliedSelection = null;
      this.applyAll();
      this.drawController?.resume();
      for (const [id, collection] of this.overlays) applyOverlay(this.map, id, collection);
    });
    this.map.on("click", (event) => {
      if (this.clickCaptures === 0) onBlockClick(this.blockIdAt(event));
    });
    this.map.on("click", (event) => {
      for (const listener of this.clickListeners) listener([event.lngLat.lng, event.lngLat.lat]);
    });
    for (const layer of [BLOCK_FILL_LAYER, BLOCK_POINT_LAYER]) {
      this.map.on("mouseenter", layer, () => {
        this.map.getCanvas().style.cursor = "pointer";
      });
      this.map.on("mouseleave", layer, () => {
        this.map.getCanvas().style.cursor = "";
      });
    }
    this.map.on("mousemove", (event) => this.emitCursor([event.lngLat.lng, event.lngLat.lat]));
    this.map.on("mouseout", () => this.emitCursor(null));
    this.map.on("zoom", () => this.emitZoom());
    window.__map = this.map;
  }

  /** The drawing and editing of a block (terra-draw), loaded and created on first use (its own chunk). */
  async drawing(): Promise<DrawController> {
    const { DrawController } = await import("./draw-controller.js");
    this.drawController ??= new DrawController(this.map);
    return this.drawController;
  }

  destroy(): void {
    this.drawController?.destroy();
    this.cursorListeners.clear();
    this.zoomListeners.clear();
    this.clickListeners.clear();
    this.map.remove();
    if (window.__map === this.map) window.__map = undefined;
  }

  /**
   * One labelled reference layer's label points (GET /api/layers/:id/labels). Its polygons, and every other
   * reference layer's, come from the vector tiles (style.ts).
   */
  setReferenceLabels(id: LayerId, collection: FeatureCollection<Point>): void {
    if (!LABELLED_REFERENCE_LAYERS.includes(id) || this.data.get(referenceLabelSource(id)) === collection)
      return;
    this.data.set(referenceLabelSource(id), collection);
    this.applyAll();
  }

  /** Resolves once the map has first drawn everything it was given (the first view is done). */
  firstIdle(): Promise<void> {
    return this.firstIdlePromise;
  }

  /**
   * The blocks changed on the server (a write here or one announced): the block tiles are fetched again. Blocks,
   * their names and the selection all come from the tiles (issue #16 item 5: the page never downloads every
   * block). The tile URLs never change: each tile is revalidated by its content-hash ETag, so only the tiles an
   * edit touched come back with a body.
   */
  setBlocksVersion(version: number): void {
    if (this.blocksVersion === version) return;
    const reloaded = this.blocksVersion !== null;
    this.blocksVersion = version;
    if (!reloaded) this.idleFlagPending = true;
    else this.tilesStale = true;
    this.applyAll();
  }

  /** The map's view as a lon/lat box [west, south, east, north] (what drawing snaps to). */
  viewBounds(): BoundingBox {
    const bounds = this.map.getBounds();
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
  }

  /** After every pan or zoom. Returns an unsubscribe. */
  onMoveEnd(listener: () => void): () => void {
    this.map.on("moveend", listener);
    return () => this.map.off("moveend", listener);
  }

  setVisibility(visibility: LayerVisibility): void {
    if (this.visibility === visibility) return;
    this.visibility = visibility;
    if (this.styleReady) this.applyVisibility();
  }

  setSelectedBlock(blockId: number | null): void {
    if (this.selectedBlockId === blockId) return;
    this.selectedBlockId = blockId;
    if (this.styleReady) this.applySelection();
  }

  /** Replaces what is drawn under our layers; our data and settings are applied again on the new style. */
  setBasemap(basemap: Basemap): void {
    if (basemap === this.basemap) return;
    this.basemap = basemap;
    this.styleReady = false;
    this.drawController?.suspend();
    this.map.setStyle(buildStyle(basemap), { diff: false });
  }

  fitBounds(box: BoundingBox, maxZoom = 15): void {
    this.map.fitBounds(box, { padding: 48, maxZoom, duration: 600 });
  }

  /** Cursor position in lon/lat, or null when the pointer leaves the map. Returns an unsubscribe. */
  onCursorMove(listener: (lngLat: LngLatPair | null) => void): () => void {
    this.cursorListeners.add(listener);
    return () => this.cursorListeners.delete(listener);
  }

  /** A highlight or preview overlay (overlay-layers.ts); null empties it. Kept across basemap switches. */
  setOverlay(id: OverlayId, collection: FeatureCollection | null): void {
    if (this.overlays.get(id) === collection) return;
    this.overlays.set(id, collection);
    if (this.styleReady) applyOverlay(this.map, id, collection);
  }

  /** Room kept free on the map's left (a view panel floats there): zooming centres in what stays visible. */
  setLeftInset(px: number): void {
    this.map.setPadding({ top: 0, right: 0, bottom: 0, left: px });
  }

  /**
   * Every click on the map, in lon/lat (the site check). With `captures`, while the listener is registered a
   * click is its alone and selects no block (corners of a parcel drawn over blocks). Returns an unsubscribe.
   */
  onMapClick(listener: (lngLat: LngLatPair) => void, { captures = false } = {}): () => void {
    this.clickListeners.add(listener);
    if (captures) this.clickCaptures += 1;
    return () => {
      if (this.clickListeners.delete(listener) && captures) this.clickCaptures -= 1;
    };
  }

  onZoom(listener: (zoom: number) => void): () => void {
    this.zoomListeners.add(listener);
    listener(this.map.getZoom());
    return () => this.zoomListeners.delete(listener);
  }

  private blockIdAt(event: MapMouseEvent): number | null {
    if (!this.map.getLayer(BLOCK_FILL_LAYER)) return null;
    // Where blocks overlap, the smallest is the one drawn on top (fill-sort-key) and so the one meant. A small
    // block's dot (overview zooms) is a few pixels wide: a click within POINT_PICK_PX of it picks it too, before
    // the polygons under it (a dot is a block under 4 px, drawn over them). Overview features carry no area:
    // their tiles send larger blocks first, so the first feature found (the top-most drawn) is the smallest.
    const { x, y } = event.point;
    const near = [
      [x - POINT_PICK_PX, y - POINT_PICK_PX],
      [x + POINT_PICK_PX, y + POINT_PICK_PX],
    ] as [[number, number], [number, number]];
    const points = this.map.getLayer(BLOCK_POINT_LAYER)
      ? this.map.queryRenderedFeatures(near, { layers: [BLOCK_POINT_LAYER] })
      : [];
    const features =
      points.length > 0
        ? points
        : this.map.queryRenderedFeatures(event.point, { layers: [BLOCK_FILL_LAYER] });
    let picked: { id: number; areaKm2: number } | null = null;
    for (const feature of features) {
      const id = feature.id;
      if (typeof id !== "number") continue;
      const areaKm2 = feature.properties?.areaKm2;
      if (typeof areaKm2 !== "number") return picked?.id ?? id;
      if (!picked || areaKm2 < picked.areaKm2) picked = { id, areaKm2 };
    }
    return picked?.id ?? null;
  }

  private applyAll(): void {
    if (!this.styleReady) return;
    for (const [sourceId, collection] of this.data) {
      if (this.applied.get(sourceId) === collection) continue;
      const source = this.map.getSource<GeoJSONSource>(sourceId);
      if (!source) continue;
      source.setData(collection);
      this.applied.set(sourceId, collection);
    }
    this.applyBlockTiles();
    this.applyVisibility();
    this.applySelection();
    if (this.idleFlagPending && this.blocksVersion !== null) {
      this.idleFlagPending = false;
      this.map.once("idle", () => {
        window.__mapIdle = true;
        this.markFirstIdle();
      });
      // An idle map fires no further idle event until something is drawn again.
      this.map.triggerRepaint();
    }
  }

  /**
   * Issue #18 item 5: after an edit the tiles are reloaded in place (`refreshTiles`), with no layout or
   * visibility change next to it. (Toggling the block layers' visibility after `setTiles` paused the source
   * until the next frame in MapLibre 6.17, and a new-tiles event arriving meanwhile was dropped: the map kept
   * the old boundary.) Selection is feature state, which survives the reload.
   */
  private applyBlockTiles(): void {
    if (!this.tilesStale || !this.map.getSource(BLOCKS_SOURCE)) return;
    this.tilesStale = false;
    this.map.refreshTiles(BLOCKS_SOURCE);
  }

  private applyVisibility(): void {
    const visibility = this.visibility;
    if (!visibility) return;
    for (const id of Object.keys(visibility.reference) as LayerId[]) {
      const value = visibility.reference[id] ? "visible" : "none";
      for (const layerId of mapLayersOfReference(id)) {
        if (this.map.getLayer(layerId)) this.map.setLayoutProperty(layerId, "visibility", value);
      }
    }
    for (const [layerId, filter] of Object.entries(blockFilters(visibility))) {
      this.map.setFilter(layerId, filter);
    }
  }

  private applySelection(): void {
    if (this.appliedSelection === this.selectedBlockId || !this.map.getSource(BLOCKS_SOURCE)) return;
    // A block is a polygon or (overview zooms, small) a point: both carry the state.
    for (const sourceLayer of [BLOCKS_SOURCE_LAYER, BLOCK_POINTS_SOURCE_LAYER]) {
      const feature = (id: number) => ({ source: BLOCKS_SOURCE, sourceLayer, id });
      if (this.appliedSelection !== null)
        this.map.removeFeatureState(feature(this.appliedSelection), "selected");
      if (this.selectedBlockId !== null)
        this.map.setFeatureState(feature(this.selectedBlockId), { selected: true });
    }
    this.appliedSelection = this.selectedBlockId;
  }

  private emitCursor(lngLat: LngLatPair | null): void {
    for (const listener of this.cursorListeners) listener(lngLat);
  }

  private emitZoom(): void {
    const zoom = this.map.getZoom();
    for (const listener of this.zoomListeners) listener(zoom);
  }
}
