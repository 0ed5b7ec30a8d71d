import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
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
import { BasemapMenu } from "./basemap-menu.js";
import { BlockPanel } from "./block-panel.js";
import { BlockSearch } from "./block-search.js";
import { useDrawSession } from "./draw-session.js";
import { DrawToolbar } from "./draw-toolbar.js";
import { LayerCatalogue } from "./layer-catalogue.js";
import { MapHost } from "./map-host.js";
import { ReviewContext, type ReviewContextValue } from "./review-context.js";
import { ReviewToolbar, type ReviewView, ReviewViews } from "./review-views.js";
import { StatusBar } from "./status-bar.js";
import { TopBar } from "./top-bar.js";
import { useMapData } from "./use-map-data.js";

// The drawing panel is its own chunk, not the first page's: fetched after the first render, shown when
// a drawing starts.
const loadDrawPanel = () => import("./draw-panel.js");
const DrawPanel = lazy(() => loadDrawPanel().then((module) => ({ default: module.DrawPanel })));

const NO_LAYER_DATA = {};
/** The evaluation years offered in the top bar (indicator data exists for the demo's years). */
const EVALUATION_YEARS = [2024, 2025];
const ignoreClick = () => {};

/** The workspace: top bar, layer catalogue on the left, the map, the context panel on the right, status bar. */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => initialLocale(globalThis.localStorage));
  const messages = MESSAGES[locale];
  const { state, reload, refreshBlocks } = useMapData();
  const [visibility, setVisibility] = useState<LayerVisibility>(defaultLayerVisibility);
  const [selectedBlockId, setSelectedBlockId] = useState<number | null>(null);
  const [mapView, setMapView] = useState<MapView | null>(null);
  const [reviewView, setReviewView] = useState<ReviewView | null>(null);
  const [viewParkId, setViewParkId] = useState<number | null>(null);
  const [evaluationYear, setEvaluationYear] = useState(EVALUATION_YEARS[EVALUATION_YEARS.length - 1]);

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
  const snapSources = useMemo(
    () =>
      data
        ? [...Object.values(data.layerData).flatMap((layer) => layer.features), ...data.blocks.features]
        : [],
    [data],
  );
  const drawSession = useDrawSession({
    mapView,
    snapSources,
    onSaved: (block) => {
      void refreshBlocks().then(() => setSelectedBlockId(block.properties.id));
    },
  });
  const drawing = drawSession.target !== null;

  useEffect(() => {
    void loadDrawPanel();
  }, []);

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

  const reviewContext = useMemo(
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
    [mapView, data, selectedBlockId, evaluationYear, zoomToBlock, refreshBlocks],
  );

  return (
    <MessagesContext.Provider value={messages}>
      <ReviewContext.Provider value={reviewContext}>
        <div className="workspace">
          <TopBar
            locale={locale}
            onLocaleChange={changeLocale}
            drawing={
              <>
                <DrawToolbar session={drawSession} selectedBlock={selectedBlock} />
                <BasemapMenu mapView={mapView} />
              </>
            }
            views={
              <ReviewToolbar
                view={reviewView}
                year={evaluationYear}
                years={EVALUATION_YEARS}
                onView={setReviewView}
                onYear={setEvaluationYear}
              />
            }
          />
          <nav className="left-panel" aria-label={messages.catalogue.title}>
            {data ? (
              <>
                <BlockSearch parks={data.parks} onSelectBlock={selectAndZoom} onSelectPark={zoomToPark} />
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
              onBlockClick={drawing ? ignoreClick : setSelectedBlockId}
              onMapView={setMapView}
            />
            <ReviewViews
              view={reviewView}
              parkId={viewParkId}
              year={evaluationYear}
              onClose={() => setReviewView(null)}
            />
          </main>
          {drawing ? (
            <Suspense fallback={null}>
              <DrawPanel session={drawSession} parks={data?.parks ?? []} />
            </Suspense>
          ) : (
            <BlockPanel
              block={selectedBlock}
              park={selectedPark}
              onClose={() => setSelectedBlockId(null)}
              onZoomTo={() => selectedBlockId !== null && zoomToBlock(selectedBlockId)}
              onOpenPark={(parkId) => {
                setViewParkId(parkId);
                setReviewView("park");
              }}
            />
          )}
          <StatusBar mapView={mapView} />
        </div>
      </ReviewContext.Provider>
    </MessagesContext.Provider>
  );
}
