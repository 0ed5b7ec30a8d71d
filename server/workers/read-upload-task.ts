import { readUpload } from "../formats/read-upload.js";
import type { ReadOptions } from "../formats/source-dataset.js";

/** The worker side of upload parsing: the bytes in, the reader's outcome (plain data) out. */
export interface ReadUploadInput {
  fileName: string;
  bytes: Uint8Array;
  options: ReadOptions;
}

export function readUploadTask({ fileName, bytes, options }: ReadUploadInput) {
  return readUpload(fileName, bytes, options);
}
