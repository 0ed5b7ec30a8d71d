import { Worker } from "node:worker_threads";

/**
 * A small pool of worker threads for CPU-heavy or untrusted work (upload parsing, PDF, zip, XLSX): each task
 * runs in a worker with a V8 heap limit (`resourceLimits`) and a deadline, so a hostile file can only exhaust
 * or stall its own worker — which is then ended and replaced — never the server's event loop (issue 15 item 1).
 *
 * Decision: node:worker_threads, not piscina — piscina's heap limit is one per pool and a timed-out task
 * needs an AbortSignal per call; here each call names its own limits, and workers are kept per limit.
 */
export interface TaskLimits {
  /** Wall-clock deadline for the task once its worker is ready, in ms. */
  timeoutMs: number;
  /** The worker's old-generation heap limit, in MB (V8 `resourceLimits.maxOldGenerationSizeMb`). */
  maxOldGenerationSizeMb: number;
  /**
   * The worker thread's nice value (Linux: os.setPriority in the thread nices only that thread), 0 by default.
   * A job's long CPU work runs at 19 so the event loop's requests take the cores first (issue #14 item 2).
   * Workers are kept per heap limit and nice value.
   */
  nice?: number;
}

/** What a task may be given besides its input: its progress reports, and a signal that ends its worker. */
export interface TaskOptions {
  /** Called with each value the task reports (worker-main.ts passes the task a `report` function). */
  onProgress?: (value: unknown) => void;
  /** Aborting ends the task's worker at once and rejects with `reason`. */
  signal?: AbortSignal;
}

export type WorkerFailureKind = "timeout" | "out-of-memory" | "crashed" | "failed" | "busy";

/** Why a task produced no value: the route maps timeout/out-of-memory to 413/400, busy to 503. */
export class WorkerTaskError extends Error {
  constructor(
    readonly kind: WorkerFailureKind,
    message: string,
    readonly limits?: TaskLimits,
  ) {
    super(message);
  }
}

export interface WorkerPool {
  run<T>(taskName: string, input: unknown, limits: TaskLimits, options?: TaskOptions): Promise<T>;
  /** Workers alive now (busy + idle) and tasks waiting, for tests and /api/health. */
  stats(): { workers: number; busy: number; queued: number };
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Tasks running at once (the machine has 2 cores). */
  maxWorkers?: number;
  /** Tasks waiting beyond that; more → `busy` (503). */
  maxQueued?: number;
  /** A worker's start-up (loading its modules) may take this long, in ms. */
  startupTimeoutMs?: number;
}

interface PooledWorker {
  worker: Worker;
  heapMb: number;
  nice: number;
  ready: Promise<void>;
}

interface Waiting {
  start: () => void;
  reject: (error: Error) => void;
}

const WORKER_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

export function createWorkerPool(options: PoolOptions = {}): WorkerPool {
  const maxWorkers = options.maxWorkers ?? 2;
  const maxQueued = options.maxQueued ?? 16;
  const startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  const idle: PooledWorker[] = [];
  const waiting: Waiting[] = [];
  let busy = 0;
  let nextId = 1;
  let closed = false;

  function spawn(heapMb: number, nice: number): PooledWorker {
    const worker = new Worker(WORKER_ENTRY, {
      execArgv: [],
      workerData: { nice },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("The worker did not start in time.")),
        startupTimeoutMs,
      );
      worker.once("message", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    ready.catch(() => worker.terminate());
    return { worker, heapMb, nice, ready };
  }

  function takeWorker(heapMb: number, nice: number): PooledWorker {
    const index = idle.findIndex((pooled) => pooled.heapMb === heapMb && pooled.nice === nice);
    if (index >= 0) return idle.splice(index, 1)[0];
    // Keep at most maxWorkers threads alive: an idle one with another heap limit or nice value makes room.
    if (idle.length + busy >= maxWorkers) void idle.shift()?.worker.terminate();
    return spawn(heapMb, nice);
  }

  function release(pooled: PooledWorker | undefined): void {
    busy--;
    if (pooled && !closed) {
      pooled.worker.unref();
      idle.push(pooled);
    }
    waiting.shift()?.start();
  }

  async function execute<T>(
    taskName: string,
    input: unknown,
    limits: TaskLimits,
    options: TaskOptions,
  ): Promise<T> {
    const pooled = takeWorker(limits.maxOldGenerationSizeMb, limits.nice ?? 0);
    pooled.worker.ref();
    try {
      await pooled.ready;
    } catch (error) {
      release(undefined);
      throw new WorkerTaskError("crashed", `The worker could not start: ${(error as Error).message}`);
    }
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const { worker } = pooled;
      const finish = (keep: boolean, settle: () => void) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (!keep) void worker.terminate();
        release(keep ? pooled : undefined);
        settle();
      };
      const onMessage = (message: {
        id: number;
        started?: true;
        progress?: unknown;
        ok: boolean;
        value?: T;
        message?: string;
      }) => {
        if (message.id !== id) return;
        if (message.started) {
          clearTimeout(timer);
          timer = deadline();
          return;
        }
        if ("progress" in message) {
          options.onProgress?.(message.progress);
          return;
        }
        if (message.ok) finish(true, () => resolve(message.value as T));
        else finish(true, () => reject(new WorkerTaskError("failed", message.message ?? "The task failed.")));
      };
      const onError = (error: Error & { code?: string }) => {
        const kind = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "out-of-memory" : "crashed";
        const text =
          kind === "out-of-memory"
            ? `The task needed more than ${limits.maxOldGenerationSizeMb} MB of memory.`
            : `The task's worker crashed: ${error.message}`;
        finish(false, () => reject(new WorkerTaskError(kind, text, limits)));
      };
      const onExit = () =>
        finish(false, () => reject(new WorkerTaskError("crashed", "The task's worker exited.", limits)));
      // Until the task's module is loaded, the start-up bound; then the task's own deadline.
      const deadline = (ms = limits.timeoutMs) =>
        setTimeout(
          () =>
            finish(false, () =>
              reject(new WorkerTaskError("timeout", `The task ran past ${limits.timeoutMs} ms.`, limits)),
            ),
          ms,
        );
      const onAbort = () => finish(false, () => reject(options.signal?.reason));
      let timer = deadline(startupTimeoutMs + limits.timeoutMs);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      worker.postMessage({ id, taskName, input });
    });
  }

  return {
    run<T>(taskName: string, input: unknown, limits: TaskLimits, options: TaskOptions = {}): Promise<T> {
      if (closed) return Promise.reject(new WorkerTaskError("busy", "The worker pool is closed."));
      if (busy < maxWorkers) {
        busy++;
        return execute<T>(taskName, input, limits, options);
      }
      if (waiting.length >= maxQueued) {
        return Promise.reject(new WorkerTaskError("busy", "Too many tasks are waiting: try again shortly."));
      }
      return new Promise<T>((resolve, reject) => {
        waiting.push({
          start: () => {
            busy++;
            execute<T>(taskName, input, limits, options).then(resolve, reject);
          },
          reject,
        });
      });
    },
    stats: () => ({ workers: idle.length + busy, busy, queued: waiting.length }),
    async close() {
      closed = true;
      for (const entry of waiting.splice(0)) entry.reject(new WorkerTaskError("busy", "The pool closed."));
      await Promise.all(idle.splice(0).map((pooled) => pooled.worker.terminate()));
    },
  };
}

let shared: WorkerPool | undefined;

/** The process's one pool (idle workers are unref'd, so it never keeps the process alive). */
export function workerPool(): WorkerPool {
  shared ??= createWorkerPool();
  return shared;
}
