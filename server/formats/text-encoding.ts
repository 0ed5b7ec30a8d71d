/**
 * Text from Chinese files: UTF-8 when it is valid UTF-8 (a BOM is dropped), else GB18030, the superset of
 * GBK/GB2312 that Windows tools write as "ANSI". Node's TextDecoder knows `gbk`/`gb18030` but not the
 * label `cp936` GDAL writes into .cpg files (STACK-NOTES.md), hence `encodingFromLabel`.
 */
export type TextEncodingName = string;

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(
  bytes: Uint8Array,
  encoding?: TextEncodingName,
): { text: string; encoding: string } {
  const chosen = encoding ?? (isValidUtf8(bytes) ? "utf-8" : "gb18030");
  const text = new TextDecoder(chosen).decode(bytes);
  return { text: text.replace(/^\uFEFF/, ""), encoding: chosen };
}

/** A WHATWG encoding label for a .cpg / user choice, or undefined when it names nothing decodable. */
export function encodingFromLabel(label: string): TextEncodingName | undefined {
  const normalised = label
    .trim()
    .toLowerCase()
    .replace(/^ansi\s*/, "");
  if (normalised === "") return undefined;
  if (["utf-8", "utf8", "65001"].includes(normalised)) return "utf-8";
  if (["cp936", "936", "gbk", "gb2312", "gb18030", "cp54936", "54936", "chinese"].includes(normalised)) {
    return "gb18030";
  }
  const windowsCodePage = /^(?:cp|windows-?)?(\d{3,4})$/.exec(normalised);
  const candidate = windowsCodePage ? `windows-${windowsCodePage[1]}` : normalised;
  try {
    return new TextDecoder(candidate).encoding;
  } catch {
    return undefined;
  }
}
