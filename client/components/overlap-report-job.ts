import { useCallback, useEffect, useState } from "react";
import { fetchBlocksExtent } from "../api/blocks.js";
import {
  cancelJob,
  fetchJob,
  fetchOverlapReport,
  type Job,
  type OverlapReport,
  startOverlapReport,
} from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { useReview } from "./review-context.js";

/** How often a running job's progress is read. */
const POLL_INTERVAL_MS = 400;
const RUNNING_STATES = new Set(["queued", "running"]);

/** The overlap report job (issue #16): start (all blocks or one sub-park's), poll its progress, cancel, result. */
export function useOverlapReportJob(parkId: number | null) {
  const [job, setJob] = useState<Job | null>(null);
  const [report, setReport] = useState<OverlapReport | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const jobId = job?.id;
  const running = job !== null && RUNNING_STATES.has(job.state);
  useEffect(() => {
    if (jobId === undefined || !running) return;
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        if (signal.aborted) return;
        const next = await fetchJob(jobId, signal);
        if (signal.aborted) return;
        if (!next.ok) return setProblem(next.problem);
        if (next.value.state === "succeeded") {
          const result = await fetchOverlapReport(jobId, signal);
          if (signal.aborted) return;
          if (result.ok) setReport(result.value);
          else setProblem(result.problem);
        }
        setJob(next.value);
        if (!RUNNING_STATES.has(next.value.state)) return;
      }
    })();
    return () => controller.abort();
  }, [jobId, running]);

  const start = async () => {
    setProblem(null);
    setReport(null);
    const started = await startOverlapReport(parkId === null ? {} : { parkId });
    if (started.ok) setJob(started.value);
    else setProblem(started.problem);
  };
  const cancel = async () => {
    if (jobId === undefined) return;
    const cancelled = await cancelJob(jobId);
    if (cancelled.ok) setJob(cancelled.value);
    else setProblem(cancelled.problem);
  };
  return { job, report, problem, running, start, cancel };
}

/** Selects the first of the blocks and fits the map to them all (their box from the server). */
export function useZoomToBlocks() {
  const { mapView, selectBlock } = useReview();
  return useCallback(
    async (blockIds: number[]) => {
      selectBlock(blockIds[0] ?? null);
      const box = await fetchBlocksExtent({ ids: blockIds });
      if (box.ok && box.value) mapView?.fitBounds(box.value);
    },
    [mapView, selectBlock],
  );
}
