import { fetchComposition } from "../api/composition.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useApi } from "./review-context.js";
import "../styles/composition.css";

const OPERATION_SIGNS: Record<string, string> = { "+": "+", "-": "−", "=": "=" };

/**
 * 空间构成 (《管理办法》需要说明的是 四): every term with its area (overlaps as rows of their own, "∩" for the parts
 * inside the union), the maximum, the cap rows down to the headroom, the baseline in force, and the warning.
 */
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
              <td>{(text.terms as Record<string, string>)[term.key] ?? term.key}</td>
              <td className="numeric">
                <span className="number">{formatKm2(locale, term.areaKm2)}</span> {messages.units.km2}
              </td>
            </tr>
          ))}
          {value.cap.slice(1).map((term) => (
            <tr
              key={`cap-${term.key}`}
              className={term.operation === "=" ? "result separator" : undefined}
              data-testid={term.key === "headroom" ? "composition-headroom" : `cap-${term.key}`}
            >
              <td className="operation">{OPERATION_SIGNS[term.operation]}</td>
              <td>{(text.cap as Record<string, string>)[term.key] ?? term.key}</td>
              <td className="numeric">
                <span className="number">{formatKm2(locale, term.areaKm2)}</span> {messages.units.km2}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small" data-testid="composition-baseline">
        {value.baseline
          ? text.baseline(value.baseline.frozenAt.slice(0, 10), value.baseline.frozenBy)
          : text.noBaseline}
      </p>
      {value.flaggedBlocks.length > 0 ? (
        <>
          <h3>{text.flagged}</h3>
          <ul data-testid="composition-flagged">
            {value.flaggedBlocks.map((flag) => (
              <li key={flag.blockId}>
                {flag.name}: {formatKm2(locale, flag.outsideBaselineKm2)} /{" "}
                {formatKm2(locale, flag.insideDeclaredKm2)} {messages.units.km2}
              </li>
            ))}
          </ul>
        </>
      ) : null}
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
