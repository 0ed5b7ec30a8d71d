import { useMemo, useState } from "react";
import { ENDED_STATUSES } from "../../server/domain/block.js";
import {
  type ApiProblem,
  applyProposal,
  type BlockFeature,
  type ExitDecisionView,
  fetchExitDecision,
  fetchLayer,
  fetchProposals,
  previewReduction,
  type ReductionPreview,
  type ReductionProposal,
  type ReductionRequestBody,
  saveProposal,
} from "../api.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { reductionOverlay } from "../map/overlay-features.js";
import { OVERLAY_COLORS } from "../map/overlay-layers.js";
import { useApi, useOverlay, useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";
import { ProblemMessage } from "./review-problem.js";

const SIDES = ["left", "right", "north", "south", "east", "west"] as const;
type Side = (typeof SIDES)[number];

/** 退出规则/压减: the §4.5 decision in words, the reduction preview with its controls, and the proposals. */
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
  const { locale } = messages;
  const { id, version, status } = block.properties;
  const [strategy, setStrategy] = useState<"inset" | "cut">("inset");
  const [angleDegrees, setAngleDegrees] = useState(0);
  const [keepSide, setKeepSide] = useState<Side>("west");
  const [largestPartOnly, setLargestPartOnly] = useState(false);
  const [preview, setPreview] = useState<ReductionPreview | null>(null);
  const [shown, setShown] = useState<ReductionProposal | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [note, setNote] = useState("");
  const [refresh, setRefresh] = useState(0);
  const proposals = useApi((signal) => fetchProposals(id, signal), [id, version, refresh]);

  const request = (): ReductionRequestBody =>
    strategy === "inset"
      ? { strategy, largestPartOnly }
      : { strategy, angleDegrees, keepSide, largestPartOnly };

  const drawn = shown?.geometry ?? preview?.geometry ?? null;
  const overlay = useMemo(
    () => (drawn ? reductionOverlay(block.geometry, drawn) : null),
    [block.geometry, drawn],
  );
  useOverlay("reduction", overlay);

  async function runPreview() {
    setBusy(true);
    setProblem(null);
    setShown(null);
    const result = await previewReduction(id, request());
    setBusy(false);
    if (result.ok) setPreview(result.value);
    else {
      setPreview(null);
      setProblem(result.problem);
    }
  }

  async function save() {
    setBusy(true);
    setProblem(null);
    const result = await saveProposal(id, { ...request(), ...(note ? { note } : {}) });
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setNote("");
    setRefresh((count) => count + 1);
  }

  async function saveElimination() {
    setBusy(true);
    setProblem(null);
    const result = await saveProposal(id, { strategy: "inset", action: "eliminate" });
    setBusy(false);
    if (!result.ok) return setProblem(result.problem);
    setRefresh((count) => count + 1);
  }

  const reduces = decision.action === "reduce";
  return (
    <div className="review" data-testid="reduce-panel">
      <h3>{text.decision}</h3>
      <p className="decision" data-testid="exit-decision">
        <span className={`decision-action action-${decision.action}`} data-testid="exit-action">
          {text.actions[decision.action]}
        </span>{" "}
        <span data-testid="exit-rule">{text.row(decision.rule)}</span>
      </p>
      <p data-testid="exit-explanation">
        {locale === "en" ? decision.explanation.en : decision.explanation.zh}
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

      {reduces ? (
        <>
          <h3>{text.preview}</h3>
          <fieldset className="controls">
            <legend className="visually-hidden">{text.strategy}</legend>
            <label>
              <input
                type="radio"
                name="strategy"
                data-testid="strategy-inset"
                checked={strategy === "inset"}
                onChange={() => setStrategy("inset")}
              />{" "}
              {text.inset}
            </label>
            <label>
              <input
                type="radio"
                name="strategy"
                data-testid="strategy-cut"
                checked={strategy === "cut"}
                onChange={() => setStrategy("cut")}
              />{" "}
              {text.cut}
            </label>
          </fieldset>
          {strategy === "cut" ? (
            <div className="controls">
              <label className="control-row">
                <span>{text.angle}</span>
                <span className="angle-input">
                  <input
                    type="range"
                    min={0}
                    max={179}
                    value={angleDegrees}
                    onChange={(event) => setAngleDegrees(Number(event.target.value))}
                    aria-label={text.angle}
                  />
                  <input
                    type="number"
                    min={0}
                    max={359}
                    value={angleDegrees}
                    data-testid="cut-angle"
                    onChange={(event) => setAngleDegrees(Number(event.target.value))}
                  />
                  <AngleDial degrees={angleDegrees} />
                </span>
              </label>
              <label className="control-row">
                <span>{text.keepSide}</span>
                <select
                  value={keepSide}
                  data-testid="cut-side"
                  onChange={(event) => setKeepSide(event.target.value as Side)}
                >
                  {SIDES.map((side) => (
                    <option key={side} value={side}>
                      {text.sides[side]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          ) : null}
          <label className="control-row checkbox">
            <input
              type="checkbox"
              checked={largestPartOnly}
              data-testid="largest-part-only"
              onChange={(event) => setLargestPartOnly(event.target.checked)}
            />{" "}
            {text.largestPartOnly}
          </label>
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
                disabled={busy}
                onClick={save}
              >
                {text.saveProposal}
              </button>
            </div>
          ) : null}
        </>
      ) : (
        <>
          <p className="muted">{text.noReduction}</p>
          <button
            type="button"
            className="secondary-button"
            data-testid="save-elimination"
            disabled={busy}
            onClick={saveElimination}
          >
            {text.saveElimination}
          </button>
          {problem ? <ProblemMessage problem={problem} /> : null}
        </>
      )}

      <h3>{text.proposals}</h3>
      {proposals.status === "ready" ? (
        <ProposalList
          block={block}
          proposals={proposals.value.features}
          shownId={shown?.properties.id ?? null}
          onShow={(proposal) => setShown(shown?.properties.id === proposal.properties.id ? null : proposal)}
          onChanged={() => setRefresh((count) => count + 1)}
        />
      ) : proposals.status === "failed" ? (
        <p className="error">{messages.review.common.failed(proposals.problem.message)}</p>
      ) : (
        <p className="muted">{messages.review.common.loading}</p>
      )}
      <span className="visually-hidden">{formatShare(locale, decision.shareOfPark)}</span>
    </div>
  );
}

function PreviewFigures({ preview }: { preview: ReductionPreview }) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { locale } = messages;
  const figures = preview.properties;
  return (
    <dl className="attributes figures" data-testid="preview-figures">
      <dt>{text.keepRatio}</dt>
      <dd data-testid="preview-keep-ratio">{formatShare(locale, figures.keepRatio)}</dd>
      <dt>{text.target}</dt>
      <dd data-testid="preview-target">
        <span className="number">{formatKm2(locale, figures.targetAreaKm2)}</span> {messages.units.km2}
      </dd>
      <dt>{text.achieved}</dt>
      <dd data-testid="preview-area">
        <span className="number">{formatKm2(locale, figures.areaKm2)}</span> {messages.units.km2}
      </dd>
      <dt>{text.error}</dt>
      <dd data-testid="preview-error">{formatErrorPercent(figures.errorRatio)}</dd>
      <dt>{text.parts}</dt>
      <dd>{figures.parts}</dd>
    </dl>
  );
}

/** (achieved − target) ÷ target as a percent with two significant digits (the solver's error is ~1e-7). */
function formatErrorPercent(errorRatio: number): string {
  return `${errorRatio === 0 ? "0" : (errorRatio * 100).toPrecision(2)}%`;
}

function Legend() {
  const text = useMessages().review.exit;
  return (
    <ul className="legend small">
      <li>
        <span className="swatch" style={{ border: `2px dashed ${OVERLAY_COLORS.original}` }} />{" "}
        {text.legendOriginal}
      </li>
      <li>
        <span className="swatch" style={{ background: OVERLAY_COLORS.kept, opacity: 0.7 }} />{" "}
        {text.legendKept}
      </li>
      <li>
        <span className="swatch removed-swatch" /> {text.legendRemoved}
      </li>
    </ul>
  );
}

/** The cut line's bearing as a small compass (north up). */
function AngleDial({ degrees }: { degrees: number }) {
  const radians = (degrees * Math.PI) / 180;
  const dx = Math.sin(radians) * 11;
  const dy = -Math.cos(radians) * 11;
  return (
    <svg width={28} height={28} viewBox="-14 -14 28 28" aria-hidden="true" className="angle-dial">
      <circle r={13} className="dial-ring" />
      <text y={-7} textAnchor="middle" className="dial-north">
        N
      </text>
      <line x1={-dx} y1={-dy} x2={dx} y2={dy} className="dial-line" />
    </svg>
  );
}

function ProposalList({
  block,
  proposals,
  shownId,
  onShow,
  onChanged,
}: {
  block: BlockFeature;
  proposals: ReductionProposal[];
  shownId: number | null;
  onShow(proposal: ReductionProposal): void;
  onChanged(): void;
}) {
  const messages = useMessages();
  const text = messages.review.exit;
  const { locale } = messages;
  const { reload, mapView } = useReview();
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
    reload();
    // The Zhongguancun range is the union of the national blocks: redraw it when one of them shrank.
    if (block.properties.level === "national") {
      const zgc = await fetchLayer("zgc");
      if (zgc.ok) mapView?.setReferenceLayer("zgc", zgc.value);
    }
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
        {proposals.map((proposal) => {
          const p = proposal.properties;
          return (
            <li
              key={p.id}
              data-testid={`proposal-${p.id}`}
              className={shownId === p.id ? "selected" : undefined}
            >
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
                  <button type="button" className="link-button" onClick={() => onShow(proposal)}>
                    {text.show}
                  </button>
                ) : null}
                {p.appliedVersion !== null ? (
                  <span className="tag">{text.applied(p.appliedVersion)}</span>
                ) : p.stale ? (
                  <span className="tag stale">{text.stale}</span>
                ) : confirming === p.id ? (
                  <span className="confirm">
                    <span className="small">
                      {p.action === "eliminate" ? text.confirmEliminate : text.confirmApply}
                    </span>
                    <button
                      type="button"
                      className="primary-button"
                      data-testid={`confirm-apply-${p.id}`}
                      onClick={() => apply(proposal)}
                    >
                      {text.apply}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="secondary-button"
                    data-testid={`apply-${p.id}`}
                    onClick={() => setConfirming(p.id)}
                  >
                    {text.apply}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
