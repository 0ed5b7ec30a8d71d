import { zipSync } from "fflate";
import { type BlockMapInput, blockMapPdf, findCjkFont } from "../formats/block-map-pdf.js";

/**
 * The catalogue package's CPU steps as pool tasks (issue #14 item 2): one block's PDF map (~300 ms of pdfkit
 * each, which on the event loop stalled every request) and the zip. The worker reads the CJK font itself
 * (once per worker), so the 20 MB font never crosses the thread boundary.
 */
export async function blockMapPdfTask(input: BlockMapInput): Promise<Uint8Array> {
  const font = await findCjkFont();
  if (!font) throw new Error("No CJK font in this worker: maps need one (fonts-noto-cjk).");
  return blockMapPdf(input, font);
}

export function zipFilesTask(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(files);
}
