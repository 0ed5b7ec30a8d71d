import { boundaryDataset } from "./boundary-points-file.js";
import { readBoundaryFile } from "./boundary-points-read.js";
import { readCassDat } from "./cass-dat.js";
import { readCsv } from "./csv.js";
import { readDxf } from "./dxf-read.js";
import { isFlatGeobuf, readFlatGeobuf } from "./flatgeobuf.js";
import { readGeoJson } from "./geojson.js";
import { readGeoPackage } from "./geopackage.js";
import { readKml, readKmz } from "./kml.js";
import { type ReadResult, readFailure } from "./read-failure.js";
import { hasShapefileParts, type NamedFile, readShapefiles } from "./shapefile-read.js";
import type { ReadOptions, SourceDataset } from "./source-dataset.js";
import { decodeText } from "./text-encoding.js";
import { readZip } from "./zip-read.js";

/**
 * Picks the reader for an upload from its name and its first bytes: a zip (Shapefile parts, a KMZ, or one
 * other file), a GeoPackage, FlatGeobuf, GeoJSON, KML, DXF, CSV, a 界址点 text file or a CASS .dat. Anything
 * else is a failure with its reason (read-failure.ts).
 */
const ZIP_MAGIC = [0x50, 0x4b];
const SQLITE_MAGIC = "SQLite format 3\0";

export async function readUpload(
  fileName: string,
  bytes: Uint8Array,
  options: ReadOptions,
): Promise<ReadResult<SourceDataset>> {
  if (bytes.byteLength === 0) return readFailure("empty-file", `${fileName} is empty.`);
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const isZip = bytes[0] === ZIP_MAGIC[0] && bytes[1] === ZIP_MAGIC[1];
  if (isZip) return readZipUpload(fileName, bytes, extension, options);
  if (extension === "zip" || extension === "kmz") {
    return readFailure("bad-zip", `${fileName} is named .${extension} but is not a zip file.`);
  }
  return readSingleFile({ name: fileName, data: bytes }, options);
}

async function readZipUpload(
  fileName: string,
  bytes: Uint8Array,
  extension: string,
  options: ReadOptions,
): Promise<ReadResult<SourceDataset>> {
  const zip = await readZip(bytes);
  if (!zip.ok) return zip;
  const entries = zip.value.filter((entry) => !/(^|\/)\./.test(entry.name));
  if (
    extension === "kmz" ||
    (entries.some((entry) => /\.kml$/i.test(entry.name)) && !hasShapefileParts(entries))
  ) {
    return readKmz(entries);
  }
  if (hasShapefileParts(entries)) return readShapefiles(entries, options);
  const readable = entries.filter((entry) => /\.(geojson|json|gpkg|fgb|dxf|csv|txt|dat)$/i.test(entry.name));
  if (readable.length === 1) return readSingleFile(readable[0], options);
  const names = entries.map((entry) => entry.name).join(", ") || "nothing";
  return readFailure(
    "unsupported-format",
    readable.length > 1
      ? `${fileName} holds several files to import (${names}): zip one at a time.`
      : `${fileName} holds no file to import (${names}): expected a Shapefile (.shp with .shx/.dbf/.prj), KML, GeoJSON, GeoPackage, FlatGeobuf, DXF, CSV, 界址点 .txt or CASS .dat.`,
  );
}

async function readSingleFile(file: NamedFile, options: ReadOptions): Promise<ReadResult<SourceDataset>> {
  const { name, data } = file;
  const label = name.replace(/^.*\//, "");
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  const head = new TextDecoder("latin1").decode(data.subarray(0, 64));
  if (head.startsWith(SQLITE_MAGIC) || extension === "gpkg")
    return readGeoPackage(data, label, options.layer);
  if (isFlatGeobuf(data) || extension === "fgb") return readFlatGeobuf(data, label);
  if (["shp", "shx", "dbf", "prj", "cpg"].includes(extension)) {
    return readFailure(
      "shapefile-not-zipped",
      `${label} is one part of a Shapefile: zip the .shp, .shx, .dbf, .prj (and .cpg) together and upload the zip.`,
    );
  }
  if (looksBinary(data)) {
    return readFailure(
      "unsupported-format",
      `${label} is not a file this import reads (binary content, .${extension}).`,
    );
  }
  const text = () =>
    decodeText(
      data,
      extension === "json" || extension === "geojson" || extension === "kml" ? "utf-8" : undefined,
    );
  const start = head.replace(/^\uFEFF|^ï»¿/, "").trimStart();
  if (extension === "geojson" || extension === "json" || start.startsWith("{"))
    return readGeoJson(text().text);
  if (extension === "kml" || start.startsWith("<")) return readKml(text().text, label);
  if (extension === "dxf" || /^0\s*\r?\n\s*SECTION/.test(start))
    return readDxf(data, label, {
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.dxfGrouping ? { grouping: options.dxfGrouping } : {}),
    });
  if (extension === "csv") return readCsv(data, label, options.encoding);
  if (extension === "dat") {
    const decoded = decodeText(data, options.encoding);
    return boundaryDataset(readCassDat(decoded.text), label, "cass-dat", decoded.encoding);
  }
  if (extension === "txt" || extension === "") {
    const decoded = decodeText(data, options.encoding);
    return boundaryDataset(readBoundaryFile(decoded.text), label, "boundary-points", decoded.encoding);
  }
  return readFailure("unsupported-format", `${label}: .${extension} files are not imported.`);
}

/** NUL bytes or many control characters in the first kilobytes: not a text format. */
function looksBinary(data: Uint8Array): boolean {
  const sample = data.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > sample.byteLength / 20;
}
