import { lazy, Suspense, useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import type { Park } from "../api/parks.js";
import { useMessages } from "../i18n/i18n-context.js";
import { BlockOverview } from "./block-overview.js";
import { BlockChangedNotice, useOpenedVersion } from "./live-updates.js";

// The tabs beyond the overview are loaded when first opened (their own chunks, not the first page's).
const BlockHistory = lazy(() =>
  import("./block-history.js").then((module) => ({ default: module.BlockHistory })),
);
const EvaluateBlock = lazy(() =>
  import("./evaluate-block.js").then((module) => ({ default: module.EvaluateBlock })),
);
const ReducePanel = lazy(() =>
  import("./reduce-panel.js").then((module) => ({ default: module.ReducePanel })),
);
const ReviewOverlaps = lazy(() =>
  import("./review-overlaps.js").then((module) => ({ default: module.ReviewOverlaps })),
);
const ReviewShare = lazy(() =>
  import("./review-share.js").then((module) => ({ default: module.ReviewShare })),
);

/** The tabs of the context panel; later tasks add overlap analysis, share of park, exit rule, evaluation. */
const TABS = ["overview", "overlaps", "share", "exit", "evaluation", "history"] as const;
type Tab = (typeof TABS)[number];

interface BlockPanelProps {
  block: BlockFeature | undefined;
  park: Park | undefined;
  onClose(): void;
  onZoomTo(): void;
  /** Opens the sub-park view (review views). */
  onOpenPark?(parkId: number): void;
}

/** Right context panel for the selected block. */
export function BlockPanel({ block, park, onClose, onZoomTo, onOpenPark }: BlockPanelProps) {
  const messages = useMessages();
  const [tab, setTab] = useState<Tab>("overview");
  const openedVersion = useOpenedVersion(block?.properties.id, block?.properties.version);

  if (!block) {
    return (
      <aside className="context-panel empty" data-testid="context-panel">
        <p className="muted empty-hint">{messages.panel.emptyHint}</p>
      </aside>
    );
  }
  const title = (tab: Tab) =>
    tab === "overview" || tab === "history" ? messages.panel[tab] : messages.review.tabs[tab];
  return (
    <aside className="context-panel" data-testid="context-panel" aria-labelledby="block-title">
      <header className="panel-header">
        <h2 id="block-title" data-testid="block-title">
          {block.properties.name}
        </h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={messages.panel.close}
          title={messages.panel.close}
        >
          ×
        </button>
      </header>
      <BlockChangedNotice blockId={block.properties.id} openedVersion={openedVersion} />
      <div className="tabs" role="tablist">
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            data-testid={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            className={tab === id ? "tab active" : "tab"}
            onClick={() => setTab(id)}
          >
            {title(id)}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <Suspense fallback={<p className="muted">{messages.app.loading}</p>}>
          {tab === "overview" ? (
            <BlockOverview block={block} park={park} onZoomTo={onZoomTo} />
          ) : tab === "overlaps" ? (
            <ReviewOverlaps block={block} />
          ) : tab === "share" ? (
            <ReviewShare block={block} park={park} onOpenPark={onOpenPark} />
          ) : tab === "exit" ? (
            <ReducePanel block={block} />
          ) : tab === "evaluation" ? (
            <EvaluateBlock block={block} />
          ) : (
            <BlockHistory
              blockId={block.properties.id}
              block={block}
              currentVersion={block.properties.version}
            />
          )}
        </Suspense>
      </div>
    </aside>
  );
}
