import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkerPool, WorkerTaskError } from "../../../../server/workers/worker-pool.js";

const pool = createWorkerPool({ maxWorkers: 2, maxQueued: 1 });
afterAll(() => pool.close());

const LIMITS = { timeoutMs: 1500, maxOldGenerationSizeMb: 48 };

async function failureOf(promise: Promise<unknown>): Promise<WorkerTaskError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkerTaskError) return error;
    throw error;
  }
  throw new Error("the task succeeded");
}

describe("worker pool: a task can only exhaust or stall its own worker", () => {
  it("runs a task and hands back its value by structured clone", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await pool.run("test-echo", { bytes, name: "区块" }, LIMITS)).toEqual({ bytes, name: "区块" });
  }, 30_000);

  it("ends a task that loops forever at its deadline, and the pool still answers", async () => {
    const started = Date.now();
    const failure = await failureOf(pool.run("test-spin", {}, LIMITS));
    expect(failure.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs + 20_000);
    expect(await pool.run("test-echo", 7, LIMITS)).toBe(7);
  }, 60_000);

  it("ends a task that allocates past its heap limit with out-of-memory, not the process", async () => {
    const failure = await failureOf(pool.run("test-allocate", {}, { ...LIMITS, timeoutMs: 20_000 }));
    expect(failure.kind).toBe("out-of-memory");
    expect(failure.message).toContain("48 MB");
    expect(await pool.run("test-echo", "still here", LIMITS)).toBe("still here");
  }, 60_000);

  it("passes a task's own error back as failed, and an unknown task name too", async () => {
    expect((await failureOf(pool.run("test-throw", {}, LIMITS))).message).toBe("task failed on purpose");
    expect((await failureOf(pool.run("no-such-task", {}, LIMITS))).message).toContain("no-such-task");
  }, 30_000);

  it("queues beyond maxWorkers and refuses as busy beyond the queue", async () => {
    const slow = { timeoutMs: 800, maxOldGenerationSizeMb: 48 };
    const running = [pool.run("test-spin", {}, slow), pool.run("test-spin", {}, slow)];
    const queued = pool.run("test-echo", "queued", LIMITS);
    expect(pool.stats().queued).toBe(1);
    expect((await failureOf(pool.run("test-echo", "refused", LIMITS))).kind).toBe("busy");
    for (const task of running) expect((await failureOf(task)).kind).toBe("timeout");
    expect(await queued).toBe("queued");
  }, 60_000);

  it("hands each value a task reports to onProgress, in order, before its result", async () => {
    const seen: unknown[] = [];
    const value = await pool.run("test-report", 3, LIMITS, { onProgress: (progress) => seen.push(progress) });
    expect(seen).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
    expect(value).toEqual(new Uint8Array([3]));
  }, 30_000);

  it("ends a task's worker when its signal aborts, rejecting with the reason; the pool still answers", async () => {
    const abort = new AbortController();
    const reason = new Error("cancelled by the caller");
    const spinning = failureOrReason(
      pool.run("test-spin", {}, { ...LIMITS, timeoutMs: 60_000 }, { signal: abort.signal }),
    );
    setTimeout(() => abort.abort(reason), 300);
    const started = Date.now();
    expect(await spinning).toBe(reason);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await pool.run("test-echo", "after", LIMITS)).toBe("after");
  }, 60_000);

  it.runIf(process.platform === "linux")(
    "runs a task with nice 19 in a thread of nice 19, while this thread keeps its own",
    async () => {
      const own = os.getPriority();
      expect(await pool.run("test-nice", {}, { ...LIMITS, nice: 19 })).toBe(19);
      expect(await pool.run("test-nice", {}, LIMITS)).toBe(own);
      expect(os.getPriority()).toBe(own);
    },
    60_000,
  );
});

async function failureOrReason(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the task succeeded");
}
