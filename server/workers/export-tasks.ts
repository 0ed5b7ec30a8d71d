import type { CrsCode } from "../domain/crs.js";
import type { ExportTable } from "../formats/block-records.js";
import { type ExportFile, type ExportFormat, exportBlocks } from "../formats/export-blocks.js";
import type { OutputEncoding } from "../formats/text-encode.js";

/** What the block export job hands a worker: the attribute table and how to write it. */
export interface ExportBlocksInput {
  format: ExportFormat;
  table: ExportTable;
  dxfCrs: CrsCode;
  encoding: OutputEncoding;
}

/** A block export's file written in a worker thread (issue #14 item 2): thousands of blocks are seconds of CPU. */
export function exportBlocksTask(input: ExportBlocksInput): Promise<ExportFile> {
  return exportBlocks(input.format, input.table, input.dxfCrs, input.encoding);
}
