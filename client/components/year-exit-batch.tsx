import { useEffect, useState } from "react";
import { type ExitBatchStatus, fetchExitBatch, startExitBatch } from "../api/evaluation-year.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { useReview } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/** How often a running batch is asked for its progress. */
const POLL_MS = 500;

/**
 * 退出批处理: the 淘汰方式 decision and a default proposal for every block whose rectification failed, started as a
 * job (POST /api/exit-batch → 202) and followed with its progress until it ends.
 */
export function YearExitBatchSection() {
  const text = useMessages().review.year;
  const denied = useDenial()("evaluations.run");
  const { busy, problem, send } = useRequest();
  const [statusUrl, setStatusUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<ExitBatchStatus | null>(null);

  useEffect(() => {
    if (!statusUrl) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const answer = await fetchExitBatch(statusUrl, controller.signal);
      if (controller.signal.aborted) return;
      if (answer.ok) setStatus(answer.value);
      if (!answer.ok || answer.value.state === "running") timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [statusUrl]);

  async function start() {
    setStatus(null);
    const started = await send(() => startExitBatch());
    if (started) setStatusUrl(started.statusUrl);
  }
  const running = statusUrl !== null && (status === null || status.state === "running");

  return (
    <section className="year-section" data-testid="year-exit-batch">
      <h3>{text.exitBatch}</h3>
      <button
        type="button"
        className="secondary-button"
        data-testid="year-start-batch"
        disabled={busy || running || denied !== null}
        title={denied ?? undefined}
        onClick={start}
      >
        {text.startExitBatch}
      </button>
      {status ? (
        <div className="job-progress" data-testid="year-batch" data-state={status.state}>
          {status.state === "running" ? (
            <>
              <p className="small">{text.batchProgress(status.done, status.total)}</p>
              <progress max={Math.max(1, status.total)} value={status.done} />
            </>
          ) : status.state === "done" ? (
            <>
              <p className="success small">{text.batchDone(status.total)}</p>
              <BatchResults results={status.results} />
            </>
          ) : (
            <p className="error small">{text.batchFailed(status.error ?? "")}</p>
          )}
        </div>
      ) : null}
      {problem ? <ProblemMessage problem={problem} testId="year-batch-problem" /> : null}
    </section>
  );
}

/** One line per block of a finished batch: its 淘汰方式 decision; the name selects the block (its 淘汰方式 tab). */
function BatchResults({ results }: { results: Record<string, unknown>[] }) {
  const messages = useMessages();
  const { selectBlock } = useReview();
  return (
    <ul className="small" data-testid="year-batch-results">
      {results.map((result) => {
        const blockId = Number(result.blockId);
        const action = typeof result.action === "string" ? result.action : null;
        return (
          <li key={blockId} data-testid={`year-batch-block-${blockId}`}>
            <button type="button" className="link-button" onClick={() => selectBlock(blockId, true)}>
              {String(result.name ?? `#${blockId}`)}
            </button>
            {action ? ` · ${messages.review.exit.actions[action] ?? action}` : ""}
            {typeof result.rule === "number" ? ` · ${messages.review.exit.row(result.rule)}` : ""}
          </li>
        );
      })}
    </ul>
  );
}
