import { useCallback, useEffect, useState } from "react";
import { type BlockCollection, type BlockCounts, fetchBlockCounts, fetchBlocks } from "../api/blocks.js";
import { fetchLayer, fetchLayers, type LayerId, type LayerInfo, type ZoneCollection } from "../api/layers.js";
import { fetchParks, type Park } from "../api/parks.js";
import type { ApiProblem } from "../api/request.js";

export interface MapData {
  parks: Park[];
  layers: LayerInfo[];
  layerData: Partial<Record<LayerId, ZoneCollection>>;
  blocks: BlockCollection;
  /** The layer catalogue's counts, from the server's group by (not counted from `blocks`). */
  counts: BlockCounts;
}

export type MapDataState =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; data: MapData };

/** Loads everything the map and the catalogue show, in parallel; `reload` tries again after a failure. */
export function useMapData(): {
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
      const [parks, layers, blocks, counts] = await Promise.all([
        fetchParks(signal),
        fetchLayers(signal),
        fetchBlocks(signal),
        fetchBlockCounts(signal),
      ]);
      if (signal.aborted) return;
      if (!parks.ok) return setState({ status: "failed", problem: parks.problem });
      if (!layers.ok) return setState({ status: "failed", problem: layers.problem });
      if (!blocks.ok) return setState({ status: "failed", problem: blocks.problem });
      if (!counts.ok) return setState({ status: "failed", problem: counts.problem });
      const collections = await Promise.all(layers.value.map((layer) => fetchLayer(layer.id, signal)));
      if (signal.aborted) return;
      const layerData: Partial<Record<LayerId, ZoneCollection>> = {};
      for (const [index, result] of collections.entries()) {
        if (!result.ok) return setState({ status: "failed", problem: result.problem });
        layerData[layers.value[index].id] = result.value;
      }
      setState({
        status: "ready",
        data: {
          parks: parks.value,
          layers: layers.value,
          layerData,
          blocks: blocks.value,
          counts: counts.value,
        },
      });
    })();
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);
  /** After a block was saved: the blocks and the parks' areas again, without a loading state. */
  const refreshBlocks = useCallback(async () => {
    const [parks, blocks, counts] = await Promise.all([fetchParks(), fetchBlocks(), fetchBlockCounts()]);
    if (!parks.ok || !blocks.ok || !counts.ok) return;
    setState((current) =>
      current.status === "ready"
        ? {
            status: "ready",
            data: { ...current.data, parks: parks.value, blocks: blocks.value, counts: counts.value },
          }
        : current,
    );
  }, []);
  return { state, reload, refreshBlocks };
}
