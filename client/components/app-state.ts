import { useCallback, useEffect, useMemo, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { initialLocale, type Locale, MESSAGES, rememberLocale } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import type { ReviewContextValue } from "./review-context.js";
import type { MapData } from "./use-map-data.js";

const NO_LAYER_DATA = {};

/** The UI language: remembered, and set on the document (lang, title). */
export function useLocale() {
  const [locale, setLocale] = useState<Locale>(() => initialLocale(globalThis.localStorage));
  const messages = MESSAGES[locale];
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages.app.title;
  }, [locale, messages]);
  const changeLocale = useCallback((next: Locale) => {
    setLocale(next);
    rememberLocale(globalThis.localStorage, next);
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

/** The loaded blocks by id, and everything drawing snaps to (reference layers and blocks). */
export function useBlockIndex(data: MapData | undefined) {
  const blocksById = useMemo(
    () =>
      new Map<number, BlockFeature>(
        (data?.blocks.features ?? []).map((block) => [block.properties.id, block]),
      ),
    [data],
  );
  const snapSources = useMemo(
    () =>
      data
        ? [...Object.values(data.layerData).flatMap((layer) => layer.features), ...data.blocks.features]
        : [],
    [data],
  );
  return { blocksById, snapSources };
}

/** Moving the map to a block or a sub-park's blocks, and selecting a block with a zoom to it. */
export function useMapNavigation(
  blocksById: Map<number, BlockFeature>,
  data: MapData | undefined,
  mapView: MapView | null,
  setSelectedBlockId: (blockId: number | null) => void,
) {
  const zoomToBlock = useCallback(
    (blockId: number) => {
      const block = blocksById.get(blockId);
      const box = block ? boundingBoxOf([block]) : undefined;
      if (box) mapView?.fitBounds(box);
    },
    [blocksById, mapView],
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
      const box = boundingBoxOf(
        (data?.blocks.features ?? []).filter((block) => block.properties.parkId === parkId),
      );
      if (box) mapView?.fitBounds(box, 14);
    },
    [data, mapView],
  );
  return { zoomToBlock, selectAndZoom, zoomToPark };
}

/** What the review views read and do (review-context.tsx): the map, the data, the selection, the year. */
export function useReviewContextValue(options: {
  mapView: MapView | null;
  data: MapData | undefined;
  selectedBlockId: number | null;
  evaluationYear: number;
  setSelectedBlockId: (blockId: number | null) => void;
  zoomToBlock: (blockId: number) => void;
  refreshBlocks: () => Promise<void>;
}): ReviewContextValue {
  const { mapView, data, selectedBlockId, evaluationYear, setSelectedBlockId, zoomToBlock, refreshBlocks } =
    options;
  return useMemo(
    (): ReviewContextValue => ({
      mapView,
      blocks: data?.blocks,
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
    [mapView, data, selectedBlockId, evaluationYear, zoomToBlock, refreshBlocks, setSelectedBlockId],
  );
}
