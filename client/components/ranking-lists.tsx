import { fetchRecommendations, fetchTransitions } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { CATEGORIES } from "./ranking-table.js";
import { useApi, useReview } from "./review-context.js";

/** §4.3: municipal blocks with good results, recommended first for the national high-tech zone. */
export function Recommended({ year }: { year: number }) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { selectBlock } = useReview();
  const recommendations = useApi((signal) => fetchRecommendations(year, signal), [year]);
  if (recommendations.status !== "ready") return null;
  const value = recommendations.value;
  return (
    <>
      <h3>{text.recommended(value.topPercent)}</h3>
      <ul className="plain-list" data-testid="recommended">
        {CATEGORIES.flatMap((category) =>
          value.categories[category].recommended.map((entry) => (
            <li key={entry.blockId}>
              <button type="button" className="link-button" onClick={() => selectBlock(entry.blockId, true)}>
                {entry.name}
              </button>{" "}
              <span className="muted small">
                {category} · {text.rank} {entry.rank ?? "—"}
              </span>
            </li>
          )),
        )}
      </ul>
      <p className="muted small">{messages.locale === "en" ? value.rule.en : value.rule.zh}</p>
    </>
  );
}

/** §4.4 (ecological conservation areas): the blocks in a transition period, when it ends and how it stands. */
export function Transitions() {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { selectBlock } = useReview();
  const transitions = useApi((signal) => fetchTransitions(signal), []);
  if (transitions.status !== "ready") return null;
  return (
    <>
      <h3>{text.transitions}</h3>
      {transitions.value.transitions.length === 0 ? (
        <p className="muted small">{text.noTransitions}</p>
      ) : (
        <table className="data-table" data-testid="transitions">
          <thead>
            <tr>
              <th>{text.block}</th>
              <th>{text.endsOn}</th>
            </tr>
          </thead>
          <tbody>
            {transitions.value.transitions.map((transition) => (
              <tr
                key={transition.blockId}
                className="clickable"
                onClick={() => selectBlock(transition.blockId, true)}
              >
                <td>
                  {transition.name ?? `#${transition.blockId}`}
                  <br />
                  <span className="muted small">{transition.park}</span>
                </td>
                <td>
                  {transition.endsOn}
                  <br />
                  <span className="muted small">
                    {text.state[transition.result.state] ?? transition.result.state}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
