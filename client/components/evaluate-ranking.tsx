import type { Feature, FeatureCollection } from "geojson";
import { Fragment, useMemo, useRef, useState } from "react";
import {
  type EvaluationWeights,
  fetchRanking,
  fetchRecommendations,
  fetchTransitions,
  fetchWeights,
  type Ranking,
  type RankingRow,
} from "../api.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_COLORS, OVERLAY_ROLES } from "../map/overlay-layers.js";
import { useApi, useOverlay, useReview } from "./review-context.js";
import { formatFixed } from "./review-format.js";

const CATEGORIES = ["A", "B"] as const;
type Category = (typeof CATEGORIES)[number];

/**
 * 综合评价排名: the ranking of a year per category with score breakdowns; bottom-5% and rectifying blocks
 * outlined on the map; a what-if weights editor showing the changes in rank; the ecological transitions.
 */
export function EvaluateRanking({ year }: { year: number }) {
  const messages = useMessages();
  const [whatIf, setWhatIf] = useState<Record<string, number> | null>(null);
  const ranking = useApi((signal) => fetchRanking(year, whatIf ?? undefined, signal), [year, whatIf]);
  const weights = useApi((signal) => fetchWeights(year, signal), [year]);
  // While a what-if is computed, the table of the same year stays (no flashing, the category tab stays).
  const lastShown = useRef<Ranking | null>(null);
  if (ranking.status === "ready") lastShown.current = ranking.value;
  const shown =
    ranking.status === "ready" ? ranking.value : lastShown.current?.year === year ? lastShown.current : null;
  return (
    <div className="review" data-testid="ranking-view">
      {ranking.status === "failed" ? (
        <p className="error">{messages.review.common.failed(ranking.problem.message)}</p>
      ) : shown ? (
        <RankingTables ranking={shown} weights={weights.status === "ready" ? weights.value : null} />
      ) : (
        <p className="muted">{messages.review.common.loading}</p>
      )}
      {weights.status === "ready" ? (
        <WhatIfEditor key={year} weights={weights.value} active={whatIf !== null} onRun={setWhatIf} />
      ) : null}
      <Recommended year={year} />
      <Transitions />
    </div>
  );
}

function RankingTables({ ranking, weights }: { ranking: Ranking; weights: EvaluationWeights | null }) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  const { blocks, selectedBlockId, selectBlock } = useReview();
  const [category, setCategory] = useState<Category>("A");
  const rows = ranking.categories[category];
  const comparison = ranking.comparison?.categories[category];
  const changeOf = new Map(comparison?.changes.map((change) => [change.blockId, change]) ?? []);

  const overlay = useMemo((): FeatureCollection => {
    const bottom = new Set(
      CATEGORIES.flatMap((key) =>
        ranking.categories[key].filter((row) => row.bottom5).map((row) => row.blockId),
      ),
    );
    const features: Feature[] = [];
    for (const block of blocks?.features ?? []) {
      const { id, status } = block.properties;
      const role = bottom.has(id)
        ? OVERLAY_ROLES.bottom5
        : status === "rectifying"
          ? OVERLAY_ROLES.rectifying
          : null;
      if (role) features.push({ type: "Feature", properties: { role, id }, geometry: block.geometry });
    }
    return { type: "FeatureCollection", features };
  }, [ranking, blocks]);
  useOverlay("ranking", overlay);

  const indicatorName = (key: string) => {
    const found = weights?.indicators.find((indicator) => indicator.key === key);
    return found ? (locale === "en" ? found.en : found.zh) : key;
  };
  return (
    <>
      <div className="tabs" role="tablist">
        {CATEGORIES.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={category === key}
            data-testid={`ranking-category-${key}`}
            className={category === key ? "tab active" : "tab"}
            onClick={() => setCategory(key)}
          >
            {key} {messages.category[key]}
          </button>
        ))}
      </div>
      <ul className="legend small inline">
        <li>
          <span className="swatch" style={{ border: `3px solid ${OVERLAY_COLORS.bottom5}` }} />{" "}
          {text.legendBottom5}
        </li>
        <li>
          <span className="swatch" style={{ border: `3px dashed ${OVERLAY_COLORS.rectifying}` }} />{" "}
          {text.legendRectifying}
        </li>
      </ul>
      {comparison ? (
        <p className="what-if-summary" data-testid="what-if-summary">
          {text.changes(comparison.changes.length)}
          {comparison.enteredBottom5.length > 0
            ? ` · ${text.enteredBottom5}: ${names(rows, comparison.enteredBottom5)}`
            : ""}
          {comparison.leftBottom5.length > 0
            ? ` · ${text.leftBottom5}: ${names(rows, comparison.leftBottom5)}`
            : ""}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="muted">{text.noData}</p>
      ) : (
        <table className="data-table ranking" data-testid={`ranking-table-${category}`}>
          <thead>
            <tr>
              <th className="numeric">{text.rank}</th>
              <th>{text.block}</th>
              <th className="numeric">{text.score}</th>
              {comparison ? <th className="numeric">{text.rankChange}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const selected = row.blockId === selectedBlockId;
              const change = changeOf.get(row.blockId);
              const classes = [
                "clickable",
                row.bottom5 ? "bottom5" : "",
                row.status === "rectifying" ? "rectifying" : "",
                selected ? "selected" : "",
              ].filter(Boolean);
              return (
                <Fragment key={row.blockId}>
                  <tr
                    className={classes.join(" ")}
                    data-testid={`ranking-row-${row.blockId}`}
                    data-bottom5={row.bottom5}
                    aria-selected={selected}
                    onClick={() => selectBlock(row.blockId, true)}
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
                      {row.status === "rectifying" ? (
                        <span className="tag warn">{text.rectifying}</span>
                      ) : null}
                      {row.exempt ? (
                        <span className="tag">{row.exempt === "national" ? text.national : text.exempt}</span>
                      ) : null}
                      {row.complete ? null : <span className="tag">{text.incomplete}</span>}
                    </td>
                    <td className="numeric number">{formatFixed(locale, row.score, 2)}</td>
                    {comparison ? (
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
                      <td colSpan={comparison ? 4 : 3}>
                        <Breakdown row={row} indicatorName={indicatorName} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A row selected on the map comes into view in the table. */
function scrollIntoView(element: HTMLTableRowElement | null): void {
  element?.scrollIntoView({ block: "nearest" });
}

function names(rows: RankingRow[], ids: number[]): string {
  return ids.map((id) => rows.find((row) => row.blockId === id)?.name ?? `#${id}`).join("、");
}

function Breakdown({ row, indicatorName }: { row: RankingRow; indicatorName(key: string): string }) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  return (
    <table className="breakdown" data-testid="score-breakdown">
      <caption>
        {text.breakdown}: {text.base} {formatFixed(locale, row.baseScore, 2)} + {text.bonus}{" "}
        {formatFixed(locale, row.bonusScore, 2)}
      </caption>
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
            <td>
              {indicatorName(item.key)}
              {item.kind === "bonus" ? <span className="muted small"> ({text.bonus})</span> : null}
            </td>
            <td className="numeric">{formatFixed(locale, item.weightPercent, 0)}%</td>
            <td className="numeric">{item.missing ? "—" : formatFixed(locale, item.points, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WhatIfEditor({
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

/** §4.3: municipal blocks with good results, recommended first for the national high-tech zone. */
function Recommended({ year }: { year: number }) {
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

function Transitions() {
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
