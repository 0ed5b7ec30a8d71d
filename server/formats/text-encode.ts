import iconv from "iconv-lite";

/**
 * Text to bytes for the files Chinese recipients open (issue 17): UTF-8, or GBK (code page 936, what
 * domestic 报盘 and survey tools and GDAL's `CP936` expect), encoded with iconv-lite (Node encodes only
 * UTF-8). A character GBK lacks cannot be written silently as "?": callers either escape it (DXF) or
 * get it reported by `unencodable`.
 */
export const OUTPUT_ENCODINGS = ["gbk", "utf-8"] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

export function isOutputEncoding(value: unknown): value is OutputEncoding {
  return typeof value === "string" && (OUTPUT_ENCODINGS as readonly string[]).includes(value);
}

export function encodeText(text: string, encoding: OutputEncoding): Uint8Array {
  if (encoding === "utf-8") return new TextEncoder().encode(text);
  return new Uint8Array(iconv.encode(text, "gbk"));
}

/** Whether GBK has the character (iconv-lite writes "?" for those it lacks). */
export function inGbk(char: string): boolean {
  return char === "?" || iconv.decode(iconv.encode(char, "gbk"), "gbk") === char;
}

/** The characters of `text` that GBK cannot write (rare 汉字 outside GBK, emoji …). */
export function unencodable(text: string, encoding: OutputEncoding): string[] {
  if (encoding === "utf-8") return [];
  return [...new Set([...text].filter((char) => char.charCodeAt(0) >= 0x80 && !inGbk(char)))];
}

/** Byte length of `text` in the encoding. */
export function byteLength(text: string, encoding: OutputEncoding): number {
  return encodeText(text, encoding).byteLength;
}

/** Windows line ends, as the recipients' tools expect in GBK text files. */
export function withCrlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
