import { type ImportNote, importNote } from "./import-notes.js";
import type { EncodingChoice, EncodingSample } from "./source-dataset.js";
import { encodingFromLabel } from "./text-encoding.js";

/**
 * Which text encoding a Shapefile's DBF is in, judged on its values (issue 17). GDAL and QGIS cut UTF-8
 * field names at the DBF's 10 bytes, often mid-character, so the names alone fail UTF-8 validation; the
 * record values are whole. Order: the user's choice → a .cpg naming a code page → a CJK language byte →
 * the values: valid UTF-8 (with at least one multi-byte character, or all ASCII) is UTF-8, anything else
 * GB18030 (the superset of GBK that Chinese Windows tools write as "ANSI"). A .cpg that says UTF-8 over
 * values that are not is overruled, with the reason said. QGIS's `.cpg` = `System` names no code page.
 */
export type EncodingProblem = { ok: false; reason: "bad-encoding"; details: { label: string } };

/** DBF language driver bytes that name a CJK code page (GDAL's table). */
const CJK_LANGUAGE_DRIVERS: Record<number, string> = {
  77: "gb18030",
  122: "gb18030",
  79: "big5",
  120: "big5",
  78: "euc-kr",
  121: "euc-kr",
  19: "shift_jis",
  123: "shift_jis",
};

const PLAUSIBLE = ["utf-8", "gb18030"];
const SAMPLE_COUNT = 3;

export function judgeDbfEncoding(
  dbf: Uint8Array,
  cpgText: string | undefined,
  userLabel?: string,
): EncodingChoice | EncodingProblem {
  const cells = dbfTextCells(dbf);
  const alternatives = PLAUSIBLE.map((encoding) => samples(cells, encoding));
  const choice = (
    source: EncodingChoice["source"],
    used: string,
    reasonNote: ImportNote,
  ): EncodingChoice => ({
    used,
    source,
    reason: reasonNote.text,
    reasonNote,
    alternatives,
  });
  if (userLabel) {
    const used = encodingFromLabel(userLabel);
    if (!used) return { ok: false, reason: "bad-encoding", details: { label: userLabel } };
    return choice(
      "user",
      used,
      importNote("encoding-user", { label: userLabel }, `chosen by the user (${userLabel})`),
    );
  }
  // Values decide; a DBF whose values are all ASCII is judged on its field names, each allowed one broken
  // last character (the writer's cut at 10 bytes).
  const names = cells.length === 0 ? dbfFieldNames(dbf).map(withoutBrokenTail) : [];
  const valuesUtf8 = [...cells, ...names].every(isValidUtf8);
  const cpgLabel = cpgText?.trim();
  const fromCpg = cpgLabel ? encodingFromLabel(cpgLabel) : undefined;
  if (fromCpg && !(fromCpg === "utf-8" && !valuesUtf8)) {
    return choice(
      "cpg",
      fromCpg,
      importNote("encoding-cpg", { label: cpgLabel ?? "" }, `the .cpg file says ${cpgLabel}`),
    );
  }
  const fromLanguageByte = dbf.byteLength > 29 ? CJK_LANGUAGE_DRIVERS[dbf[29]] : undefined;
  if (fromLanguageByte) {
    return choice(
      "dbf-language-byte",
      fromLanguageByte,
      importNote("encoding-language-byte", { byte: dbf[29] }, `the DBF language byte is ${dbf[29]}`),
    );
  }
  // What the .cpg said: none, a UTF-8 the values belie, or no code page at all.
  const cpg = { cpg: !cpgLabel ? "none" : fromCpg ? "not-utf8" : "no-code-page", label: cpgLabel ?? "" };
  const why = !cpgLabel
    ? "no .cpg file"
    : fromCpg
      ? `the .cpg says ${cpgLabel} but the values are not valid UTF-8`
      : `the .cpg says "${cpgLabel}", which names no code page`;
  if (valuesUtf8) {
    return choice(
      "utf-8-valid",
      "utf-8",
      importNote(
        "encoding-values-utf8",
        { ...cpg, asciiOnly: cells.length === 0 ? 1 : 0 },
        `${why}; the attribute values are valid UTF-8${cells.length === 0 ? " (plain ASCII; field names judged)" : ""}`,
      ),
    );
  }
  return choice(
    "gb18030-fallback",
    "gb18030",
    importNote(
      "encoding-gb18030-fallback",
      cpg,
      `${why}; the attribute values are not valid UTF-8, read as GB18030 (GBK)`,
    ),
  );
}

/** The non-ASCII text cells of the DBF's records (character fields only; names are judged apart). */
export function dbfTextCells(dbf: Uint8Array): Uint8Array[] {
  if (dbf.byteLength < 32) return [];
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: { offset: number; length: number; text: boolean }[] = [];
  let offset = 1; // the deletion flag
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const length = dbf[at + 16];
    fields.push({ offset, length, text: String.fromCharCode(dbf[at + 11]) === "C" });
    offset += length;
  }
  const cells: Uint8Array[] = [];
  for (let record = 0; record < recordCount; record++) {
    const start = headerLength + record * recordLength;
    if (start + recordLength > dbf.byteLength) break;
    for (const field of fields) {
      if (!field.text) continue;
      const cell = dbf.subarray(start + field.offset, start + field.offset + field.length);
      if (cell.some((byte) => byte >= 0x80)) cells.push(trimSpaces(cell));
    }
  }
  return cells;
}

/** The raw bytes of each field name (up to 11, NUL-padded). */
export function dbfFieldNames(dbf: Uint8Array): Uint8Array[] {
  if (dbf.byteLength < 32) return [];
  const headerLength = new DataView(dbf.buffer, dbf.byteOffset).getUint16(8, true);
  const names: Uint8Array[] = [];
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const raw = dbf.subarray(at, at + 11);
    const end = raw.indexOf(0);
    names.push(raw.subarray(0, end < 0 ? raw.byteLength : end));
  }
  return names;
}

/** The bytes without a trailing incomplete UTF-8 sequence (a lead byte missing its continuation bytes). */
export function withoutBrokenTail(bytes: Uint8Array): Uint8Array {
  let start = bytes.byteLength - 1;
  while (start >= 0 && (bytes[start] & 0xc0) === 0x80) start--;
  if (start < 0 || bytes[start] < 0xc0) return bytes;
  const needed = bytes[start] >= 0xf0 ? 4 : bytes[start] >= 0xe0 ? 3 : 2;
  return bytes.byteLength - start < needed ? bytes.subarray(0, start) : bytes;
}

function trimSpaces(cell: Uint8Array): Uint8Array {
  let end = cell.byteLength;
  while (end > 0 && (cell[end - 1] === 0x20 || cell[end - 1] === 0)) end--;
  return cell.subarray(0, end);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function samples(cells: Uint8Array[], encoding: string): EncodingSample {
  const decoder = new TextDecoder(encoding);
  const seen: string[] = [];
  let undecodable = 0;
  for (const cell of cells) {
    const text = decoder.decode(cell);
    undecodable += [...text].filter((char) => char === "\uFFFD").length;
    if (seen.length < SAMPLE_COUNT && !seen.includes(text)) seen.push(text);
  }
  return { encoding, samples: seen, undecodable };
}
