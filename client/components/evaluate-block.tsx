import type { BlockFeature } from "../api/blocks.js";
import { fetchRanking, fetchWeights } from "../api/evaluations.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useApi, useReview } from "./review-context.js";
import { formatFixed } from "./review-format.js";
import { ScoreBreakdown } from "./score-breakdown.js";

/** 评价: the selected block's place in its category's ranking for the year chosen, and how its score was made. */
export function EvaluateBlock({ block }: { block: BlockFeature }) {
  const messages = useMessages();
  const text = messages.review.ranking;
  const { locale } = messages;
  const { evaluationYear } = useReview();
  const ranking = useApi((signal) => fetchRanking(evaluationYear, undefined, signal), [evaluationYear]);
  const weights = useApi((signal) => fetchWeights(evaluationYear, signal), [evaluationYear]);
  if (ranking.status === "loading") return <p className="muted">{messages.review.common.loading}</p>;
  if (ranking.status === "failed")
    return <p className="error">{messages.review.common.failed(ranking.problem.message)}</p>;
  const category = (["A", "B"] as const).find((key) =>
    ranking.value.categories[key].some((row) => row.blockId === block.properties.id),
  );
  const rows = category ? ranking.value.categories[category] : [];
  const row = rows.find((candidate) => candidate.blockId === block.properties.id);
  if (!category || !row) return <p className="muted">{text.notEvaluated(evaluationYear)}</p>;
  const name = (key: string) => {
    const found =
      weights.status === "ready" ? weights.value.indicators.find((item) => item.key === key) : undefined;
    return found ? (locale === "en" ? found.en : found.zh) : key;
  };
  return (
    <div className="review" data-testid="evaluate-block">
      <dl className="attributes">
        <dt>{messages.review.views.year}</dt>
        <dd>{evaluationYear}</dd>
        <dt>{text.category}</dt>
        <dd>
          {category} {messages.category[category]}
        </dd>
        <dt>{text.rank}</dt>
        <dd data-testid="block-rank">
          <span className="number big">{row.rank ?? "—"}</span> / {rows.length}{" "}
          {row.bottom5 ? <span className="tag danger">{text.bottom5}</span> : null}
          {row.exempt ? (
            <span className="tag">{row.exempt === "national" ? text.national : text.exempt}</span>
          ) : null}
        </dd>
        <dt>{text.score}</dt>
        <dd>
          <span className="number">{formatFixed(locale, row.score, 2)}</span> ({text.base}{" "}
          {formatFixed(locale, row.baseScore, 2)} + {text.bonus} {formatFixed(locale, row.bonusScore, 2)})
        </dd>
      </dl>
      <ScoreBreakdown row={row} indicatorName={name} caption={false} testId="block-score-breakdown" />
    </div>
  );
}
