import type { BlockFeature } from "../api/blocks.js";
import type { Locale } from "../i18n/i18n-context.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import { BasemapMenu } from "./basemap-menu.js";
import type { DrawSession } from "./draw-session.js";
import { DrawToolbar } from "./draw-toolbar.js";
import { ReviewToolbar, type ReviewView } from "./review-views.js";
import { ToolBar } from "./tool-bar.js";
import { TopBar } from "./top-bar.js";

interface WorkspaceTopBarProps {
  locale: Locale;
  onLocaleChange(locale: Locale): void;
  drawSession: DrawSession;
  selectedBlock: BlockFeature | undefined;
  mapView: MapView | null;
  reviewView: ReviewView | null;
  onReviewView(view: ReviewView | null): void;
  year: number;
  years: number[];
  onYear(year: number): void;
  /** A map tool takes the map's clicks (measure, split, merge): the workspace does not select meanwhile. */
  onToolCapturesClicks(captures: boolean): void;
  /** Narrow screens: the layer catalogue is a drawer, opened from the top bar. */
  layersOpen: boolean;
  onLayersOpen(open: boolean): void;
}

/** The top bar with the workspace's tools: drawing, basemap, the review views and the evaluation year. */
export function WorkspaceTopBar(props: WorkspaceTopBarProps) {
  return (
    <TopBar
      leading={<LayersToggle open={props.layersOpen} onOpen={props.onLayersOpen} />}
      locale={props.locale}
      onLocaleChange={props.onLocaleChange}
      drawing={
        <>
          <DrawToolbar session={props.drawSession} selectedBlock={props.selectedBlock} />
          <ToolBar
            mapView={props.mapView}
            selectedBlock={props.selectedBlock}
            onCapturesClicks={props.onToolCapturesClicks}
          />
          <BasemapMenu mapView={props.mapView} />
        </>
      }
      views={
        <ReviewToolbar
          view={props.reviewView}
          year={props.year}
          years={props.years}
          onView={props.onReviewView}
          onYear={props.onYear}
        />
      }
    />
  );
}

/** The layer drawer's button: shown only where the layer catalogue does not fit beside the map (CSS). */
function LayersToggle({ open, onOpen }: { open: boolean; onOpen(open: boolean): void }) {
  const messages = useMessages();
  return (
    <button
      type="button"
      className="layers-toggle"
      data-testid="layers-toggle"
      aria-expanded={open}
      aria-controls="left-panel"
      onClick={() => onOpen(!open)}
    >
      ☰ {messages.catalogue.title}
    </button>
  );
}
