import { useState } from "react";
import { BLOCK_ACTION_PERMISSIONS } from "../../server/auth/route-permissions.js";
import { actionsByHand } from "../../server/domain/block-actions-by-hand.js";
import { type BlockAction, LIFECYCLE } from "../../server/domain/block-lifecycle.js";
import { actOnBlock, type BlockFeature } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useReview } from "./review-context.js";

/**
 * 状态变更: the lifecycle's named actions a person takes on a block (server/domain/block-actions-by-hand.ts),
 * each asking for a reason that the history keeps (POST /api/blocks/:id/actions/:action). 认定 is the round's
 * 批复, 责令整改 and its outcome are the year's bottom-5% flag run (DOMAIN.md §4.3), 压减 and the exit of a block
 * 整改中 are applying its 淘汰方式 decision, so none of them is offered here; the server refuses them all the same.
 */
export function BlockActions({ block }: { block: BlockFeature }) {
  const messages = useMessages();
  const text = messages.draw.actions;
  const denial = useDenial();
  const { reload } = useReview();
  const [open, setOpen] = useState<BlockAction | null>(null);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { id, version, status, parkId, parkName } = block.properties;
  const actions = actionsByHand(status);
  if (actions.length === 0) return null;
  const label = (action: BlockAction) => text.labels[action] ?? action;
  const act = (action: BlockAction) => {
    if (!reason.trim()) return;
    setBusy(true);
    void actOnBlock(id, action, version, reason.trim()).then((result) => {
      setBusy(false);
      if (result.ok) {
        setOutcome({ ok: true, message: text.done(label(action), result.value.properties.version) });
        setOpen(null);
        setReason("");
        reload();
      } else setOutcome({ ok: false, message: `${text.failed}${result.problem.message}` });
    });
  };
  return (
    <section className="block-actions" data-testid="block-actions">
      <h3>{text.title}</h3>
      <p className="muted small">{text.hint}</p>
      <div className="form-buttons">
        {actions.map((action) => {
          const denied = denial(BLOCK_ACTION_PERMISSIONS.values[action], { id: parkId, name: parkName });
          return (
            <button
              key={action}
              type="button"
              className={open === action ? "secondary-button active" : "secondary-button"}
              data-testid={`block-action-${action}`}
              disabled={denied !== null || busy}
              title={
                denied ??
                (messages.locale === "en" ? LIFECYCLE[action].clause.en : LIFECYCLE[action].clause.zh)
              }
              aria-expanded={open === action}
              onClick={() => {
                setOpen(open === action ? null : action);
                setOutcome(null);
              }}
            >
              {label(action)}
            </button>
          );
        })}
      </div>
      {open ? (
        <form
          className="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            act(open);
          }}
        >
          <label>
            <span>{text.reason}</span>
            <textarea
              data-testid="block-action-reason"
              value={reason}
              required
              maxLength={1000}
              rows={2}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <p className="muted small">
            {messages.locale === "en" ? LIFECYCLE[open].clause.en : LIFECYCLE[open].clause.zh}
            {" → "}
            {messages.status[LIFECYCLE[open].to]}
          </p>
          <div className="form-buttons">
            <button
              type="submit"
              className="primary-button"
              data-testid="block-action-confirm"
              disabled={!reason.trim() || busy}
            >
              {text.confirm(label(open))}
            </button>
            <button type="button" className="secondary-button" onClick={() => setOpen(null)}>
              {text.cancel}
            </button>
          </div>
          {!reason.trim() ? <p className="muted small">{text.needReason}</p> : null}
        </form>
      ) : null}
      {outcome ? (
        <p className={outcome.ok ? "notice" : "error"} role="status" data-testid="block-action-outcome">
          {outcome.message}
        </p>
      ) : null}
      <p className="muted small">{text.elsewhere}</p>
    </section>
  );
}
