import fc from "fast-check";
import { hostileString } from "./fuzz-arbitraries.js";

/**
 * fast-check arbitraries for hostile multipart/form-data uploads (issue #15): bodies built byte by byte, so
 * they can be wrong in every way a form encoder never is — a missing or foreign boundary, no closing
 * delimiter, a truncated part, header lines without a colon, several files, too many parts, hostile file
 * names (NUL, traversal, lone surrogates, 70,000 characters) and field values, random bytes as the file.
 */

export interface MultipartRequest {
  contentType: string;
  payload: Buffer;
  /** What was done to the body, for the failure message. */
  shape: string;
}

const FILE_NAMES = [
  "blocks.geojson",
  "a.csv",
  "a.xlsx",
  "plan.pdf",
  "x.dxf",
  "x.kmz",
  "x.gpkg",
  "x.zip",
  "../../etc/passwd",
  "C:\\Windows\\win.ini",
  "名称.geojson",
  "",
  ".",
  "a\u0000.geojson",
  "a\ud800.csv",
  "a\r\nContent-Type: text/html.csv",
  "x".repeat(70_000),
];

const FIELD_NAMES = [
  "file",
  "sourceCrs",
  "encoding",
  "repair",
  "layer",
  "groupBy",
  "gcj02",
  "kind",
  "note",
  "toString",
  "__proto__",
  "",
  "a\u0000b",
];

const CONTENTS: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .constantFrom(
      '{"type":"FeatureCollection","features":[',
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1e308,0],[0,1],[1,1],[1e308,0]]]}}]}',
      "blockId,总收入\n1,=cmd|' /C calc'!A0\n\u0000,NaN\n",
      "%PDF-1.4\n%\u00ff\u00ff\n",
      "PK\u0003\u0004\u0014\u0000\u0000\u0000",
      "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n90\n2147483647\n",
    )
    .map((text) => new TextEncoder().encode(text)),
);

interface Part {
  headers: readonly string[];
  body: Uint8Array;
}

const part: fc.Arbitrary<Part> = fc.oneof(
  // A file part.
  fc
    .record({
      name: fc.constantFrom(...FIELD_NAMES),
      fileName: fc.oneof(fc.constantFrom(...FILE_NAMES), hostileString),
      type: fc.constantFrom("application/octet-stream", "text/csv", "application/pdf", "", "a/b; x=\u0000"),
      body: CONTENTS,
    })
    .map(({ name, fileName, type, body }) => ({
      headers: [
        `Content-Disposition: form-data; name="${name}"; filename="${fileName}"`,
        ...(type ? [`Content-Type: ${type}`] : []),
      ],
      body,
    })),
  // A plain field.
  fc.record({ name: fc.constantFrom(...FIELD_NAMES), value: hostileString }).map(({ name, value }) => ({
    headers: [`Content-Disposition: form-data; name="${name}"`],
    body: new TextEncoder().encode(value),
  })),
  // Broken part headers.
  fc
    .constantFrom(
      ["Content-Disposition"],
      ["Content-Disposition: attachment"],
      ["Content-Disposition: form-data; name*=UTF-8''%E5%90%8D; filename*=UTF-8''%00.csv"],
      ["X-Nothing: 1"],
      [`Content-Disposition: form-data; name="file"; filename="a.csv"; ${"x=1; ".repeat(2_000)}`],
      [],
    )
    .chain((headers) => CONTENTS.map((body) => ({ headers, body }))),
);

const BOUNDARY = "----bjhtzfuzz7MA4YWxkTrZu0gW";

function concat(chunks: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)));
}

function encode(parts: Part[], boundary: string, closing: boolean): Buffer {
  const chunks: (string | Uint8Array)[] = [];
  for (const p of parts) {
    chunks.push(`--${boundary}\r\n${p.headers.join("\r\n")}\r\n\r\n`, p.body, "\r\n");
  }
  if (closing) chunks.push(`--${boundary}--\r\n`);
  return concat(chunks);
}

export const hostileMultipart: fc.Arbitrary<MultipartRequest> = fc.oneof(
  // Well-formed framing around hostile parts (up to 20: beyond every route's part limit).
  fc.array(part, { minLength: 0, maxLength: 20 }).map((parts) => ({
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    payload: encode(parts, BOUNDARY, true),
    shape: `${parts.length} parts`,
  })),
  // No closing delimiter, or cut anywhere.
  fc
    .tuple(fc.array(part, { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([parts, cut]) => {
      const whole = encode(parts, BOUNDARY, false);
      return {
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
        payload: whole.subarray(0, Math.floor(whole.length * cut)),
        shape: `truncated at ${cut.toFixed(2)}`,
      };
    }),
  // A body whose boundary is not the one declared, or a header with no or a hostile boundary.
  fc
    .tuple(
      fc.array(part, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(
        "multipart/form-data",
        "multipart/form-data; boundary=",
        `multipart/form-data; boundary="${BOUNDARY}"`,
        "multipart/form-data; boundary=other",
        `multipart/form-data; boundary=${"b".repeat(200)}`,
        "multipart/mixed; boundary=x",
        `multipart/form-data; boundary=${BOUNDARY}; boundary=x`,
      ),
    )
    .map(([parts, contentType]) => ({
      contentType,
      payload: encode(parts, BOUNDARY, true),
      shape: `content-type ${contentType.slice(0, 60)}`,
    })),
  // Random bytes as a multipart body.
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    payload: Buffer.from(bytes),
    shape: "random bytes",
  })),
);
