import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { hasTask, TASKS } from "./tasks.js";

/**
 * The body of every pool worker: waits for `{ id, taskName, input }`, runs the task and answers
 * `{ id, ok: true, value }` or `{ id, ok: false, message }`. A task that loops or exhausts its heap is
 * ended from outside (worker-pool.ts): this thread never has to notice. A task is also given `report(value)`,
 * which the pool hands to the caller's onProgress; a Uint8Array result is transferred, not copied.
 */
interface TaskRequest {
  id: number;
  taskName: string;
  input: unknown;
}

const port = parentPort;
if (!port) throw new Error("worker-main.ts runs only as a worker thread.");

// The pool's nice value for this thread (TaskLimits.nice). On Linux setpriority(PRIO_PROCESS, 0) sets the
// calling thread's nice only, so the event loop keeps its own; where that is refused the thread runs at 0.
const nice = Number((workerData as { nice?: number } | null)?.nice ?? 0);
if (nice !== 0) {
  try {
    os.setPriority(nice);
  } catch {
    // Not allowed here: the thread keeps the process's priority.
  }
}

port.on("message", async ({ id, taskName, input }: TaskRequest) => {
  try {
    if (!hasTask(taskName)) throw new Error(`No worker task named "${taskName}".`);
    const task = (await TASKS[taskName]()) as unknown as (
      input: unknown,
      report: (value: unknown) => void,
    ) => unknown;
    // The task's code is loaded: its deadline starts now (loading modules is not the input's doing).
    port.postMessage({ id, started: true });
    const value = await task(input, (progress) => port.postMessage({ id, progress }));
    // Transferred only when the bytes are their buffer's whole (a small Buffer shares Node's pool slab).
    const whole =
      value instanceof Uint8Array && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength;
    port.postMessage({ id, ok: true, value }, whole ? [value.buffer as ArrayBuffer] : []);
  } catch (error) {
    port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

// Tell the pool this worker has loaded and is ready: its task deadline starts now.
port.postMessage({ ready: true });
