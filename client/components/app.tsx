import { useCallback, useEffect, useMemo, useState } from "react";
import type { BlockFeature } from "../api.js";
import { boundingBoxOf } from "../geo/bbox.js";
import {
  initialLocale,
  type Locale,
  MESSAGES,
  MessagesContext,
  rememberLocale,
} from "../i18n/i18n-context.js";
import { defaultLayerVisibility, type LayerVisibility } from "../map/layer-visibility.js";
import type { MapView } from "../map/map-view.js";
import { BlockPanel } from "./block-panel.js";
import { BlockSearch } from "./block-search.js";
import { LayerCatalogue } from "./layer-catalogue.js";
import { MapHost } from "./map-host.js";
import { StatusBar } from "./status-bar.js";
import { TopBar } from "./top-bar.js";
import { useMapData } from "./use-map-data.js";

const NO_LAYER_DATA = {};

/** The workspace: top bar, layer catalogue on the left, the map, the context panel on the right, status bar. */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => initialLocale(globalThis.localStorage));
  const messages = MESSAGES[locale];
  const { state, reload } = useMapData();
  const [visibility, setVisibility] = useState<LayerVisibility>(defaultLayerVisibility);
  const [selectedBlockId, setSelectedBlockId] = useState<number | null>(null);
  const [mapView, setMapView] = useState<MapView | null>(null);

  const data = state.status === "ready" ? state.data : undefined;
  const blocksById = useMemo(
    () =>
      new Map<number, BlockFeature>(
        (data?.blocks.features ?? []).map((block) => [block.properties.id, block]),
      ),
    [data],
  );
  const selectedBlock = selectedBlockId === null ? undefined : blocksById.get(selectedBlockId);
  const selectedPark = data?.parks.find((park) => park.id === selectedBlock?.properties.parkId);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages.app.title;
  }, [locale, messages]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setSelectedBlockId(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const changeLocale = useCallback((next: Locale) => {
    setLocale(next);
    rememberLocale(globalThis.localStorage, next);
  }, []);

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
    [zoomToBlock],
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

  return (
    <MessagesContext.Provider value={messages}>
      <div className="workspace">
        <TopBar locale={locale} onLocaleChange={changeLocale} />
        <nav className="left-panel" aria-label={messages.catalogue.title}>
          {data ? (
            <>
              <BlockSearch
                blocks={data.blocks}
                parks={data.parks}
                onSelectBlock={selectAndZoom}
                onSelectPark={zoomToPark}
              />
              <LayerCatalogue
                layers={data.layers}
                blocks={data.blocks}
                visibility={visibility}
                onChange={setVisibility}
              />
            </>
          ) : state.status === "failed" ? (
            <div className="error" role="alert">
              <p>{messages.app.loadFailed(state.problem.message)}</p>
              <button type="button" className="secondary-button" onClick={reload}>
                {messages.app.retry}
              </button>
            </div>
          ) : (
            <p className="muted">{messages.app.loading}</p>
          )}
        </nav>
        <main className="map-area">
          <MapHost
            blocks={data?.blocks}
            layerData={data?.layerData ?? NO_LAYER_DATA}
            visibility={visibility}
            selectedBlockId={selectedBlockId}
            onBlockClick={setSelectedBlockId}
            onMapView={setMapView}
          />
        </main>
        <BlockPanel
          block={selectedBlock}
          park={selectedPark}
          onClose={() => setSelectedBlockId(null)}
          onZoomTo={() => selectedBlockId !== null && zoomToBlock(selectedBlockId)}
        />
        <StatusBar mapView={mapView} />
      </div>
    </MessagesContext.Provider>
  );
}
