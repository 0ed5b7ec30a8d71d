import { hostname } from "node:os";
import type { Knex } from "knex";
import type { JobOutcome, JobQueueStore } from "../db/job-queue-store.js";
import type { Job } from "../db/job-store.js";

/** What a job's work is given: its row, a progress call that says whether to go on, and a commit check. */
export interface JobContext {
  job: Job;
  /** Records progress (stage: a word the UI shows); throws JobStopped when cancelled or the server is closing. */
  progress(done: number, total: number, stage: string): Promise<void>;
  /**
   * For a job that writes: inside its one transaction, right before it commits, marks the job succeeded in that
   * same transaction (so "written" and "succeeded" are one step; kill -9 leaves neither or both). Throws
   * JobStopped when the job was cancelled meanwhile: the transaction rolls back and nothing is written.
   */
  commitWith(trx: Knex.Transaction, outcome: JobOutcome): Promise<void>;
  /**
   * Writes the next chunk of the job's file while it runs (a file too big to hold whole: the outcome then says
   * `appendedBytes`); throws JobStopped when the job is no longer this server's.
   */
  appendFile(chunk: Uint8Array): Promise<void>;
  /** Aborted when the job is cancelled or the server closes (for steps that can stop midway). */
  signal: AbortSignal;
}

/** Returns the outcome (summary and optional file); or `committed` after `commitWith`. */
export type JobHandler = (context: JobContext) => Promise<JobOutcome | typeof COMMITTED>;
export const COMMITTED = Symbol("committed");

/** A kind of job: its work, and whether a server that stopped while it ran may start it over. */
export interface JobKind {
  run: JobHandler;
  /** Reads (reports, files) are; a write is not resumed but failed with the reason (it wrote nothing). */
  resumable: boolean;
}

export class JobStopped extends Error {}

export interface RunnerOptions {
  queue: JobQueueStore;
  log: (message: string, error?: unknown) => void;
  /** Jobs one server runs at once. */
  concurrency: number;
  /** How long a result file is kept. */
  keepHours: number;
  /** A running job whose server has not beaten for this long is swept; 0 = every other worker's (PGlite). */
  staleSeconds: number;
  pollMs?: number;
  /** How long closing waits for running jobs before handing them back. */
  graceMs?: number;
}

const HEARTBEAT_MS = 5_000;
/** Every this many polls: sweep stale jobs, clean up expired files. */
const SWEEP_EVERY = 10;

/**
 * Runs jobs in this server process, any server: each claims the oldest queued job with `for update skip
 * locked` when woken (a job was queued here) or on its poll (queued by another server). Everything is in the
 * `jobs` table, so a cancel from any server is seen at the next progress call, and a server that stops is swept.
 */
export function jobRunner(options: RunnerOptions) {
  const { queue, log } = options;
  const worker = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const kinds = new Map<string, JobKind>();
  const running = new Map<number, { done: Promise<void>; abort: AbortController }>();
  const timers: NodeJS.Timeout[] = [];
  let pumping: Promise<void> | undefined;
  let closed = false;
  let polls = 0;

  function register(kind: string, definition: JobKind): void {
    kinds.set(kind, definition);
  }

  /** Claims jobs while there is room (a job was queued, one finished, or the poll). */
  function wake(): void {
    if (closed || pumping) return;
    // Set before the loop runs: with no room it ends at once, and its `finally` must find this set already.
    let release = () => {};
    pumping = new Promise<void>((resolve) => {
      release = resolve;
    });
    void (async () => {
      try {
        await Promise.resolve();
        while (!closed && running.size < options.concurrency) {
          const job = await queue.claimNext(worker, [...kinds.keys()]);
          if (!job) break;
          const abort = new AbortController();
          const done = run(job, abort).finally(() => {
            running.delete(job.id);
            setImmediate(wake);
          });
          running.set(job.id, { done, abort });
        }
      } catch (error) {
        log("claiming a job failed", error);
      } finally {
        pumping = undefined;
        release();
      }
    })();
  }

  async function run(job: Job, abort: AbortController): Promise<void> {
    const kind = kinds.get(job.kind) as JobKind;
    const stopped = () => new JobStopped(closed ? "server closing" : "cancelled");
    let chunks = 0;
    try {
      const outcome = await kind.run({
        job,
        signal: abort.signal,
        progress: async (done, total, stage) => {
          if (abort.signal.aborted) throw stopped();
          if (!(await queue.progress(job.id, worker, { done, total, stage }))) throw stopped();
        },
        appendFile: async (chunk) => {
          if (abort.signal.aborted) throw stopped();
          const written = await queue.appendChunk(job.id, worker, chunks, chunk);
          if (written === false) throw stopped();
          chunks += written;
        },
        commitWith: async (trx, result) => {
          if (!(await queue.succeed(job.id, worker, result, options.keepHours, trx))) throw stopped();
        },
      });
      if (outcome !== COMMITTED) await queue.succeed(job.id, worker, outcome, options.keepHours);
    } catch (error) {
      if (error instanceof JobStopped) return;
      log(`job ${job.id} (${job.kind}) failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      await queue.fail(job.id, worker, message).catch(() => false);
    }
  }

  async function sweep(staleSeconds: number): Promise<void> {
    const resumable = [...kinds].filter(([, kind]) => kind.resumable).map(([name]) => name);
    const swept = await queue.sweepInterrupted(worker, staleSeconds, resumable);
    if (swept.requeued + swept.failed > 0) {
      log(`interrupted jobs: ${swept.requeued} queued again, ${swept.failed} failed with the reason`);
    }
    await queue.cleanupExpired();
  }

  /** On start: what a stopped server left running is resumed or failed; then poll and beat. */
  async function start(): Promise<void> {
    await sweep(options.staleSeconds);
    const tick = () => {
      polls += 1;
      if (polls % SWEEP_EVERY === 0) {
        void sweep(Math.max(options.staleSeconds, 30)).catch((error) => log("job sweep failed", error));
      }
      wake();
    };
    timers.push(setInterval(tick, options.pollMs ?? 1000).unref());
    timers.push(
      setInterval(() => {
        if (running.size > 0) void queue.beat(worker).catch(() => undefined);
      }, HEARTBEAT_MS).unref(),
    );
    wake();
  }

  /** Graceful shutdown: no new jobs; running ones get `graceMs` to finish, then stop and are handed back. */
  async function close(): Promise<void> {
    closed = true;
    for (const timer of timers) clearInterval(timer);
    await pumping;
    const all = () => Promise.all([...running.values()].map((entry) => entry.done));
    const grace = new Promise((resolve) => setTimeout(resolve, options.graceMs ?? 10_000).unref());
    await Promise.race([all(), grace]);
    for (const entry of running.values()) entry.abort.abort();
    await all();
    await queue.handBack(worker).catch(() => 0);
  }

  return { register, wake, start, close, worker };
}

export type JobRunner = ReturnType<typeof jobRunner>;
