import { useCallback, useEffect, useState } from "react";
import { type BlockCounts, fetchBlockCounts } from "../api/blocks.js";
import { fetchLayer, fetchLayers, type LayerId, type LayerInfo, type ZoneCollection } from "../api/layers.js";
import { fetchParks, type Park } from "../api/parks.js";
import type { ApiProblem } from "../api/request.js";
import { referenceDrawnAtFirstView } from "../map/style.js";

export interface MapData {
  parks: Park[];
  layers: LayerInfo[];
  layerData: Partial<Record<LayerId, ZoneCollection>>;
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
      const [parks, layers, counts] = await Promise.all([
        fetchParks(signal),
        fetchLayers(signal),
        fetchBlockCounts(signal),
      ]);
      if (signal.aborted) return;
      if (!parks.ok) return setState({ status: "failed", problem: parks.problem });
      if (!layers.ok) return setState({ status: "failed", problem: layers.problem });
      if (!counts.ok) return setState({ status: "failed", problem: counts.problem });
      // What the first view draws first; the other layers' GeoJSON right after, merged in when it comes.
      const first = layers.value.filter((layer) => referenceDrawnAtFirstView(layer.id));
      const later = layers.value.filter((layer) => !referenceDrawnAtFirstView(layer.id));
      const load = async (wanted: LayerInfo[]) => {
        const collections = await Promise.all(wanted.map((layer) => fetchLayer(layer.id, signal)));
        const layerData: Partial<Record<LayerId, ZoneCollection>> = {};
        for (const [index, result] of collections.entries()) {
          if (!result.ok) return { ok: false as const, problem: result.problem };
          layerData[wanted[index].id] = result.value;
        }
        return { ok: true as const, layerData };
      };
      const loaded = await load(first);
      if (signal.aborted) return;
      if (!loaded.ok) return setState({ status: "failed", problem: loaded.problem });
      const { layerData } = loaded;
      void load(later).then((more) => {
        if (signal.aborted) return;
        if (!more.ok) return setState({ status: "failed", problem: more.problem });
        setState((current) =>
          current.status === "ready"
            ? {
                status: "ready",
                data: { ...current.data, layerData: { ...current.data.layerData, ...more.layerData } },
              }
            : current,
        );
      });
      setState({
        status: "ready",
        data: {
          parks: parks.value,
          layers: layers.value,
          layerData,
          blocksVersion: 0,
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
  /** After a block was written: the parks' areas and the counts again, and a new blocks version. */
  const refreshBlocks = useCallback(async () => {
    const [parks, counts] = await Promise.all([fetchParks(), fetchBlockCounts()]);
    if (!parks.ok || !counts.ok) return;
    setState((current) =>
      current.status === "ready"
        ? {
            status: "ready",
            data: {
              ...current.data,
              parks: parks.value,
              counts: counts.value,
              blocksVersion: current.data.blocksVersion + 1,
            },
          }
        : current,
    );
  }, []);
  return { state, reload, refreshBlocks };
}
