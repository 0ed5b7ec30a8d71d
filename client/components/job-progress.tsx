import { useEffect, useState } from "react";
import { cancelJob, JOB_RUNNING_STATES, type Job, jobFileUrl, watchJob } from "../api/jobs.js";
import type { ApiProblem } from "../api/request.js";
import { useMessages } from "../i18n/i18n-context.js";

/** A job followed live (server-sent events) from the job the start answered with; cancel. */
export function useWatchedJob(initial: Job | null) {
  const [job, setJob] = useState<Job | null>(initial);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => setJob(initial), [initial]);
  const id = job?.id;
  const running = job !== null && JOB_RUNNING_STATES.has(job.state);
  useEffect(() => {
    if (id === undefined || !running) return;
    return watchJob(id, setJob);
  }, [id, running]);
  const cancel = async () => {
    if (id === undefined) return;
    const cancelled = await cancelJob(id);
    if (cancelled.ok) setJob(cancelled.value);
    else setProblem(cancelled.problem);
  };
  return { job, running, problem, cancel };
}

/** A job's state, stage in words, counts and bar; cancel while it runs; its file once it has one. */
export function JobProgress({ job, onCancel }: { job: Job; onCancel?: () => void }) {
  const text = useMessages().review.jobs;
  const running = JOB_RUNNING_STATES.has(job.state);
  const stage = text.stages[job.progress.stage as keyof typeof text.stages] ?? job.progress.stage;
  return (
    <div className="job-progress" data-testid="job-progress" data-state={job.state} data-job={job.id}>
      <p className="job-line">
        <strong>{text.states[job.state]}</strong>
        {running && stage ? <span> · {stage}</span> : null}
        {job.progress.total > 0 ? <span> · {text.counts(job.progress.done, job.progress.total)}</span> : null}
      </p>
      {running ? (
        <progress max={Math.max(1, job.progress.total)} value={job.progress.done} aria-label={stage} />
      ) : null}
      {job.state === "failed" ? <p className="error">{job.error}</p> : null}
      {job.interrupted ? <p className="muted small">{text.interrupted}</p> : null}
      <div className="job-actions">
        {running && onCancel ? (
          <button type="button" className="secondary-button" onClick={onCancel} data-testid="job-cancel">
            {text.cancel}
          </button>
        ) : null}
        {job.file ? (
          <a className="primary-button" href={jobFileUrl(job.id)} download data-testid="job-download">
            {text.download(job.file.name, job.file.bytes)}
          </a>
        ) : job.expired ? (
          <span className="muted small">{text.expired}</span>
        ) : null}
      </div>
    </div>
  );
}
