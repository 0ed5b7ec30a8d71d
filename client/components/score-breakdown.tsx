import type { RankingRow } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { formatFixed } from "./review-format.js";

/**
 * How a block's score was made (综合评价, 《管理办法》第三部分 管理考核): each indicator's weight and points, the
 * bonus indicators marked, and why an indicator gave 0 or the same to everyone (`zeroBecause`). One table for
 * the ranking's selected row and the block's own evaluation tab.
 */
export function ScoreBreakdown({
  row,
  indicatorName,
  caption = true,
  testId = "score-breakdown",
}: {
  row: RankingRow;
  indicatorName(key: string): string;
  /** Show the base + bonus sum above the table (the block tab shows it beside the score instead). */
  caption?: boolean;
  testId?: string;
}) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  return (
    <table className="data-table breakdown" data-testid={testId}>
      {caption ? (
        <caption>
          {text.breakdown}: {text.base} {formatFixed(locale, row.baseScore, 2)} + {text.bonus}{" "}
          {formatFixed(locale, row.bonusScore, 2)}
        </caption>
      ) : null}
      <thead>
        <tr>
          <th>{text.indicator}</th>
          <th className="numeric">{text.weight}</th>
          <th className="numeric">{text.points}</th>
        </tr>
      </thead>
      <tbody>
        {row.breakdown.map((item) => (
          <tr key={item.key} className={item.kind === "bonus" ? "bonus" : undefined}>
            <td className="small">
              {indicatorName(item.key)}
              {item.kind === "bonus" ? <span className="muted"> ({text.bonus})</span> : null}
              {item.zeroBecause ? (
                <span className="muted small" data-testid={`zero-because-${item.key}`}>
                  <br />
                  {text.zeroBecause[item.zeroBecause] ?? item.zeroBecause}
                </span>
              ) : null}
            </td>
            <td className="numeric">{formatFixed(locale, item.weightPercent, 0)}%</td>
            <td className="numeric">{item.missing ? "—" : formatFixed(locale, item.points, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
