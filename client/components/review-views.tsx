import { lazy, Suspense, useEffect } from "react";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useReview } from "./review-context.js";

// Each view is loaded when first opened (its own chunk, not the first page's).
const AuditView = lazy(() => import("./audit-view.js").then((module) => ({ default: module.AuditView })));
const CompositionView = lazy(() =>
  import("./composition-view.js").then((module) => ({ default: module.CompositionView })),
);
const EvaluateRanking = lazy(() =>
  import("./evaluate-ranking.js").then((module) => ({ default: module.EvaluateRanking })),
);
const EvaluationYearView = lazy(() =>
  import("./evaluation-year-view.js").then((module) => ({ default: module.EvaluationYearView })),
);
const ExportMenu = lazy(() => import("./export-menu.js").then((module) => ({ default: module.ExportMenu })));
const ImportDialog = lazy(() =>
  import("./import-dialog.js").then((module) => ({ default: module.ImportDialog })),
);
const OverlapReportView = lazy(() =>
  import("./overlap-report-view.js").then((module) => ({ default: module.OverlapReportView })),
);
const JobsView = lazy(() => import("./jobs-view.js").then((module) => ({ default: module.JobsView })));
const ParkView = lazy(() => import("./park-view.js").then((module) => ({ default: module.ParkView })));
const RoundBoard = lazy(() => import("./round-board.js").then((module) => ({ default: module.RoundBoard })));
const SiteCheckPanel = lazy(() =>
  import("./site-check-panel.js").then((module) => ({ default: module.SiteCheckPanel })),
);

/** The views beyond the single block, opened from the top bar (UX.md "Views"). */
export const REVIEW_VIEWS = [
  "park",
  "composition",
  "ranking",
  "evaluation-year",
  "overlaps",
  "site-check",
  "import",
  "export",
  "audit",
  "jobs",
  "rounds",
] as const;
export type ReviewView = (typeof REVIEW_VIEWS)[number];

export function viewTitle(messages: ReturnType<typeof useMessages>, view: ReviewView): string {
  const text = messages.review.views;
  switch (view) {
    case "park":
      return text.park;
    case "composition":
      return messages.review.composition.title;
    case "ranking":
      return text.ranking;
    case "evaluation-year":
      return text.evaluationYear;
    case "overlaps":
      return text.overlaps;
    case "site-check":
      return text.siteCheck;
    case "import":
      return messages.review.importer.title;
    case "export":
      return messages.review.exporter.title;
    case "audit":
      return text.audit;
    case "jobs":
      return text.jobs;
    case "rounds":
      return text.rounds;
  }
}

/** Widths of the floating panel (styles/toolbars.css .view-panel). */
const VIEW_WIDTH_PX = 400;
const RANKING_WIDTH_PX = 460;

/** A floating panel over the map with the open view. */
export function ReviewViews({
  view,
  parkId,
  year,
  onClose,
}: {
  view: ReviewView | null;
  parkId: number | null;
  year: number;
  onClose(): void;
}) {
  const messages = useMessages();
  const { mapView } = useReview();
  // The panel floats over the map's left side: keep selections zoomed into the part left visible.
  useEffect(() => {
    mapView?.setLeftInset(
      view === null
        ? 0
        : view === "ranking" || view === "overlaps" || view === "rounds" || view === "evaluation-year"
          ? RANKING_WIDTH_PX + 20
          : VIEW_WIDTH_PX + 20,
    );
  }, [mapView, view]);
  useEffect(() => {
    if (view === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [view, onClose]);
  if (view === null) return null;
  return (
    <section className={`view-panel view-${view}`} data-testid={`view-${view}`} aria-labelledby="view-title">
      <header className="panel-header">
        <h2 id="view-title">{viewTitle(messages, view)}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label={messages.review.common.close}
          title={messages.review.common.close}
          data-testid="view-close"
        >
          ×
        </button>
      </header>
      <div className="view-body">
        <Suspense fallback={<p className="muted">{messages.app.loading}</p>}>
          {view === "park" ? (
            <ParkView initialParkId={parkId} />
          ) : view === "composition" ? (
            <CompositionView />
          ) : view === "ranking" ? (
            <EvaluateRanking year={year} />
          ) : view === "evaluation-year" ? (
            <EvaluationYearView year={year} />
          ) : view === "overlaps" ? (
            <OverlapReportView />
          ) : view === "site-check" ? (
            <SiteCheckPanel />
          ) : view === "import" ? (
            <ImportDialog onDone={onClose} />
          ) : view === "audit" ? (
            <AuditView />
          ) : view === "jobs" ? (
            <JobsView />
          ) : view === "rounds" ? (
            <RoundBoard />
          ) : (
            <ExportMenu />
          )}
        </Suspense>
      </div>
    </section>
  );
}

/** The top-bar buttons that open the views, and the evaluation year. */
export function ReviewToolbar({
  view,
  year,
  years,
  onView,
  onYear,
}: {
  view: ReviewView | null;
  year: number;
  years: number[];
  onView(view: ReviewView | null): void;
  onYear(year: number): void;
}) {
  const denial = useDenial();
  // Import needs imports.create; the audit trail is for reviewer, lead and admin (audit.read).
  const deniedOf: Partial<Record<ReviewView, string | null>> = {
    import: denial("imports.create"),
    audit: denial("audit.read"),
  };
  const messages = useMessages();
  return (
    <nav className="review-toolbar" aria-label={messages.review.views.ranking}>
      <label className="year-select">
        <span>{messages.review.views.year}</span>
        <select
          value={year}
          data-testid="year-select"
          onChange={(event) => onYear(Number(event.target.value))}
        >
          {years.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
      {REVIEW_VIEWS.map((option) => (
        <button
          key={option}
          type="button"
          data-testid={`open-${option}`}
          aria-pressed={view === option}
          className={view === option ? "toolbar-button active" : "toolbar-button"}
          disabled={Boolean(deniedOf[option])}
          title={deniedOf[option] ?? undefined}
          onClick={() => onView(view === option ? null : option)}
        >
          {messages.review.toolbar[option]}
        </button>
      ))}
    </nav>
  );
}
