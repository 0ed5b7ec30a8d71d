import yauzl from "yauzl";
import { type ReadFailure, type ReadResult, readFailure, readOk } from "./read-failure.js";
import { decodeText } from "./text-encoding.js";

/**
 * Reads a zip from an untrusted upload entirely in memory (nothing is unpacked to disk), checking it
 * before inflating: entry count, each entry's declared size and the declared total; yauzl then errors
 * on entries that inflate to more than they declare (STACK-NOTES.md: fflate and jszip do not).
 * Entry names are checked for absolute paths and `..` even though nothing is written to disk.
 */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const UPLOAD_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxEntryBytes: 100 * 1024 * 1024,
  maxTotalBytes: 150 * 1024 * 1024,
};

export interface ZipEntry {
  /** The entry path with "/" separators, decoded as UTF-8 (flagged or valid) or else GB18030. */
  name: string;
  data: Uint8Array;
}

const UTF8_NAME_FLAG = 0x800;

/**
 * What the zip really unpacks to, checked before any library opens it (an .xlsx is one): the declared sizes
 * of its central directory are summed and refused over the limit first (nothing inflated), then every entry
 * is inflated as a stream and thrown away, yauzl stopping an entry the moment it inflates past what it
 * declares — so a sheet declaring 1 KB that would inflate to 300 MB costs at most ~1 KB + one chunk here, and
 * no parser (exceljs' jszip trusts nothing and inflates all) ever sees it.
 */
export type ZipSize =
  | { ok: true; entries: number; totalBytes: number }
  | { ok: false; reason: "bad-zip"; message: string }
  | {
      ok: false;
      reason: "zip-too-large" | "zip-size-lie";
      message: string;
      details: { totalBytes: number; limitBytes: number; entry?: string };
    };

export async function checkedZipSize(buffer: Uint8Array, maxTotalBytes: number): Promise<ZipSize> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), {
      lazyEntries: true,
      validateEntrySizes: true,
    });
  } catch (error) {
    return { ok: false, reason: "bad-zip", message: `The zip cannot be read: ${(error as Error).message}` };
  }
  try {
    const entries: yauzl.Entry[] = [];
    let totalBytes = 0;
    for await (const entry of zip.eachEntry()) {
      totalBytes += entry.uncompressedSize;
      entries.push(entry);
    }
    if (totalBytes > maxTotalBytes) {
      return {
        ok: false,
        reason: "zip-too-large",
        message: `The zip unpacks to ${totalBytes} bytes (limit ${maxTotalBytes}).`,
        details: { totalBytes, limitBytes: maxTotalBytes },
      };
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith("/")) continue;
      try {
        const stream = await zip.openReadStreamPromise(entry);
        for await (const _chunk of stream) {
          // Inflated and dropped: only yauzl's size check matters.
        }
      } catch (error) {
        return {
          ok: false,
          reason: "zip-size-lie",
          message: `The zip entry "${entry.fileName}" does not inflate to the ${entry.uncompressedSize} bytes it declares (${(error as Error).message}): refused unread.`,
          details: { totalBytes, limitBytes: maxTotalBytes, entry: entry.fileName },
        };
      }
    }
    return { ok: true, entries: entries.length, totalBytes };
  } catch (error) {
    return { ok: false, reason: "bad-zip", message: `The zip cannot be read: ${(error as Error).message}` };
  } finally {
    zip.close();
  }
}

/** The entries of a zip, or why it is refused (`bad-zip`, `zip-unsafe-path`, `zip-too-many-entries`, `zip-too-large`). */
export async function readZip(
  buffer: Uint8Array,
  limits: ZipLimits = UPLOAD_ZIP_LIMITS,
): Promise<ReadResult<ZipEntry[]>> {
  const opened = await open(buffer);
  if (!opened.ok) return opened;
  const zip = opened.value;
  try {
    return await readEntries(zip, limits);
  } finally {
    zip.close();
  }
}

function open(buffer: Uint8Array): Promise<ReadResult<yauzl.ZipFile>> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(
      Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => resolve(error || !zip ? badZip(error) : readOk(zip)),
    );
  });
}

function readEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<ReadResult<ZipEntry[]>> {
  if (zip.entryCount > limits.maxEntries) {
    return Promise.resolve(
      readFailure(
        "zip-too-many-entries",
        `The zip has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted.`,
      ),
    );
  }
  return new Promise((resolve) => {
    const entries: ZipEntry[] = [];
    let declaredTotal = 0;
    let failed = false;
    const fail = (failure: ReadFailure) => {
      if (failed) return;
      failed = true;
      resolve(failure);
    };
    /** yauzl's own errors (a corrupt archive, an entry that lies about its size). */
    const broken = (error: Error) => fail(badZip(error));
    zip.on("error", broken);
    zip.on("end", () => {
      if (!failed) resolve(readOk(entries));
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = entryName(entry);
      const unsafe = unsafePath(name);
      if (unsafe)
        return fail(
          readFailure("zip-unsafe-path", `The zip entry "${name}" ${unsafe}: refused.`, { entry: name }),
        );
      if (name.endsWith("/") || name.startsWith("__MACOSX/")) return zip.readEntry();
      declaredTotal += entry.uncompressedSize;
      if (entry.uncompressedSize > limits.maxEntryBytes || declaredTotal > limits.maxTotalBytes) {
        return fail(
          readFailure(
            "zip-too-large",
            `The zip entry "${name}" would unpack to ${entry.uncompressedSize} bytes (${declaredTotal} in all so far); ` +
              `the limits are ${limits.maxEntryBytes} per entry and ${limits.maxTotalBytes} in all.`,
            { entry: name, uncompressedSize: entry.uncompressedSize },
          ),
        );
      }
      if (entry.isEncrypted()) return fail(readFailure("bad-zip", `The zip entry "${name}" is encrypted.`));
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return broken(error ?? new Error("no stream"));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > entry.uncompressedSize) {
            stream.destroy();
            fail(readFailure("bad-zip", `The zip entry "${name}" inflates to more than it declares.`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on("error", broken);
        stream.on("end", () => {
          entries.push({ name, data: new Uint8Array(Buffer.concat(chunks)) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw;
  const name =
    entry.generalPurposeBitFlag & UTF8_NAME_FLAG ? new TextDecoder().decode(raw) : decodeText(raw).text;
  return name.replaceAll("\\", "/");
}

/** Why a name would escape the folder it is unpacked into, if it would. */
function unsafePath(name: string): string | undefined {
  if (name.startsWith("/") || /^[a-zA-Z]:/.test(name)) return "is an absolute path";
  if (name.split("/").includes("..")) return "climbs out of its folder with ..";
  if (name.includes("\0")) return "contains a NUL character";
  return undefined;
}

function badZip(error: Error | null | undefined): ReadFailure {
  return readFailure(
    "bad-zip",
    `The zip cannot be read (${error?.message ?? "unknown error"}): is it complete?`,
  );
}
