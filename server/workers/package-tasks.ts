import { zipSync } from "fflate";
import { findCjkFont } from "../formats/block-map-pdf.js";
import { type CataloguePackageInput, cataloguePackage } from "../formats/catalogue-package.js";

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

const PROGRESS_EVERY_MS = 250;

/**
 * The whole catalogue package in one worker (issue #14 items 1–2): 四至范围, maps, GIS files, workbook and zip.
 * The job used to draw each map in a worker but walk the boundaries, write the GIS files and the workbook on
 * the event loop, and clone every file into another worker to zip: seconds-long stalls, and each map waited
 * for a round trip. Here the event loop only reads the database and records progress.
 */
export async function cataloguePackageTask(
  input: CataloguePackageTaskInput,
  report: (progress: PackageProgress) => void,
): Promise<Uint8Array> {
  const font = await findCjkFont();
  let last = 0;
  return cataloguePackage({
    ...input,
    ...(font ? { font } : {}),
    onStep: async (stage, done, total) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS && done < total) return;
      last = now;
      report({ stage, done, total });
    },
  });
}
