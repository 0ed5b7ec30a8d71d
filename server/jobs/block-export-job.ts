import type { Stores } from "../app-context.js";
import type { BlockFeature } from "../db/block-store.js";
import type { BlockLevel, BlockStatus } from "../domain/block.js";
import type { CrsCode } from "../domain/crs.js";
import { ApiError } from "../errors.js";
import { blockTable } from "../formats/block-records.js";
import type { ExportFile, ExportFormat } from "../formats/export-blocks.js";
import type { OutputEncoding } from "../formats/text-encode.js";
import type { ExportBlocksInput } from "../workers/export-tasks.js";
import { workerPool } from "../workers/worker-pool.js";
import type { JobKind } from "./job-runner.js";

export const BLOCK_EXPORT_JOB = "block-export";

/** Which blocks a block export holds: by ids, park, level and status (any status unless one is named). */
export interface BlockExportSelection {
  ids?: number[];
  parkId?: number;
  level?: BlockLevel;
  status?: BlockStatus;
}

/** What POST /api/exports/blocks stores as the job's params: the file's settings and the blocks, checked. */
export interface BlockExportParams {
  format: ExportFormat;
  dxfCrs: CrsCode;
  encoding: OutputEncoding;
  blockIds: number[];
}

/**
 * The block ids a selection names (GET and POST alike, checked before anything is read or queued): ids outside
 * the selection are 404 naming them; an empty selection is 404 `no-blocks`.
 */
export async function blockExportIds(stores: Stores, selection: BlockExportSelection): Promise<number[]> {
  const inSelection = await stores.exports.selectionIds({
    ...(selection.parkId !== undefined ? { parkId: selection.parkId } : {}),
    ...(selection.level !== undefined ? { level: selection.level } : {}),
    ...(selection.status !== undefined ? { status: selection.status } : {}),
  });
  let ids = inSelection;
  if (selection.ids && selection.ids.length > 0) {
    const found = new Set(inSelection);
    const missing = selection.ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ApiError(404, "not-found", `No block ${missing.join(", ")} in the selection.`, {
        ids: missing,
      });
    }
    const wanted = new Set(selection.ids);
    ids = inSelection.filter((id) => wanted.has(id));
  }
  if (ids.length === 0) throw new ApiError(404, "no-blocks", "No block matches the selection.");
  return ids;
}

/** Blocks read per page: progress and a cancel are seen between pages, and PGlite serves others meanwhile. */
const PAGE_SIZE = 200;

/** Reads the blocks in pages of PAGE_SIZE (id order), reporting each page. */
export async function readBlocks(
  stores: Stores,
  blockIds: readonly number[],
  onPage?: (done: number) => Promise<void>,
): Promise<BlockFeature[]> {
  const blocks: BlockFeature[] = [];
  for (let start = 0; start < blockIds.length; start += PAGE_SIZE) {
    blocks.push(...(await stores.blocks.list({ ids: blockIds.slice(start, start + PAGE_SIZE) })));
    await onPage?.(Math.min(start + PAGE_SIZE, blockIds.length));
  }
  return blocks;
}

/** The file written in a worker thread (limits: 5 min, 1 GB heap). */
export function writeExportOffThread(input: ExportBlocksInput): Promise<ExportFile> {
  return workerPool().run<ExportFile>("export-blocks", input, {
    timeoutMs: 300_000,
    maxOldGenerationSizeMb: 1024,
  });
}

/**
 * A block export as a job (issue #14 item 1): a read, so a server that stopped may start it over. Stages:
 * `reading` (blocks read / selected), `writing` (the file, in a worker). A block deleted since the job was
 * queued is left out; the summary counts the blocks in the file.
 */
export function blockExportJob(stores: Stores): JobKind {
  return {
    resumable: true,
    run: async ({ job, progress }) => {
      const params = job.params as unknown as BlockExportParams;
      const total = params.blockIds.length;
      await progress(0, total, "reading");
      const blocks = await readBlocks(stores, params.blockIds, (done) => progress(done, total, "reading"));
      if (blocks.length === 0) throw new Error("None of the selected blocks exists any more.");
      await progress(total, total, "writing");
      const file = await writeExportOffThread({
        format: params.format,
        table: blockTable(blocks),
        dxfCrs: params.dxfCrs,
        encoding: params.encoding,
      });
      // A cancel while the worker wrote: stop here, no file is kept.
      await progress(total, total, "writing");
      return {
        summary: { blockCount: blocks.length, format: params.format, bytes: file.body.byteLength },
        file: { name: file.fileName, contentType: file.contentType, body: file.body },
      };
    },
  };
}
