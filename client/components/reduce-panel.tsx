import { useMemo, useState } from "react";
import { ENDED_STATUSES } from "../../server/domain/block.js";
import type { BlockFeature } from "../api/blocks.js";
import { type ExitDecisionView, fetchExitDecision } from "../api/exit.js";
import {
  fetchProposals,
  type ReductionPreview,
  type ReductionProposal,
  saveProposal,
} from "../api/reductions.js";
import { useMessages } from "../i18n/i18n-context.js";
import { reductionOverlay } from "../map/overlay-features.js";
import { useDenial } from "./access-context.js";
import { ReducedNotice } from "./reduce-done.js";
import { KeptShare } from "./reduce-figures.js";
import { PreviewSection } from "./reduce-preview.js";
import { ProposalList } from "./reduce-proposals.js";
import { useApi, useOverlay } from "./review-context.js";
import { formatShare } from "./review-format.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";
import "../styles/reduce.css";

/** 淘汰方式/压减: the decision in words, the reduction preview with its controls, and the proposals. */
export function ReducePanel({ block }: { block: BlockFeature }) {
  if (ENDED_STATUSES.includes(block.properties.status)) return <EndedBlock />;
  return <LiveReducePanel block={block} />;
}

/** An exited or withdrawn block has no exit to decide (the server answers 409; no need to ask). */
function EndedBlock() {
  const messages = useMessages();
  return (
    <p className="muted" data-testid="exit-unavailable">
      {messages.review.exit.ended}
    </p>
  );
}

function LiveReducePanel({ block }: { block: BlockFeature }) {
  const messages = useMessages();
  const { id, version } = block.properties;
  const decision = useApi((signal) => fetchExitDecision(id, signal), [id, version]);
  if (decision.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (decision.status === "failed") {
    return (
      <p className="muted" data-testid="exit-unavailable">
        {decision.problem.code === "block-ended"
          ? messages.review.exit.ended
          : messages.review.common.failed(decision.problem.message)}
      </p>
    );
  }
  return <ReduceView block={block} decision={decision.value} />;
}

function ReduceView({ block, decision }: { block: BlockFeature; decision: ExitDecisionView }) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { id, version } = block.properties;
  const [preview, setPreview] = useState<ReductionPreview | null>(null);
  const [shown, setShown] = useState<ReductionProposal | null>(null);
  const [refresh, setRefresh] = useState(0);
  const proposals = useApi((signal) => fetchProposals(id, signal), [id, version, refresh]);
  const onSaved = () => setRefresh((count) => count + 1);

  const drawn = shown?.geometry ?? preview?.geometry ?? null;
  const overlay = useMemo(
    () => (drawn ? reductionOverlay(block.geometry, drawn) : null),
    [block.geometry, drawn],
  );
  useOverlay("reduction", overlay);
  // 已压减: this year's 淘汰方式 has been carried out; a further step (another reduction, the exit) needs a
  // later year's evaluation to order a rectification again, so none is offered here (issue #18 item 9).
  const carriedOut = block.properties.status === "reduced";

  return (
    <div className="review" data-testid="reduce-panel">
      {carriedOut ? (
        <>
          <h3>{text.decision}</h3>
          <ReducedNotice
            block={block}
            proposals={proposals.status === "ready" ? proposals.value.features : []}
          />
          <CurrentVersion block={block} />
        </>
      ) : (
        <DecisionSummary block={block} decision={decision} />
      )}
      {carriedOut ? null : decision.action === "reduce" ? (
        <PreviewSection
          block={block}
          preview={preview}
          onRun={() => setShown(null)}
          onPreview={setPreview}
          onSaved={onSaved}
        />
      ) : (
        <EliminationSection blockId={id} onSaved={onSaved} />
      )}

      <h3>{text.proposals}</h3>
      {proposals.status === "ready" ? (
        <ProposalList
          block={block}
          proposals={proposals.value.features}
          shownId={shown?.properties.id ?? null}
          onShow={(proposal) => setShown(shown?.properties.id === proposal.properties.id ? null : proposal)}
          onChanged={onSaved}
          closed={carriedOut}
        />
      ) : proposals.status === "failed" ? (
        <p className="error">{messages.review.common.failed(proposals.problem.message)}</p>
      ) : (
        <p className="muted">{messages.review.common.loading}</p>
      )}
      <span className="visually-hidden">{formatShare(messages.locale, decision.shareOfPark)}</span>
    </div>
  );
}

/** A 淘汰方式 decision other than a reduction: no preview, only the elimination to save as a proposal. */
function EliminationSection({ blockId, onSaved }: { blockId: number; onSaved(): void }) {
  const text = useMessages().review.exit;
  const saveDenied = useDenial()("proposals.edit");
  const { busy, problem, send } = useRequest();

  async function saveElimination() {
    const saved = await send(() => saveProposal(blockId, { strategy: "inset", action: "eliminate" }));
    if (saved !== null) onSaved();
  }

  return (
    <>
      <p className="muted">{text.noReduction}</p>
      <button
        type="button"
        className="secondary-button"
        data-testid="save-elimination"
        disabled={busy || saveDenied !== null}
        title={saveDenied ?? undefined}
        onClick={saveElimination}
      >
        {text.saveElimination}
      </button>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </>
  );
}

/** The 淘汰方式 decision (《管理办法》第三部分): action and rule row, its explanation, the settings it used, the block's version. */
function DecisionSummary({ block, decision }: { block: BlockFeature; decision: ExitDecisionView }) {
  const messages = useMessages();
  const text = messages.review.exit;
  return (
    <>
      <h3>{text.decision}</h3>
      <p className="decision" data-testid="exit-decision">
        <span className={`decision-action action-${decision.action}`} data-testid="exit-action">
          {text.actions[decision.action]}
        </span>{" "}
        <span data-testid="exit-rule">{text.row(decision.rule)}</span>
      </p>
      <p data-testid="exit-explanation">
        {messages.locale === "en" ? decision.explanation.en : decision.explanation.zh}
      </p>
      {decision.floorApplied && decision.targetAreaKm2 !== null && decision.keepRatio !== null ? (
        <KeptShare
          keptKm2={decision.targetAreaKm2}
          originalKm2={decision.areaKm2}
          ruleRatio={decision.keepRatio}
          testId="decision-kept-share"
        />
      ) : null}
      <dl className="attributes small">
        {Object.entries(decision.settings).map(([key, value]) => (
          <div key={key} className="attribute-pair">
            <dt>{text.settingNames[key] ?? key}</dt>
            <dd>{text.settingValues[value] ?? value}</dd>
          </div>
        ))}
      </dl>
      <CurrentVersion block={block} />
    </>
  );
}

/** The block's version and status now (after an apply, the new ones). */
function CurrentVersion({ block }: { block: BlockFeature }) {
  const messages = useMessages();
  const { version, status } = block.properties;
  return (
    <p className="muted small" data-testid="block-current">
      {messages.review.exit.current(version, messages.status[status])}
    </p>
  );
}
