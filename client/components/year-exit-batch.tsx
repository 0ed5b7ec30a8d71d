import { useEffect, useState } from "react";
import { type ExitBatchSummary, fetchExitBatchResult, startExitBatch } from "../api/evaluation-year.js";
import type { Job } from "../api/jobs.js";
import { useMessages } from "../i18n/i18n-context.js";
import { useDenial } from "./access-context.js";
import { JobProgress, useWatchedJob } from "./job-progress.js";
import { useReview } from "./review-context.js";
import { ProblemMessage } from "./review-problem.js";
import { useRequest } from "./use-request.js";

/**
 * 退出批处理: the 淘汰方式 decision and a default proposal for every block whose rectification failed, started as a
 * job in the jobs table (POST /api/exit-batch → 202 with the job) and followed with the shared job progress
 * (bar, stage, counts, cancel; server-sent events), then its results (GET /api/jobs/:id/result).
 */
export function YearExitBatchSection() {
  const text = useMessages().review.year;
  const denied = useDenial()("evaluations.run");
  const { busy, problem, send } = useRequest();
  const [started, setStarted] = useState<Job | null>(null);
  const watched = useWatchedJob(started);
  const [summary, setSummary] = useState<ExitBatchSummary | null>(null);
  const job = watched.job;
  const succeededId = job?.state === "succeeded" ? job.id : undefined;

  useEffect(() => {
    if (succeededId === undefined) return;
    const controller = new AbortController();
    void fetchExitBatchResult(succeededId, controller.signal).then((answer) => {
      if (answer.ok) setSummary(answer.value);
    });
    return () => controller.abort();
  }, [succeededId]);

  async function start() {
    setSummary(null);
    const answer = await send(() => startExitBatch());
    if (answer) setStarted(answer);
  }

  return (
    <section className="year-section" data-testid="year-exit-batch">
      <h3>{text.exitBatch}</h3>
      <button
        type="button"
        className="secondary-button"
        data-testid="year-start-batch"
        disabled={busy || watched.running || denied !== null}
        title={denied ?? undefined}
        onClick={start}
      >
        {text.startExitBatch}
      </button>
      {job ? (
        <div data-testid="year-batch" data-state={summary ? "done" : job.state}>
          <JobProgress job={job} onCancel={watched.cancel} />
          {summary ? (
            <>
              <p className="success small">{text.batchDone(summary.results.length)}</p>
              <BatchResults results={summary.results} />
            </>
          ) : null}
        </div>
      ) : null}
      {problem ? <ProblemMessage problem={problem} testId="year-batch-problem" /> : null}
      {watched.problem ? <ProblemMessage problem={watched.problem} testId="year-batch-problem" /> : null}
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
