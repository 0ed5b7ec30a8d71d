import type { Feature, FeatureCollection } from "geojson";
import { useMemo, useRef, useState } from "react";
import {
  type EvaluationWeights,
  fetchRanking,
  fetchWeights,
  type Ranking,
  type RankingRow,
} from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { OVERLAY_COLORS, OVERLAY_ROLES } from "../map/overlay-layers.js";
import { EvaluationNotices } from "./evaluation-notices.js";
import { Recommended, Transitions } from "./ranking-lists.js";
import { CATEGORIES, type Category, RankingTable } from "./ranking-table.js";
import { WhatIfEditor } from "./ranking-what-if.js";
import { RecommendationRevisions } from "./recommendation-revisions.js";
import { useApi, useOverlay } from "./review-context.js";
import { useBlockGeometries } from "./use-block-geometries.js";
import "../styles/ranking.css";

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
      <EvaluationNotices year={year} />
      <Recommended year={year} />
      <RecommendationRevisions year={year} />
      <Transitions />
    </div>
  );
}

function RankingTables({ ranking, weights }: { ranking: Ranking; weights: EvaluationWeights | null }) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  const bottomIds = useMemo(
    () =>
      CATEGORIES.flatMap((key) =>
        ranking.categories[key].filter((row) => row.bottom5).map((row) => row.blockId),
      ),
    [ranking],
  );
  const blocks = useBlockGeometries(bottomIds, "rectifying");
  const [category, setCategory] = useState<Category>("A");
  const rows = ranking.categories[category];
  const comparison = ranking.comparison?.categories[category];

  const overlay = useMemo((): FeatureCollection => {
    const bottom = new Set(
      CATEGORIES.flatMap((key) =>
        ranking.categories[key].filter((row) => row.bottom5).map((row) => row.blockId),
      ),
    );
    const features: Feature[] = [];
    for (const block of blocks.values()) {
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
        <RankingTable
          category={category}
          rows={rows}
          changes={comparison?.changes}
          indicatorName={indicatorName}
        />
      )}
    </>
  );
}

function names(rows: RankingRow[], ids: number[]): string {
  return ids.map((id) => rows.find((row) => row.blockId === id)?.name ?? `#${id}`).join("、");
}
