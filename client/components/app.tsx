import { useEffect, useState } from "react";
import { MessagesContext } from "../i18n/i18n-context.js";
import { defaultLayerVisibility, type LayerVisibility } from "../map/layer-visibility.js";
import type { MapView } from "../map/map-view.js";
import {
  useEscapeDeselects,
  useLocale,
  useMapNavigation,
  useReviewContextValue,
  useSnapSources,
} from "./app-state.js";
import { ContextPanel, preloadDrawPanel } from "./context-panel.js";
import { useDrawSession } from "./draw-session.js";
import { LeftPanel } from "./left-panel.js";
import { LiveUpdatesContext, useLiveUpdates } from "./live-updates.js";
import { MapHost } from "./map-host.js";
import { ReviewContext } from "./review-context.js";
import { type ReviewView, ReviewViews } from "./review-views.js";
import { StatusBar } from "./status-bar.js";
import { useMapData } from "./use-map-data.js";
import { useSelectedBlock } from "./use-selected-block.js";
import { WorkspaceTopBar } from "./workspace-top-bar.js";
// The workspace's styles, in cascade order after its components' own (maplibre's among them).
import "../styles/left-panel.css";
import "../styles/panel.css";
import "../styles/review.css";
import "../styles/toolbars.css";
import "../styles/layout.css";

const NO_LABEL_DATA = {};
/**
 * The evaluation years offered in the top bar: the demo's years with indicator data (2024, 2025; the default is
 * the latest of them) and 2026, the year whose evaluation starts from 草稿 (its data uploaded in 评价年度).
 */
const EVALUATION_YEARS = [2024, 2025, 2026];
const DEFAULT_EVALUATION_YEAR = 2025;
const ignoreClick = () => {};

/** The workspace: top bar, layer catalogue on the left, the map, the context panel on the right, status bar. */
export function App() {
  const { locale, messages, changeLocale } = useLocale();
  const [mapView, setMapView] = useState<MapView | null>(null);
  const { state, reload, refreshBlocks } = useMapData(mapView);
  const [visibility, setVisibility] = useState<LayerVisibility>(defaultLayerVisibility);
  const [selectedBlockId, setSelectedBlockId] = useState<number | null>(null);
  const [reviewView, setReviewView] = useState<ReviewView | null>(null);
  const [viewParkId, setViewParkId] = useState<number | null>(null);
  const [layersOpen, setLayersOpen] = useState(false);
  const [evaluationYear, setEvaluationYear] = useState(DEFAULT_EVALUATION_YEAR);

  const data = state.status === "ready" ? state.data : undefined;
  const selectedBlock = useSelectedBlock(selectedBlockId, data?.blocksVersion ?? 0);
  const selectedPark = data?.parks.find((park) => park.id === selectedBlock?.properties.parkId);
  // Drawing snaps to the blocks in view, fetched only while a drawing is open.
  const [drawingOpen, setDrawingOpen] = useState(false);
  const snapSources = useSnapSources(data, mapView, drawingOpen);
  const drawSession = useDrawSession({
    mapView,
    snapSources,
    onSaved: (block) => {
      void refreshBlocks().then(() => setSelectedBlockId(block.properties.id));
    },
  });
  const [toolCapturesClicks, setToolCapturesClicks] = useState(false);
  const drawing = drawSession.target !== null || toolCapturesClicks;
  const targetOpen = drawSession.target !== null;
  useEffect(() => setDrawingOpen(targetOpen), [targetOpen]);
  const { zoomToBlock, selectAndZoom, zoomToPark } = useMapNavigation(mapView, setSelectedBlockId);
  const reviewContext = useReviewContextValue({
    mapView,
    data,
    selectedBlockId,
    selectedBlock,
    evaluationYear,
    setSelectedBlockId,
    zoomToBlock,
    refreshBlocks,
  });
  const liveUpdates = useLiveUpdates(refreshBlocks);
  useEscapeDeselects(setSelectedBlockId);
  useEffect(preloadDrawPanel, []);

  return (
    <MessagesContext.Provider value={messages}>
      <ReviewContext.Provider value={reviewContext}>
        <LiveUpdatesContext.Provider value={liveUpdates}>
          <div className={layersOpen ? "workspace layers-open" : "workspace"}>
            <WorkspaceTopBar
              locale={locale}
              onLocaleChange={changeLocale}
              drawSession={drawSession}
              selectedBlock={selectedBlock}
              mapView={mapView}
              reviewView={reviewView}
              onReviewView={setReviewView}
              year={evaluationYear}
              years={EVALUATION_YEARS}
              onYear={setEvaluationYear}
              onToolCapturesClicks={setToolCapturesClicks}
              layersOpen={layersOpen}
              onLayersOpen={setLayersOpen}
            />
            <LeftPanel
              state={state}
              reload={reload}
              visibility={visibility}
              onVisibility={setVisibility}
              onSelectBlock={(blockId) => {
                setLayersOpen(false);
                selectAndZoom(blockId);
              }}
              onSelectPark={(parkId) => {
                setLayersOpen(false);
                zoomToPark(parkId);
              }}
            />
            <main className="map-area">
              <MapHost
                blocksVersion={data?.blocksVersion}
                labelData={data?.labelData ?? NO_LABEL_DATA}
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
            <ContextPanel
              drawSession={drawSession}
              parks={data?.parks ?? []}
              block={selectedBlock}
              park={selectedPark}
              onClose={() => setSelectedBlockId(null)}
              onZoomTo={() => selectedBlockId !== null && zoomToBlock(selectedBlockId)}
              onOpenPark={(parkId) => {
                setViewParkId(parkId);
                setReviewView("park");
              }}
            />
            <StatusBar mapView={mapView} />
          </div>
        </LiveUpdatesContext.Provider>
      </ReviewContext.Provider>
    </MessagesContext.Provider>
  );
}
