import { lazy, Suspense, useEffect, useState } from "react";
import { type BlockFeature, type BlockVersion, fetchBlockHistory } from "../api/blocks.js";
import type { ApiProblem } from "../api/request.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { DrawHistoryCompare } from "./draw-history-compare.js";
import { ToolRestoreButton } from "./tool-restore-button.js";
import { ToolVersionLinks } from "./tool-version-links.js";

const BlockAuditTrail = lazy(() =>
  import("./block-audit-trail.js").then((module) => ({ default: module.BlockAuditTrail })),
);

interface BlockHistoryProps {
  blockId: number;
  /** The block as loaded (for the restore button's permission); absent → no restore buttons. */
  block?: BlockFeature;
  /** Reloads when the block gets a new version. */
  currentVersion: number;
}

type HistoryState =
  | { status: "loading" }
  | { status: "failed"; problem: ApiProblem }
  | { status: "ready"; blockId: number; versions: BlockVersion[] };

const LOADING: HistoryState = { status: "loading" };

/**
 * 历史: every version of the block, newest first. The newest version listed is the current one (history rows
 * are written in the same transaction as the version), so the 当前 tag and the restore buttons always agree
 * with the list shown, even while the panel's block (`currentVersion`) is still being fetched again. A
 * restore here fetches the history at once (not after the panel's block came back), and a refetch keeps the
 * list on screen until the new one arrives, so a restore's outcome stays next to the version restored.
 */
export function BlockHistory({ blockId, block, currentVersion }: BlockHistoryProps) {
  const messages = useMessages();
  const { locale } = messages;
  const [state, setState] = useState<HistoryState>({ status: "loading" });
  const [restores, setRestores] = useState(0);
  const [showAudit, setShowAudit] = useState(false);
  const auditDenied = useDenial()("audit.read");

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the block means a longer history
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => (current.status === "ready" && current.blockId === blockId ? current : LOADING));
    void fetchBlockHistory(blockId, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(
        result.ok
          ? { status: "ready", blockId, versions: result.value }
          : { status: "failed", problem: result.problem },
      );
    });
    return () => controller.abort();
  }, [blockId, currentVersion, restores]);

  if (state.status === "loading" || (state.status === "ready" && state.blockId !== blockId))
    return <p className="muted">{messages.panel.historyLoading}</p>;
  if (state.status === "failed")
    return <p className="error">{messages.panel.historyFailed(state.problem.message)}</p>;
  const newestFirst = [...state.versions].sort((a, b) => b.version - a.version);
  const newest = newestFirst[0]?.version ?? currentVersion;
  return (
    <>
      <DrawHistoryCompare versions={state.versions} />
      <ol className="history" data-testid="block-history">
        {newestFirst.map((version) => (
          <li key={version.version}>
            <div className="history-head">
              <strong>{messages.panel.versionLabel(version.version)}</strong>
              {version.version === newest ? <span className="tag">{messages.panel.current}</span> : null}
              <span>{messages.change[version.change] ?? version.change}</span>
            </div>
            <div>
              {messages.status[version.status]} ·{" "}
              <span className="number">{formatKm2(locale, version.areaKm2)}</span> {messages.units.km2}
            </div>
            <div className="muted">
              {version.changedBy} · {formatDateTime(locale, version.changedAt)}
            </div>
            {version.reason ? <div className="muted">{version.reason}</div> : null}
            <ToolVersionLinks links={version.links} />
            {block && version.version !== newest ? (
              <ToolRestoreButton
                block={block}
                version={version.version}
                onRestored={() => setRestores((count) => count + 1)}
              />
            ) : null}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="link-button"
        data-testid="open-block-audit"
        aria-expanded={showAudit}
        disabled={auditDenied !== null}
        title={auditDenied ?? undefined}
        onClick={() => setShowAudit(!showAudit)}
      >
        {showAudit ? messages.review.audit.blockTrailHide : messages.review.audit.blockTrail}
      </button>
      {showAudit && auditDenied === null ? (
        <Suspense fallback={<p className="muted">{messages.app.loading}</p>}>
          <BlockAuditTrail blockId={blockId} currentVersion={currentVersion} />
        </Suspense>
      ) : null}
    </>
  );
}
