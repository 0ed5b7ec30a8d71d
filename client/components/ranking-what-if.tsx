import { useState } from "react";
import type { EvaluationWeights } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { formatFixed } from "./review-format.js";

/** What-if weights: edit the year's weights (the base weights must sum to 100%) and rank with them. */
export function WhatIfEditor({
  weights,
  active,
  onRun,
}: {
  weights: EvaluationWeights;
  active: boolean;
  onRun(weights: Record<string, number> | null): void;
}) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  const [draft, setDraft] = useState<Record<string, number>>(weights.weightsPercent);
  const baseSum = weights.indicators
    .filter((indicator) => indicator.kind === "base")
    .reduce((sum, indicator) => sum + (draft[indicator.key] ?? 0), 0);
  const sumOk = Math.abs(baseSum - 100) < 1e-9;
  return (
    <details className="what-if" open={active}>
      <summary>{text.whatIf}</summary>
      <table className="data-table">
        <tbody>
          {weights.indicators.map((indicator) => (
            <tr key={indicator.key}>
              <td className="small">
                {locale === "en" ? indicator.en : indicator.zh}
                {indicator.kind === "bonus" ? <span className="muted"> ({text.bonus})</span> : null}
              </td>
              <td className="numeric">
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  className="weight-input"
                  data-testid={`weight-${indicator.key}`}
                  value={draft[indicator.key] ?? 0}
                  onChange={(event) => setDraft({ ...draft, [indicator.key]: Number(event.target.value) })}
                />
                %
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={sumOk ? "muted small" : "error small"}>{text.baseSum(formatFixed(locale, baseSum, 0))}</p>
      <button
        type="button"
        className="primary-button"
        data-testid="run-what-if"
        disabled={!sumOk}
        onClick={() => onRun(draft)}
      >
        {text.runWhatIf}
      </button>{" "}
      {active ? (
        <button
          type="button"
          className="secondary-button"
          onClick={() => {
            setDraft(weights.weightsPercent);
            onRun(null);
          }}
        >
          {text.resetWhatIf}
        </button>
      ) : null}
    </details>
  );
}
