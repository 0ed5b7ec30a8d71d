import { Zip, ZipDeflate } from "fflate";

/**
 * A zip written as its files come (fflate's streaming Zip, DEFLATE level 6 as zipSync): each file is deflated
 * when it is added and its bytes handed to `onChunk`, so nothing waits in memory for the files after it (issue
 * #14: the catalogue package held 5,000 maps, ~400 MB, until it zipped them all). Sizes follow each entry in a
 * data descriptor; the central directory at the end lists them as usual.
 */
export function zipStream(onChunk: (chunk: Uint8Array) => void) {
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else if (data.byteLength > 0) onChunk(data);
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    add(name: string, data: Uint8Array): void {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(data, true);
      check();
    },
    end(): void {
      zip.end();
      check();
    },
  };
}

/** Gathers chunks into bundles of at least `bytes` (the last may be smaller) for `onBundle`. */
export function chunkBundler(bytes: number, onBundle: (bundle: Uint8Array) => void) {
  let parts: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    onBundle(new Uint8Array(Buffer.concat(parts, size)));
    parts = [];
    size = 0;
  };
  return {
    push(chunk: Uint8Array): void {
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= bytes) flush();
    },
    flush,
  };
}
