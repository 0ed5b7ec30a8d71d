import { useMemo, useState } from "react";
import { ENDED_STATUSES } from "../../server/domain/block.js";
import type { BlockFeature } from "../api/blocks.js";
import { type ExitDecisionView, fetchExitDecision } from "../api/exit.js";
import {
  fetchProposals,
  previewReduction,
  type ReductionPreview,
  type ReductionProposal,
  saveProposal,
} from "../api/reductions.js";
import { useMessages } from "../i18n/i18n-context.js";
import { reductionOverlay } from "../map/overlay-features.js";
import { useDenial } from "./access-context.js";
import { Legend, PreviewFigures } from "./reduce-figures.js";
import {
  DEFAULT_REDUCTION_OPTIONS,
  ReductionControls,
  type ReductionOptions,
  reductionRequest,
} from "./reduce-options.js";
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

  return (
    <div className="review" data-testid="reduce-panel">
      <DecisionSummary block={block} decision={decision} />
      {decision.action === "reduce" ? (
        <PreviewSection
          blockId={id}
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

/** The reduction preview (淘汰方式 · 压减): the controls, the preview's figures, and saving it as a proposal. */
function PreviewSection({
  blockId,
  preview,
  onRun,
  onPreview,
  onSaved,
}: {
  blockId: number;
  preview: ReductionPreview | null;
  /** A preview is asked for: a proposal shown on the map gives way to it. */
  onRun(): void;
  onPreview(preview: ReductionPreview | null): void;
  onSaved(): void;
}) {
  const text = useMessages().review.exit;
  const saveDenied = useDenial()("proposals.edit");
  const [options, setOptions] = useState<ReductionOptions>(DEFAULT_REDUCTION_OPTIONS);
  const { busy, problem, send } = useRequest();
  const [note, setNote] = useState("");

  async function runPreview() {
    onRun();
    onPreview(await send(() => previewReduction(blockId, reductionRequest(options))));
  }

  async function save() {
    const saved = await send(() =>
      saveProposal(blockId, { ...reductionRequest(options), ...(note ? { note } : {}) }),
    );
    if (saved === null) return;
    setNote("");
    onSaved();
  }

  return (
    <>
      <h3>{text.preview}</h3>
      <ReductionControls options={options} onChange={setOptions} />
      <button
        type="button"
        className="primary-button"
        data-testid="run-preview"
        disabled={busy}
        onClick={runPreview}
      >
        {text.runPreview}
      </button>
      {problem ? <ProblemMessage problem={problem} testId="reduce-problem" /> : null}
      {preview ? <PreviewFigures preview={preview} /> : null}
      <Legend />
      {preview ? (
        <div className="controls">
          <label className="control-row">
            <span>{text.note}</span>
            <input
              type="text"
              value={note}
              maxLength={2000}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <button
            type="button"
            className="secondary-button"
            data-testid="save-proposal"
            disabled={busy || saveDenied !== null}
            title={saveDenied ?? undefined}
            onClick={save}
          >
            {text.saveProposal}
          </button>
        </div>
      ) : null}
    </>
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
  const { version, status } = block.properties;
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
      <dl className="attributes small">
        {Object.entries(decision.settings).map(([key, value]) => (
          <div key={key} className="attribute-pair">
            <dt>{text.settingNames[key] ?? key}</dt>
            <dd>{text.settingValues[value] ?? value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small" data-testid="block-current">
        {text.current(version, messages.status[status])}
      </p>
    </>
  );
}
