import type { Geometry } from "geojson";
import type { DeclaredCrs } from "../domain/crs-resolve.js";

/** What a reader gives the import: features with coordinates as written (x first), and what the file says. */
export const IMPORT_FORMATS = [
  "geojson",
  "shapefile",
  "kml",
  "kmz",
  "geopackage",
  "dxf",
  "csv",
  "boundary-points",
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface SourceFeature {
  /** Where in the file, for the report: "blocks.shp #3", "Placemark 2", "LWPOLYLINE handle 2A". */
  source: string;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

export interface EncodingChoice {
  used: string;
  /** How it was chosen: the user, a .cpg file, the DBF language byte, valid UTF-8, or the GB18030 fallback. */
  source: "user" | "cpg" | "dbf-language-byte" | "utf-8-valid" | "gb18030-fallback";
}

export interface SourceDataset {
  format: ImportFormat;
  features: SourceFeature[];
  declaredCrs?: DeclaredCrs;
  encoding?: EncodingChoice;
  /** Things the reader passed over or noticed, in plain sentences. */
  warnings: string[];
}

/** Options a user may give with an upload. */
export interface ReadOptions {
  /** A text encoding label for attribute text (Shapefile DBF, CSV, 界址点 files). */
  encoding?: string;
}
