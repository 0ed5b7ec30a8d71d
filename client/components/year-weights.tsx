import { useState } from "react";
import { saveWeights } from "../api/evaluation-year.js";
import { type EvaluationWeights, fetchWeights } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useApi } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/** The year's score method and indicator weights (data, seeded with the Measures' table), edited and saved. */
export function YearWeightsSection({ year, frozen }: { year: number; frozen: boolean }) {
  const [refresh, setRefresh] = useState(0);
  /** The form is new after a save (its key is the change's time): the parent says it was saved. */
  const [saved, setSaved] = useState(false);
  const loaded = useApi((signal) => fetchWeights(year, signal), [year, refresh]);
  const messages = useMessages();
  if (loaded.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (loaded.status === "failed") return <ProblemMessage problem={loaded.problem} />;
  return (
    <WeightsForm
      key={`${year}-${loaded.value.changedAt}`}
      weights={loaded.value}
      frozen={frozen}
      saved={saved}
      onEdited={() => setSaved(false)}
      onSaved={() => {
        setSaved(true);
        setRefresh((count) => count + 1);
      }}
    />
  );
}

function WeightsForm({
  weights,
  frozen,
  saved,
  onEdited,
  onSaved,
}: {
  weights: EvaluationWeights;
  frozen: boolean;
  saved: boolean;
  onEdited(): void;
  onSaved(): void;
}) {
  const messages = useMessages();
  const text = messages.review.year;
  const denied = useDenial()("weights.edit");
  const { busy, problem, send } = useRequest();
  const [method, setMethod] = useState(weights.method);
  const [percent, setPercent] = useState<Record<string, number>>(() => ({ ...weights.weightsPercent }));
  const baseSum = weights.indicators
    .filter((indicator) => indicator.kind === "base")
    .reduce((sum, indicator) => sum + (percent[indicator.key] ?? 0), 0);

  async function save() {
    const answer = await send(() => saveWeights(weights.year, { method, weightsPercent: percent }));
    if (answer) onSaved();
  }

  return (
    <section className="year-section" data-testid="year-weights">
      <h3>{text.weights}</h3>
      <p className="muted small">
        {[weights.inherited ? text.inherited(weights.definedForYear) : null, weights.changedBy]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {frozen ? <p className="muted small">{text.frozenWeights}</p> : null}
      <label className="control-row">
        <span>{text.method}</span>
        <select
          value={method}
          data-testid="year-method"
          disabled={denied !== null}
          title={denied ?? undefined}
          onChange={(event) => {
            setMethod(event.target.value as typeof method);
            onEdited();
          }}
        >
          {weights.methods.map((option) => (
            <option key={option} value={option}>
              {text.methods[option] ?? option}
            </option>
          ))}
        </select>
      </label>
      <table className="data-table small">
        <tbody>
          {weights.indicators.map((indicator) => (
            <tr key={indicator.key}>
              <td>{messages.locale === "en" ? indicator.en : indicator.zh}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={0.5}
                  className="weight-input"
                  data-testid={`year-weight-${indicator.key}`}
                  disabled={denied !== null}
                  value={percent[indicator.key] ?? 0}
                  onChange={(event) => {
                    setPercent({ ...percent, [indicator.key]: Number(event.target.value) });
                    onEdited();
                  }}
                />
                %
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={baseSum === 100 ? "muted small" : "error small"} data-testid="year-weight-sum">
        {text.weightSum(baseSum)}
      </p>
      <button
        type="button"
        className="primary-button"
        data-testid="year-save-weights"
        disabled={busy || denied !== null}
        title={denied ?? undefined}
        onClick={save}
      >
        {text.saveWeights}
      </button>
      {saved ? (
        <p className="success small" role="status" data-testid="year-weights-saved">
          {text.saved}
        </p>
      ) : null}
      {problem ? <ProblemMessage problem={problem} testId="year-weights-problem" /> : null}
    </section>
  );
}
