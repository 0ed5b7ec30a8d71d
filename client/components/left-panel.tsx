import { useMessages } from "../i18n/i18n-context.js";
import type { LayerVisibility } from "../map/layer-visibility.js";
import { BlockSearch } from "./block-search.js";
import { LayerCatalogue } from "./layer-catalogue.js";
import type { MapDataState } from "./use-map-data.js";

interface LeftPanelProps {
  state: MapDataState;
  reload(): void;
  visibility: LayerVisibility;
  onVisibility(visibility: LayerVisibility): void;
  onSelectBlock(blockId: number): void;
  onSelectPark(parkId: number): void;
}

/** The left panel: block search and the layer catalogue once the data is loaded (or why it is not). */
export function LeftPanel({
  state,
  reload,
  visibility,
  onVisibility,
  onSelectBlock,
  onSelectPark,
}: LeftPanelProps) {
  const messages = useMessages();
  return (
    <nav className="left-panel" id="left-panel" aria-label={messages.catalogue.title}>
      {state.status === "ready" ? (
        <>
          <BlockSearch parks={state.data.parks} onSelectBlock={onSelectBlock} onSelectPark={onSelectPark} />
          <LayerCatalogue
            layers={state.data.layers}
            counts={state.data.counts}
            visibility={visibility}
            onChange={onVisibility}
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
  );
}
