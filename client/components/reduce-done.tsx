import type { BlockFeature } from "../api/blocks.js";
import { fetchRectifications } from "../api/exit.js";
import type { ReductionProposal } from "../api/reductions.js";
import { formatDateTime } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useApi } from "./review-context.js";

/**
 * A block 已压减: the 淘汰方式 its failed rectification led to has been carried out. No further step (another
 * reduction, the exit) is offered for the same year: only a later year's 综合评价 can order a rectification again
 * (已压减 → 整改中), and its failure would decide anew (《管理办法》第三部分 · 动态调整).
 */
export function ReducedNotice({ block, proposals }: { block: BlockFeature; proposals: ReductionProposal[] }) {
  const messages = useMessages();
  const text = messages.review.exit;
  const records = useApi((signal) => fetchRectifications(block.properties.id, signal), [block.properties.id]);
  const applied = proposals
    .filter((proposal) => proposal.properties.appliedVersion !== null)
    .sort((a, b) => (b.properties.appliedVersion ?? 0) - (a.properties.appliedVersion ?? 0))[0];
  const failed =
    records.status === "ready"
      ? records.value.rectifications.filter((record) => record.outcome === "failed").at(-1)
      : undefined;
  return (
    <div className="reduce-done" role="status" data-testid="reduction-carried-out">
      <p>
        <strong>{text.carriedOut}</strong>{" "}
        {failed?.judgedYear ? text.carriedOutYear(failed.orderedYear, failed.judgedYear) : null}
      </p>
      {applied ? (
        <p className="small">
          {text.carriedOutBy(
            applied.properties.appliedVersion ?? block.properties.version,
            applied.properties.appliedBy ?? "",
            applied.properties.appliedAt ? formatDateTime(messages.locale, applied.properties.appliedAt) : "",
          )}
        </p>
      ) : null}
      <p className="muted small">{text.nextStepLater}</p>
    </div>
  );
}
