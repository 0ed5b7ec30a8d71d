import { useState } from "react";
import type { BlockFeature } from "../api/blocks.js";
import { applyProposal, type ReductionProposal } from "../api/reductions.js";
import type { ApiProblem } from "../api/request.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useReview } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";

/** The saved proposals of a block (several, to compare): show one on the map, apply one after confirming. */
export function ProposalList({
  block,
  proposals,
  shownId,
  onShow,
  onChanged,
  closed = false,
}: {
  block: BlockFeature;
  proposals: ReductionProposal[];
  shownId: number | null;
  onShow(proposal: ReductionProposal): void;
  onChanged(): void;
  /** This year's 淘汰方式 has been carried out: proposals are shown, none is offered to apply. */
  closed?: boolean;
}) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { reload } = useReview();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<number | null>(null);

  async function apply(proposal: ReductionProposal) {
    setProblem(null);
    const result = await applyProposal(block.properties.id, proposal.properties.id, block.properties.version);
    setConfirming(null);
    if (!result.ok) return setProblem(result.problem);
    setDone(result.value.block.properties.version);
    onChanged();
    // Also redraws the Zhongguancun range (the union of the national blocks), which comes with the tiles.
    reload();
  }

  if (proposals.length === 0) return <p className="muted">{text.noProposals}</p>;
  return (
    <>
      {done !== null ? (
        <p className="success" role="status" data-testid="apply-done">
          {text.appliedMessage(done)}
        </p>
      ) : null}
      {problem ? (
        <div data-testid="apply-problem">
          <ProblemMessage problem={problem} />
          <button type="button" className="secondary-button" onClick={reload}>
            {text.reload}
          </button>
        </div>
      ) : null}
      <ul className="proposals" data-testid="proposals">
        {proposals.map((proposal) => (
          <ProposalItem
            key={proposal.properties.id}
            proposal={proposal}
            shown={shownId === proposal.properties.id}
            confirming={confirming === proposal.properties.id}
            closed={closed}
            onShow={() => onShow(proposal)}
            onConfirm={() => setConfirming(proposal.properties.id)}
            onApply={() => apply(proposal)}
          />
        ))}
      </ul>
    </>
  );
}

/** One proposal: strategy and area, who and when, and its state (applied, stale) or the apply button. */
function ProposalItem({
  proposal,
  shown,
  confirming,
  closed,
  onShow,
  onConfirm,
  onApply,
}: {
  proposal: ReductionProposal;
  shown: boolean;
  confirming: boolean;
  closed: boolean;
  onShow(): void;
  onConfirm(): void;
  onApply(): void;
}) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { locale } = messages;
  const p = proposal.properties;
  const applyDenied = useDenial()("proposals.apply");
  return (
    <li data-testid={`proposal-${p.id}`} className={shown ? "selected" : undefined}>
      <div className="proposal-head">
        <strong>#{p.id}</strong> {p.strategy ? text[p.strategy] : text.actions[p.action]}
        {p.areaKm2 !== null ? (
          <span className="number">
            {" "}
            {formatKm2(locale, p.areaKm2)} {messages.units.km2}
          </span>
        ) : null}
      </div>
      <div className="muted small">
        {p.createdBy} · {formatDateTime(locale, p.createdAt)}
        {p.note ? ` · ${p.note}` : ""}
      </div>
      <div className="proposal-actions">
        {proposal.geometry ? (
          <button type="button" className="link-button" onClick={onShow}>
            {text.show}
          </button>
        ) : null}
        {p.appliedVersion !== null ? (
          <span className="tag">{text.applied(p.appliedVersion)}</span>
        ) : closed ? null : p.stale ? (
          <span className="tag stale">{text.stale}</span>
        ) : confirming ? (
          <span className="confirm">
            <span className="small">
              {p.action === "eliminate" ? text.confirmEliminate : text.confirmApply}
            </span>
            <button
              type="button"
              className="primary-button"
              data-testid={`confirm-apply-${p.id}`}
              onClick={onApply}
            >
              {text.apply}
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="secondary-button"
            data-testid={`apply-${p.id}`}
            disabled={applyDenied !== null}
            title={applyDenied ?? undefined}
            onClick={onConfirm}
          >
            {text.apply}
          </button>
        )}
      </div>
    </li>
  );
}
