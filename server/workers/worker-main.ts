import { parentPort } from "node:worker_threads";
import { hasTask, TASKS } from "./tasks.js";

/**
 * The body of every pool worker: waits for `{ id, taskName, input }`, runs the task and answers
 * `{ id, ok: true, value }` or `{ id, ok: false, message }`. A task that loops or exhausts its heap is
 * ended from outside (worker-pool.ts): this thread never has to notice.
 */
interface TaskRequest {
  id: number;
  taskName: string;
  input: unknown;
}

const port = parentPort;
if (!port) throw new Error("worker-main.ts runs only as a worker thread.");

port.on("message", async ({ id, taskName, input }: TaskRequest) => {
  try {
    if (!hasTask(taskName)) throw new Error(`No worker task named "${taskName}".`);
    const task = (await TASKS[taskName]()) as (input: unknown) => unknown;
    // The task's code is loaded: its deadline starts now (loading modules is not the input's doing).
    port.postMessage({ id, started: true });
    port.postMessage({ id, ok: true, value: await task(input) });
  } catch (error) {
    port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

// Tell the pool this worker has loaded and is ready: its task deadline starts now.
port.postMessage({ ready: true });
