import type { FeatureCollection } from "geojson";
import { createContext, type DependencyList, useContext, useEffect, useRef, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import type { LayerId, ZoneCollection } from "../api/layers.js";
import type { Park } from "../api/parks.js";
import type { ApiProblem, ApiResult } from "../api/request.js";
import type { MapView } from "../map/map-view.js";
import type { OverlayId } from "../map/overlay-layers.js";

/** What the review views need from the workspace: the map, the loaded data, selection and reloading. */
export interface ReviewContextValue {
  mapView: MapView | null;
  /** The selected block in full (fetched on selection: the map draws blocks from tiles). */
  selectedBlock: BlockFeature | undefined;
  layerData: Partial<Record<LayerId, ZoneCollection>>;
  parks: Park[];
  selectedBlockId: number | null;
  /** The evaluation year chosen in the top bar. */
  evaluationYear: number;
  /** Selects a block (null clears); `zoom` also zooms the map to it. */
  selectBlock(blockId: number | null, zoom?: boolean): void;
  /** Loads blocks and layers again (after a write). */
  reload(): void;
}

export const ReviewContext = createContext<ReviewContextValue>({
  mapView: null,
  selectedBlock: undefined,
  layerData: {},
  parks: [],
  selectedBlockId: null,
  evaluationYear: new Date().getFullYear() - 1,
  selectBlock: () => undefined,
  reload: () => undefined,
});

export function useReview(): ReviewContextValue {
  return useContext(ReviewContext);
}

/** Shows `collection` in a map overlay while the component is mounted (and empties it after). */
export function useOverlay(id: OverlayId, collection: FeatureCollection | null): void {
  const { mapView } = useReview();
  useEffect(() => {
    mapView?.setOverlay(id, collection);
  }, [mapView, id, collection]);
  useEffect(() => () => mapView?.setOverlay(id, null), [mapView, id]);
}

export type Loaded<T> =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; value: T };

/** Runs an API call when `deps` change (cancelling the previous one) and keeps its state. */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<ApiResult<T>>,
  deps: DependencyList,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  const loadRef = useRef(load);
  loadRef.current = load;
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's dependencies
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    void loadRef.current(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(
        result.ok ? { status: "ready", value: result.value } : { status: "failed", problem: result.problem },
      );
    });
    return () => controller.abort();
  }, [key]);
  return state;
}
