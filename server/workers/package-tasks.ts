import { zipSync } from "fflate";
import { findCjkFont } from "../formats/block-map-pdf.js";
import { type CataloguePackageInput, writeCataloguePackage } from "../formats/catalogue-package.js";
import { chunkBundler } from "../formats/zip-stream.js";

/** A zip of these files (the evaluation notice job's; issue #14). */
export function zipFilesTask(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(files);
}

/** The whole package's input as it crosses into the worker: no font (the worker reads its own), no hooks. */
export type CataloguePackageTaskInput = Omit<CataloguePackageInput, "font" | "onStep" | "renderMap" | "zip">;

/** A step's progress as the task reports it (at most every PROGRESS_EVERY_MS, and each step's last block). */
export interface PackageProgress {
  stage: string;
  done: number;
  total: number;
}

/** The next bytes of the zip, in order (PACKAGE_CHUNK_BYTES each but the last). */
export interface PackageChunk {
  chunk: Uint8Array;
}

const PROGRESS_EVERY_MS = 250;
/** What the task hands out at a time: the job writes each as one chunk of the file (job_file_chunks). */
export const PACKAGE_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The whole catalogue package in one worker (issue #14 items 1–2): 四至范围, maps, GIS files, workbook and zip,
 * the zip handed out in chunks as it is written (the job stores each at once), its size returned at the end.
 * The job used to draw each map in a worker but walk the boundaries, write the GIS files and the workbook on
 * the event loop, and clone every file into another worker to zip: seconds-long stalls, and each map waited
 * for a round trip. Here the event loop only reads the database and records progress.
 */
export async function cataloguePackageTask(
  input: CataloguePackageTaskInput,
  report: (value: PackageProgress | PackageChunk) => void,
): Promise<{ bytes: number }> {
  const font = await findCjkFont();
  let last = 0;
  let bytes = 0;
  // The zip leaves as it is written (issue #14: memory bounded by streaming, not by holding every map).
  const out = chunkBundler(PACKAGE_CHUNK_BYTES, (chunk) => report({ chunk }));
  await writeCataloguePackage(
    {
      ...input,
      ...(font ? { font } : {}),
      onStep: async (stage, done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && done < total) return;
        last = now;
        report({ stage, done, total });
      },
    },
    (chunk) => {
      bytes += chunk.byteLength;
      out.push(chunk);
    },
  );
  out.flush();
  return { bytes };
}
