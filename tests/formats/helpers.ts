import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Position } from "geojson";
import { GRS80 } from "../../server/domain/geodesic.js";

/** Helpers for the import/export tests: fixtures are generated here, never fetched or copied. */

/** Geodesic distance in metres between two lon/lat positions (GeographicLib, independent of the code). */
export function distanceM([lng1, lat1]: Position, [lng2, lat2]: Position): number {
  return GRS80.Inverse(lat1, lng1, lat2, lng2).s12 as number;
}

let gbkTable: Map<string, number[]> | undefined;

/** A GBK encoder built from Node's decoder (Node encodes only UTF-8), to make legacy Chinese files. */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== "\uFFFD" && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(gbkTable.get(char) ?? [0x3f]));
  }
  return new Uint8Array(bytes);
}

export interface OgrLayerInfo {
  featureCount: number;
  fields: string[];
  srs: string;
  geometry: string;
}

/** `ogrinfo -ro -al -so` (Debian gdal-bin): the independent reader of our Shapefile, GeoPackage and DXF. */
export function ogrinfo(
  files: Record<string, Uint8Array | string>,
  open: string,
  config: string[] = [],
): OgrLayerInfo {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ogrinfo-"));
  try {
    for (const [name, data] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
    }
    const output = execFileSync("ogrinfo", [...config, "-ro", "-al", "-so", path.join(dir, open)], {
      encoding: "utf8",
    });
    return {
      featureCount: Number(/Feature Count: (\d+)/.exec(output)?.[1]),
      fields: [...output.matchAll(/^([^:\n]+): \S+ \(\d+\.\d+\)$/gm)].map((match) => match[1]),
      srs: /Layer SRS WKT:\n([\s\S]*?)\n(?:Data axis|[^\s])/.exec(output)?.[1] ?? "",
      geometry: /Geometry: (.*)/.exec(output)?.[1] ?? "",
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** POSTs a file as multipart/form-data (field `file`) through app.inject. */
export async function upload(
  app: FastifyInstance,
  fileName: string,
  data: Uint8Array | string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), fileName);
  const request = new Request("http://test/api/imports", { method: "POST", body: form });
  return app.inject({
    method: "POST",
    url: "/api/imports",
    headers: { "content-type": request.headers.get("content-type") as string, ...headers },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

/** Rewrites the declared uncompressed size of every entry (local header and central directory). */
export function patchDeclaredSizes(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.byteLength; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return copy;
}

/**
 * How far apart two shapes' vertices are, in metres, whatever the ring order or orientation: the largest
 * distance from a vertex of one to the nearest vertex of the other, both ways (Hausdorff over vertices).
 */
export function maxVertexDistanceM(a: unknown, b: unknown): number {
  const flatten = (value: unknown): Position[] =>
    Array.isArray(value) && typeof value[0] === "number"
      ? [value as Position]
      : (value as unknown[]).flatMap(flatten);
  const left = flatten(a);
  const right = flatten(b);
  const oneWay = (from: Position[], to: Position[]) =>
    from.reduce(
      (max, position) => Math.max(max, Math.min(...to.map((other) => distanceM(position, other)))),
      0,
    );
  return Math.max(oneWay(left, right), oneWay(right, left));
}

export { cs2cs } from "../helpers/cs2cs.js";
