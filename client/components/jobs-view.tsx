import { useEffect, useState } from "react";
import { cancelJob, fetchRecentJobs, JOB_RUNNING_STATES, type Job } from "../api/jobs.js";
import { useMessages } from "../i18n/i18n-context.js";
import { JobProgress } from "./job-progress.js";

/** How often the list is read again while one of its jobs runs. */
const REFRESH_MS = 1500;

/** 我的任务 (issue #14 item 6): the account's recent jobs with stage, counts, cancel and the files to download. */
export function JobsView() {
  const text = useMessages().review.jobs;
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-reads the list
  useEffect(() => {
    const controller = new AbortController();
    void fetchRecentJobs(controller.signal).then((answer) => {
      if (controller.signal.aborted) return;
      if (answer.ok) setJobs(answer.value);
      else setProblem(answer.problem.message);
    });
    return () => controller.abort();
  }, [tick]);
  // After each read: read again soon while one of the jobs runs.
  useEffect(() => {
    if (!(jobs ?? []).some((job) => JOB_RUNNING_STATES.has(job.state))) return;
    const timer = setTimeout(() => setTick((value) => value + 1), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [jobs]);
  const cancel = async (id: number) => {
    const answer = await cancelJob(id);
    if (!answer.ok) setProblem(answer.problem.message);
    setTick((value) => value + 1);
  };
  if (problem) return <p className="error">{problem}</p>;
  if (jobs === null) return <p className="muted">{text.loading}</p>;
  if (jobs.length === 0)
    return (
      <p className="muted" data-testid="jobs-empty">
        {text.none}
      </p>
    );
  return (
    <ul className="jobs-list" data-testid="jobs-list">
      {jobs.map((job) => (
        <li key={job.id} data-testid={`job-${job.id}`}>
          <p className="job-title">
            <strong>{text.kinds[job.kind as keyof typeof text.kinds] ?? job.kind}</strong>{" "}
            <span className="muted small">
              #{job.id} · {new Date(job.createdAt).toLocaleString()}
            </span>
          </p>
          <JobProgress job={job} onCancel={() => void cancel(job.id)} />
        </li>
      ))}
    </ul>
  );
}
