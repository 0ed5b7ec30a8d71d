import { useCallback, useEffect, useState } from "react";
import { type BlockCounts, fetchBlockCounts } from "../api/blocks.js";
import {
  fetchLayer,
  fetchLayerLabels,
  fetchLayers,
  type LayerId,
  type LayerInfo,
  type ZoneCollection,
  type ZoneLabelCollection,
} from "../api/layers.js";
import { fetchParks, type Park } from "../api/parks.js";
import type { ApiProblem } from "../api/request.js";
import type { MapView } from "../map/map-view.js";
import { LABELLED_REFERENCE_LAYERS } from "../map/style.js";

export interface MapData {
  parks: Park[];
  layers: LayerInfo[];
  /**
   * The reference layers' GeoJSON, for what works on their shapes (an overlap view, snapping): loaded once the
   * map's first view is drawn, which needs none of it (the tiles carry every reference polygon; issue #16).
   */
  layerData: Partial<Record<LayerId, ZoneCollection>>;
  /** The labelled reference layers' label points: the only reference data the first view fetches. */
  labelData: Partial<Record<LayerId, ZoneLabelCollection>>;
  /**
   * Counts the block refreshes (a write here or announced by the server): the map reloads its block tiles and
   * the open block is fetched again when it changes. The blocks themselves are never all downloaded (issue #16).
   */
  blocksVersion: number;
  /** The layer catalogue's counts, from the server's group by (not counted from `blocks`). */
  counts: BlockCounts;
}

export type MapDataState =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; data: MapData };

/**
 * Loads everything the map and the catalogue show, in parallel, and the reference layers' GeoJSON once
 * `mapView` has drawn its first view; `reload` tries again after a failure.
 */
export function useMapData(mapView: MapView | null): {
  state: MapDataState;
  reload: () => void;
  refreshBlocks: () => Promise<void>;
} {
  const [state, setState] = useState<MapDataState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` changes only to load again
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      const [parks, layers, counts, labels] = await Promise.all([
        fetchParks(signal),
        fetchLayers(signal),
        fetchBlockCounts(signal),
        Promise.all(LABELLED_REFERENCE_LAYERS.map((id) => fetchLayerLabels(id, signal))),
      ]);
      if (signal.aborted) return;
      if (!parks.ok) return setState({ status: "failed", problem: parks.problem });
      if (!layers.ok) return setState({ status: "failed", problem: layers.problem });
      if (!counts.ok) return setState({ status: "failed", problem: counts.problem });
      const labelData: Partial<Record<LayerId, ZoneLabelCollection>> = {};
      for (const [index, result] of labels.entries()) {
        if (!result.ok) return setState({ status: "failed", problem: result.problem });
        labelData[LABELLED_REFERENCE_LAYERS[index]] = result.value;
      }
      setState({
        status: "ready",
        data: {
          parks: parks.value,
          layers: layers.value,
          layerData: {},
          labelData,
          blocksVersion: 0,
          counts: counts.value,
        },
      });
    })();
    return () => controller.abort();
  }, [attempt]);

  // The reference layers' GeoJSON once the first view is drawn (each merged in as it comes).
  const ready = state.status === "ready";
  const layers = state.status === "ready" ? state.data.layers : undefined;
  useEffect(() => {
    if (!ready || !mapView || !layers) return;
    const controller = new AbortController();
    const { signal } = controller;
    void mapView.firstIdle().then(() => {
      for (const layer of layers) {
        if (signal.aborted) return;
        void fetchLayer(layer.id, signal).then((result) => {
          if (signal.aborted) return;
          if (!result.ok) return setState({ status: "failed", problem: result.problem });
          setState(
            mergedIntoReady((data) => ({ layerData: { ...data.layerData, [layer.id]: result.value } })),
          );
        });
      }
    });
    return () => controller.abort();
  }, [ready, mapView, layers]);

  const reload = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);
  /** After a block was written: the parks' areas and the counts again, and a new blocks version. */
  const refreshBlocks = useCallback(async () => {
    const [parks, counts] = await Promise.all([fetchParks(), fetchBlockCounts()]);
    if (!parks.ok || !counts.ok) return;
    setState(
      mergedIntoReady((data) => ({
        parks: parks.value,
        counts: counts.value,
        blocksVersion: data.blocksVersion + 1,
      })),
    );
  }, []);
  return { state, reload, refreshBlocks };
}

/** A state update that merges `change(data)` into the loaded data (a state not ready stays as it is). */
function mergedIntoReady(change: (data: MapData) => Partial<MapData>) {
  return (current: MapDataState): MapDataState =>
    current.status === "ready"
      ? { status: "ready", data: { ...current.data, ...change(current.data) } }
      : current;
}
