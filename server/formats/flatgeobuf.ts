import { geojson as fgb, type HeaderMeta } from "flatgeobuf";
import type { Feature, Geometry } from "geojson";
import type { ExportTable } from "./block-records.js";
import type { DeclaredCrs } from "./crs-resolve.js";
import { crsFromWkt, epsgReading } from "./crs-wkt.js";
import { type ReadResult, readFailure, readOk } from "./read-failure.js";
import type { SourceDataset, SourceFeature } from "./source-dataset.js";

/**
 * FlatGeobuf in and out with the `flatgeobuf` package (issue 17). The header's CRS (organisation + code, or
 * WKT) is the declared system; exports are CGCS2000 lon/lat, EPSG:4490.
 */
const FGB_MAGIC = [0x66, 0x67, 0x62, 0x03]; // "fgb" + major version 3

export function isFlatGeobuf(bytes: Uint8Array): boolean {
  return FGB_MAGIC.every((byte, i) => bytes[i] === byte);
}

export async function readFlatGeobuf(bytes: Uint8Array, label: string): Promise<ReadResult<SourceDataset>> {
  let header: HeaderMeta | undefined;
  const features: SourceFeature[] = [];
  try {
    for await (const feature of fgb.deserialize(bytes, {
      headerMetaFn: (meta) => {
        header = meta;
      },
    })) {
      features.push({
        source: `${label} #${features.length + 1}`,
        geometry: (feature.geometry as Geometry | undefined) ?? null,
        properties: { ...(feature.properties ?? {}) },
      });
    }
  } catch (error) {
    return readFailure("bad-file", `${label} is not a readable FlatGeobuf file: ${(error as Error).message}`);
  }
  const declaredCrs = headerCrs(header);
  return readOk({ format: "flatgeobuf", features, ...(declaredCrs ? { declaredCrs } : {}), warnings: [] });
}

function headerCrs(header: HeaderMeta | undefined): DeclaredCrs | undefined {
  const crs = header?.crs;
  if (!crs) return undefined;
  const name = crs.name ?? `${crs.org ?? "EPSG"}:${crs.code}`;
  if ((crs.org ?? "EPSG").toUpperCase() === "EPSG" && crs.code > 0) {
    const reading = epsgReading(crs.code, name);
    if (reading) return { source: "metadata", reading };
  }
  if (crs.wkt) return { source: "metadata", reading: crsFromWkt(crs.wkt) };
  return { source: "metadata", reading: { kind: "unsupported", name } };
}

/** The export table as FlatGeobuf (EPSG:4490, with its spatial index). */
export function writeFlatGeobuf(table: ExportTable): Uint8Array {
  const features: Feature[] = table.rows.map((row) => ({
    type: "Feature",
    geometry: row.geometry,
    properties: Object.fromEntries(Object.entries(row.values).filter(([, value]) => value !== null)),
  }));
  return fgb.serialize({ type: "FeatureCollection", features }, 4490);
}
