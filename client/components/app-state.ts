import { useCallback, useEffect, useMemo, useState } from "react";
import { type BlockFeature, fetchBlockGeometries, fetchBlocksExtent } from "../api/blocks.js";
import {
  initialLocale,
  isLoaded,
  LOCALES,
  type Locale,
  loadMessages,
  messagesFor,
  rememberLocale,
} from "../i18n/i18n-context.js";
import type { SnapSource } from "../map/draw-snapping.js";
import type { MapView } from "../map/map-view.js";
import type { ReviewContextValue } from "./review-context.js";
import type { MapData } from "./use-map-data.js";

const NO_LAYER_DATA = {};

/** The UI language: remembered, and set on the document (lang, title). */
export function useLocale() {
  const [locale, setLocale] = useState<Locale>(() => initialLocale(globalThis.localStorage));
  const messages = messagesFor(locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages.app.title;
  }, [locale, messages]);
  // The other language's strings are a chunk of their own: fetched once the workspace is open, so a switch is at once.
  useEffect(() => {
    for (const other of LOCALES) if (!isLoaded(other)) void loadMessages(other);
  }, []);
  const changeLocale = useCallback((next: Locale) => {
    void loadMessages(next).then(() => {
      setLocale(next);
      rememberLocale(globalThis.localStorage, next);
    });
  }, []);
  return { locale, messages, changeLocale };
}

/** Escape clears the selected block. */
export function useEscapeDeselects(setSelectedBlockId: (blockId: number | null) => void) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setSelectedBlockId(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [setSelectedBlockId]);
}

/** What drawing may snap to, by the snap settings' layer choice: reference layers and other blocks. */
export interface SnapSourceGroups {
  references: readonly SnapSource[];
  blocks: readonly SnapSource[];
}

/** How long the map rests before drawing asks for the blocks in view (ms). */
const SNAP_FETCH_DELAY_MS = 250;

/**
 * What drawing snaps to: the reference layers and the blocks in the map's view, fetched with their geometry
 * while drawing and again after the map moved (GET /api/blocks?bbox=): never every block (issue #16 item 5).
 */
export function useSnapSources(data: MapData | undefined, mapView: MapView | null, drawing: boolean) {
  const [blocksInView, setBlocksInView] = useState<BlockFeature[]>([]);
  const blocksVersion = data?.blocksVersion;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `blocksVersion` changes only to fetch again
  useEffect(() => {
    if (!drawing || !mapView) return setBlocksInView([]);
    let controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      controller.abort();
      controller = new AbortController();
      const signal = controller.signal;
      void fetchBlockGeometries({ bbox: mapView.viewBounds() }, signal).then((result) => {
        if (!signal.aborted && result.ok) setBlocksInView(result.value);
      });
    };
    load();
    const stop = mapView.onMoveEnd(() => {
      clearTimeout(timer);
      timer = setTimeout(load, SNAP_FETCH_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      controller.abort();
      stop();
    };
  }, [drawing, mapView, blocksVersion]);
  return useMemo(
    (): SnapSourceGroups => ({
      references: data ? Object.values(data.layerData).flatMap((layer) => layer.features) : [],
      blocks: blocksInView,
    }),
    [data, blocksInView],
  );
}

/** Moving the map to a block or a sub-park's blocks (the server's extent), and selecting a block with a zoom. */
export function useMapNavigation(
  mapView: MapView | null,
  setSelectedBlockId: (blockId: number | null) => void,
) {
  const zoomToBlock = useCallback(
    (blockId: number) => {
      void fetchBlocksExtent({ ids: [blockId] }).then((box) => {
        if (box.ok && box.value) mapView?.fitBounds(box.value);
      });
    },
    [mapView],
  );
  const selectAndZoom = useCallback(
    (blockId: number) => {
      setSelectedBlockId(blockId);
      zoomToBlock(blockId);
    },
    [zoomToBlock, setSelectedBlockId],
  );
  const zoomToPark = useCallback(
    (parkId: number) => {
      void fetchBlocksExtent({ park: parkId }).then((box) => {
        if (box.ok && box.value) mapView?.fitBounds(box.value, 14);
      });
    },
    [mapView],
  );
  return { zoomToBlock, selectAndZoom, zoomToPark };
}

/** What the review views read and do (review-context.tsx): the map, the data, the selection, the year. */
export function useReviewContextValue(options: {
  mapView: MapView | null;
  data: MapData | undefined;
  selectedBlockId: number | null;
  selectedBlock: BlockFeature | undefined;
  evaluationYear: number;
  setSelectedBlockId: (blockId: number | null) => void;
  zoomToBlock: (blockId: number) => void;
  refreshBlocks: () => Promise<void>;
}): ReviewContextValue {
  const {
    mapView,
    data,
    selectedBlockId,
    selectedBlock,
    evaluationYear,
    setSelectedBlockId,
    zoomToBlock,
    refreshBlocks,
  } = options;
  return useMemo(
    (): ReviewContextValue => ({
      mapView,
      selectedBlock,
      layerData: data?.layerData ?? NO_LAYER_DATA,
      parks: data?.parks ?? [],
      selectedBlockId,
      evaluationYear,
      selectBlock: (blockId, zoom) => {
        setSelectedBlockId(blockId);
        if (zoom && blockId !== null) zoomToBlock(blockId);
      },
      reload: () => void refreshBlocks(),
    }),
    [
      mapView,
      data,
      selectedBlockId,
      selectedBlock,
      evaluationYear,
      zoomToBlock,
      refreshBlocks,
      setSelectedBlockId,
    ],
  );
}
