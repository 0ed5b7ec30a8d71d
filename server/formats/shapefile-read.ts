import * as shapefile from "shapefile";
import type { DeclaredCrs } from "./crs-resolve.js";
import { crsFromWkt } from "./crs-wkt.js";
import { judgeDbfEncoding } from "./dbf-encoding.js";
import { type ImportNote, importNote } from "./import-notes.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { EncodingChoice, ReadOptions, SourceDataset, SourceFeature } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";

/**
 * Zipped Shapefiles, read with `shapefile` 0.6.6. The attribute encoding is our choice, judged on the
 * values (dbf-encoding.ts). Western language bytes (0x57 …) are passed over: Chinese tools often write
 * them over GBK text.
 */
export interface NamedFile {
  name: string;
  data: Uint8Array;
}

const SHP_FILE_CODE = 9994;

/** True when the files hold any Shapefile part (so a missing .shp is this reader's error to report). */
export function hasShapefileParts(files: NamedFile[]): boolean {
  return files.some((file) => /\.(shp|shx|dbf|prj|cpg)$/i.test(file.name));
}

export async function readShapefiles(
  files: NamedFile[],
  options: ReadOptions,
): Promise<ReadResult<SourceDataset>> {
  const byStem = new Map<string, Map<string, NamedFile>>();
  for (const file of files) {
    const match = /^(.*)\.(shp|shx|dbf|prj|cpg)$/i.exec(file.name);
    if (!match) continue;
    const stem = match[1].toLowerCase();
    const parts = byStem.get(stem) ?? new Map<string, NamedFile>();
    parts.set(match[2].toLowerCase(), file);
    byStem.set(stem, parts);
  }
  const layers = [...byStem.values()].filter((parts) => parts.has("shp"));
  if (layers.length === 0) {
    const names = files.map((file) => file.name).join(", ");
    return readFailure(
      "missing-shp",
      `The upload has Shapefile parts (${names}) but no .shp file with the shapes.`,
    );
  }
  const warnings: ImportNote[] = [];
  const features: SourceFeature[] = [];
  let declaredCrs: DeclaredCrs | undefined;
  let encoding: EncodingChoice | undefined;
  for (const parts of layers) {
    const shp = parts.get("shp") as NamedFile;
    const label = shp.name.replace(/^.*\//, "");
    const dbf = parts.get("dbf");
    if (!dbf)
      warnings.push(
        importNote(
          "shapefile-no-dbf",
          { file: label },
          `${label}: no .dbf, so the shapes have no attributes.`,
        ),
      );
    const prj = parts.get("prj");
    const layerCrs: DeclaredCrs | undefined = prj
      ? { source: "prj", reading: crsFromWkt(decodeText(prj.data).text) }
      : undefined;
    if (declaredCrs && JSON.stringify(layerCrs) !== JSON.stringify(declaredCrs)) {
      return readFailure(
        "mixed-crs",
        "The Shapefiles in the zip have different .prj files: import them one at a time.",
      );
    }
    declaredCrs = layerCrs;
    const cpg = parts.get("cpg");
    const judged = dbf
      ? judgeDbfEncoding(dbf.data, cpg && decodeText(cpg.data).text, options.encoding)
      : undefined;
    if (judged && "ok" in judged)
      return readFailure("bad-encoding", `Unknown text encoding: ${judged.details.label}.`);
    const layerEncoding = judged;
    encoding ??= layerEncoding;
    const layer = await readLayer(label, shp.data, dbf?.data, layerEncoding?.used);
    if (!layer.ok) return layer;
    features.push(...layer.value);
  }
  return readOk({
    format: "shapefile",
    features,
    ...(declaredCrs ? { declaredCrs } : {}),
    ...(encoding ? { encoding } : {}),
    warnings,
  });
}

async function readLayer(
  label: string,
  shp: Uint8Array,
  dbf: Uint8Array | undefined,
  encoding: string | undefined,
): Promise<ReadResult<SourceFeature[]>> {
  if (shp.byteLength < 100 || new DataView(shp.buffer, shp.byteOffset).getInt32(0, false) !== SHP_FILE_CODE) {
    return readFailure("bad-shapefile", `${label} is not a Shapefile (.shp header missing).`);
  }
  const declaredLength = new DataView(shp.buffer, shp.byteOffset).getInt32(24, false) * 2;
  if (declaredLength > shp.byteLength) {
    return readFailure(
      "bad-shapefile",
      `${label} is truncated: it declares ${declaredLength} bytes but has ${shp.byteLength}.`,
    );
  }
  try {
    const source = await shapefile.open(shp, dbf, encoding ? { encoding } : undefined);
    const features: SourceFeature[] = [];
    for (let result = await source.read(); !result.done; result = await source.read()) {
      features.push({
        source: `${label} #${features.length + 1}`,
        geometry: result.value.geometry ?? null,
        properties: result.value.properties ?? {},
      });
    }
    return readOk(features);
  } catch (error) {
    return readFailure("bad-shapefile", `${label} cannot be read: ${(error as Error).message}`);
  }
}
