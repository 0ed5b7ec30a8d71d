import { ApiError } from "../errors.js";
import { type ReadResult, readFailure } from "../formats/read-failure.js";
import type { ReadOptions, SourceDataset } from "../formats/source-dataset.js";
import type { ReadUploadInput } from "./read-upload-task.js";
import { type TaskLimits, WorkerTaskError, workerPool } from "./worker-pool.js";

/**
 * Reads an upload in a pool worker (issue 15 item 1): a file that makes its reader loop or exhaust memory
 * ends only that worker and is refused with 413, naming the limit it ran into.
 * Decision: 20 s and 512 MB per upload — the largest real file in tests/ reads in < 2 s and < 150 MB.
 */
export const UPLOAD_READ_LIMITS: TaskLimits = { timeoutMs: 20_000, maxOldGenerationSizeMb: 512 };

export async function readUploadInWorker(
  fileName: string,
  bytes: Uint8Array,
  options: ReadOptions,
  limits: TaskLimits = UPLOAD_READ_LIMITS,
): Promise<ReadResult<SourceDataset>> {
  const input: ReadUploadInput = { fileName, bytes, options };
  try {
    return await workerPool().run<ReadResult<SourceDataset>>("read-upload", input, limits);
  } catch (error) {
    if (!(error instanceof WorkerTaskError)) throw error;
    if (error.kind === "busy") {
      throw new ApiError(503, "busy", "Too many uploads are being read right now: try again in a minute.");
    }
    if (error.kind === "timeout" || error.kind === "out-of-memory") {
      const limit =
        error.kind === "timeout"
          ? `${limits.timeoutMs / 1000} s of reading`
          : `${limits.maxOldGenerationSizeMb} MB of memory`;
      return readFailure(
        "file-too-complex",
        `${fileName} needs more than ${limit} to read: it was refused (split it or simplify it).`,
        { limit: error.kind === "timeout" ? "timeoutMs" : "maxOldGenerationSizeMb", ...limits },
      );
    }
    return readFailure("bad-file", `${fileName} could not be read: ${error.message}`);
  }
}
