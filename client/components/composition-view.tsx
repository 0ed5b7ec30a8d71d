import { fetchComposition } from "../api.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useApi } from "./review-context.js";
import "../styles/composition.css";

const OPERATION_SIGNS: Record<string, string> = { "+": "+", "-": "−", "=": "=" };

/** 空间构成 (DOMAIN.md §3): every term of the computation with its area, the result and the warning. */
export function CompositionView() {
  const messages = useMessages();
  const text = messages.review.composition;
  const { locale } = messages;
  const composition = useApi((signal) => fetchComposition(signal), []);
  if (composition.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (composition.status === "failed")
    return <p className="error">{messages.review.common.failed(composition.problem.message)}</p>;
  const value = composition.value;
  return (
    <div className="review" data-testid="composition-view">
      <table className="data-table composition">
        <tbody>
          {value.terms.map((term) => (
            <tr
              key={term.key}
              className={term.operation === "=" ? "result" : undefined}
              data-testid={`term-${term.key}`}
            >
              <td className="operation">{OPERATION_SIGNS[term.operation]}</td>
              <td>{text.terms[term.key] ?? term.key}</td>
              <td className="numeric">
                <span className="number">{formatKm2(locale, term.areaKm2)}</span> {messages.units.km2}
              </td>
            </tr>
          ))}
          <tr className="separator">
            <td />
            <td>{text.municipalBlocks}</td>
            <td className="numeric">
              <span className="number">{formatKm2(locale, value.municipalBlocksKm2)}</span>{" "}
              {messages.units.km2}
            </td>
          </tr>
          <tr>
            <td />
            <td>{text.headroom}</td>
            <td className="numeric" data-testid="composition-headroom">
              <span className="number">{formatKm2(locale, value.headroomKm2)}</span> {messages.units.km2}
            </td>
          </tr>
        </tbody>
      </table>
      <p
        className={value.exceedsMaximum ? "warning" : "success"}
        role="status"
        data-testid="composition-verdict"
      >
        {value.exceedsMaximum ? text.exceeds : text.within}
      </p>
      <p className="muted small">{text.preliminary(String(value.policyPreliminaryUnionKm2))}</p>
    </div>
  );
}
