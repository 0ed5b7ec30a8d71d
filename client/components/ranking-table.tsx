import type { RankChange, RankingRow } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useReview } from "./review-context.js";
import { formatFixed } from "./review-format.js";
import { ScoreBreakdown } from "./score-breakdown.js";

/** The categories of the ranking (需要说明的是 二 · 分类考核: A and B are ranked separately). */
export const CATEGORIES = ["A", "B"] as const;
export type Category = (typeof CATEGORIES)[number];

/** The ranking table of one category: rank, block, score, the what-if change; the selected row's breakdown. */
export function RankingTable({
  category,
  rows,
  changes,
  indicatorName,
}: {
  category: string;
  rows: RankingRow[];
  /** The what-if comparison's changes; undefined when there is no comparison. */
  changes: RankChange[] | undefined;
  indicatorName(key: string): string;
}) {
  const text = useMessages().review.ranking;
  const { selectedBlockId, selectBlock } = useReview();
  const comparing = changes !== undefined;
  const changeOf = new Map(changes?.map((change) => [change.blockId, change]) ?? []);
  return (
    <table className="data-table ranking" data-testid={`ranking-table-${category}`}>
      <thead>
        <tr>
          <th className="numeric">{text.rank}</th>
          <th>{text.block}</th>
          <th className="numeric">{text.score}</th>
          {comparing ? <th className="numeric">{text.rankChange}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <RankingRowView
            key={row.blockId}
            row={row}
            selected={row.blockId === selectedBlockId}
            change={changeOf.get(row.blockId)}
            comparing={comparing}
            indicatorName={indicatorName}
            onSelect={() => selectBlock(row.blockId, true)}
          />
        ))}
      </tbody>
    </table>
  );
}

function RankingRowView({
  row,
  selected,
  change,
  comparing,
  indicatorName,
  onSelect,
}: {
  row: RankingRow;
  selected: boolean;
  change: RankChange | undefined;
  comparing: boolean;
  indicatorName(key: string): string;
  onSelect(): void;
}) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  const classes = [
    "clickable",
    row.bottom5 ? "bottom5" : "",
    row.status === "rectifying" ? "rectifying" : "",
    selected ? "selected" : "",
  ].filter(Boolean);
  return (
    <>
      <tr
        className={classes.join(" ")}
        data-testid={`ranking-row-${row.blockId}`}
        data-bottom5={row.bottom5}
        aria-selected={selected}
        onClick={onSelect}
        ref={selected ? scrollIntoView : undefined}
      >
        <td className="numeric">{row.rank ?? "—"}</td>
        <td>
          {row.name}
          <br />
          <span className="muted small">
            {row.park.name} · {messages.level[row.level as "national"] ?? row.level}
          </span>{" "}
          {row.bottom5 ? <span className="tag danger">{text.bottom5}</span> : null}
          {row.status === "rectifying" ? <span className="tag warn">{text.rectifying}</span> : null}
          {row.exempt ? (
            <span className="tag">{row.exempt === "national" ? text.national : text.exempt}</span>
          ) : null}
          {row.complete ? null : <span className="tag">{text.incomplete}</span>}
        </td>
        <td className="numeric number">{formatFixed(locale, row.score, 2)}</td>
        {comparing ? (
          <td className="numeric" data-testid={`rank-change-${row.blockId}`}>
            {change?.rankChange
              ? change.rankChange > 0
                ? `▲${change.rankChange}`
                : `▼${-change.rankChange}`
              : "—"}
          </td>
        ) : null}
      </tr>
      {selected ? (
        <tr className="breakdown-row">
          <td colSpan={comparing ? 4 : 3}>
            <ScoreBreakdown row={row} indicatorName={indicatorName} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** A row selected on the map comes into view in the table. */
function scrollIntoView(element: HTMLTableRowElement | null): void {
  element?.scrollIntoView({ block: "nearest" });
}
