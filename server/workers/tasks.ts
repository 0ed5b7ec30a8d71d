/**
 * The tasks a worker can run, by name. Each entry loads its module lazily, so a worker only imports what
 * its task needs (a PDF task does not load the upload readers). Inputs and results cross the thread
 * boundary by structured clone: plain objects, arrays, typed arrays — no class instances, no functions.
 * Other areas add their CPU-heavy steps here (append-only): `name: async () => (await import(…)).fn`.
 */
export type TaskFunction = (input: never, report: (value: unknown) => void) => unknown | Promise<unknown>;

export const TASKS: Record<string, () => Promise<TaskFunction>> = {
  "read-upload": async () => (await import("./read-upload-task.js")).readUploadTask,
  /** A zip of files (the evaluation notice job's, issue #14 item 2). */
  "zip-files": async () => (await import("./package-tasks.js")).zipFilesTask,
  /** The whole catalogue package (the job's, issue #14 items 1–2), at nice 19. */
  "catalogue-package": async () => (await import("./package-tasks.js")).cataloguePackageTask,
  /** A block export's file (GET/POST /api/exports/blocks as a job, issue #14). */
  "export-blocks": async () => (await import("./export-tasks.js")).exportBlocksTask,
  /** One district's 通报 XLSX and PDF letter (the evaluation-notice job, issue #14). */
  "notice-documents": async () => (await import("./notice-tasks.js")).noticeDocumentsTask,
  /** For the pool's own tests: echo, spin forever, allocate without bound, report, own nice value, throw. */
  "test-echo": async () => (input: unknown) => input,
  "test-spin": async () => () => {
    for (;;) {
      /* a hostile parser's endless loop */
    }
  },
  "test-allocate": async () => () => {
    const kept: number[][] = [];
    for (;;) kept.push(new Array(1_000_000).fill(1.5));
  },
  "test-report": async () => (input: number, report: (value: unknown) => void) => {
    for (let step = 1; step <= input; step++) report({ step });
    return new Uint8Array([input]);
  },
  "test-nice": async () => async () => (await import("node:os")).getPriority(),
  "test-throw": async () => () => {
    throw new Error("task failed on purpose");
  },
};

export function hasTask(name: string): boolean {
  return Object.hasOwn(TASKS, name);
}
