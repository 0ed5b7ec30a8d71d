import type { Job, JobStore } from "../db/job-store.js";

/** What a job's work is given: its row, and a progress call that says whether to go on. */
export interface JobContext {
  job: Job;
  /** Records progress; throws JobCancelled when the job was cancelled meanwhile (the work stops there). */
  progress(done: number, total: number, stage: string): Promise<void>;
}

export type JobHandler = (context: JobContext) => Promise<unknown>;

export class JobCancelled extends Error {}

/**
 * Runs jobs in this process, after the response that queued them; everything that matters is in the `jobs`
 * table (job-store.ts), so a cancel from another request is seen at the next progress call, and a restart
 * queues again what was running. One job at a time per process: the machine's cores serve requests too.
 */
export function jobRunner(store: JobStore, log: (message: string, error?: unknown) => void) {
  const handlers = new Map<string, JobHandler>();
  const queue: number[] = [];
  let active: Promise<void> | undefined;
  let closed = false;

  function register(kind: string, handler: JobHandler): void {
    handlers.set(kind, handler);
  }

  /** Queues a job id to run once the current one is done. */
  function start(id: number): void {
    if (closed) return;
    queue.push(id);
    if (!active) active = drainQueue();
  }

  async function drainQueue(): Promise<void> {
    // Let the response that queued the job go out first.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0 && !closed) await run(queue.shift() as number);
    active = undefined;
  }

  async function run(id: number): Promise<void> {
    try {
      if (!(await store.claim(id))) return;
      const job = await store.get(id);
      const handler = job && handlers.get(job.kind);
      if (!job || !handler) {
        await store.fail(id, `No worker for jobs of kind ${job?.kind ?? "?"}.`);
        return;
      }
      const result = await handler({
        job,
        progress: async (done, total, stage) => {
          if (!(await store.progress(id, done, total, stage))) throw new JobCancelled();
        },
      });
      await store.succeed(id, result);
    } catch (error) {
      if (error instanceof JobCancelled) return;
      log(`job ${id} failed`, error);
      await store.fail(id, error instanceof Error ? error.message : String(error)).catch(() => false);
    }
  }

  /** After a restart: runs again what was queued or running. */
  async function resume(): Promise<void> {
    for (const id of await store.requeueInterrupted()) start(id);
  }

  /** Stops taking jobs and waits for the one running (the app is closing). */
  async function close(): Promise<void> {
    closed = true;
    queue.length = 0;
    await active;
  }

  return { register, start, resume, close };
}

export type JobRunner = ReturnType<typeof jobRunner>;
