import { lazy, Suspense, useEffect, useState } from "react";
import { MessagesContext } from "../i18n/i18n-context.js";
import { defaultLayerVisibility, type LayerVisibility } from "../map/layer-visibility.js";
import type { MapView } from "../map/map-view.js";
import {
  useBlockIndex,
  useEscapeDeselects,
  useLocale,
  useMapNavigation,
  useReviewContextValue,
} from "./app-state.js";
import { BasemapMenu } from "./basemap-menu.js";
import { BlockPanel } from "./block-panel.js";
import { useDrawSession } from "./draw-session.js";
import { DrawToolbar } from "./draw-toolbar.js";
import { LeftPanel } from "./left-panel.js";
import { MapHost } from "./map-host.js";
import { ReviewContext } from "./review-context.js";
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
  const { locale, messages, changeLocale } = useLocale();
  const { state, reload, refreshBlocks } = useMapData();
  const [visibility, setVisibility] = useState<LayerVisibility>(defaultLayerVisibility);
  const [selectedBlockId, setSelectedBlockId] = useState<number | null>(null);
  const [mapView, setMapView] = useState<MapView | null>(null);
  const [reviewView, setReviewView] = useState<ReviewView | null>(null);
  const [viewParkId, setViewParkId] = useState<number | null>(null);
  const [evaluationYear, setEvaluationYear] = useState(EVALUATION_YEARS[EVALUATION_YEARS.length - 1]);

  const data = state.status === "ready" ? state.data : undefined;
  const { blocksById, snapSources } = useBlockIndex(data);
  const selectedBlock = selectedBlockId === null ? undefined : blocksById.get(selectedBlockId);
  const selectedPark = data?.parks.find((park) => park.id === selectedBlock?.properties.parkId);
  const drawSession = useDrawSession({
    mapView,
    snapSources,
    onSaved: (block) => {
      void refreshBlocks().then(() => setSelectedBlockId(block.properties.id));
    },
  });
  const drawing = drawSession.target !== null;
  const { zoomToBlock, selectAndZoom, zoomToPark } = useMapNavigation(
    blocksById,
    data,
    mapView,
    setSelectedBlockId,
  );
  const reviewContext = useReviewContextValue({
    mapView,
    data,
    selectedBlockId,
    evaluationYear,
    setSelectedBlockId,
    zoomToBlock,
    refreshBlocks,
  });
  useEscapeDeselects(setSelectedBlockId);
  useEffect(() => {
    void loadDrawPanel();
  }, []);

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
          <LeftPanel
            state={state}
            reload={reload}
            visibility={visibility}
            onVisibility={setVisibility}
            onSelectBlock={selectAndZoom}
            onSelectPark={zoomToPark}
          />
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
