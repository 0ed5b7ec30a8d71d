import type { Geometry } from "geojson";
import type { DeclaredCrs } from "./crs-resolve.js";
import type { ImportNote } from "./import-notes.js";

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
  "cass-dat",
  "flatgeobuf",
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface SourceFeature {
  /** Where in the file, for the report: "blocks.shp #3", "Placemark 2", "LWPOLYLINE handle 2A". */
  source: string;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  /** The area the file states for the shape (界址点 地块面积), in 公顷: checked against the computed one. */
  statedAreaHectares?: number;
}

export interface EncodingChoice {
  used: string;
  /** How it was chosen: the user, a .cpg file, the DBF language byte, valid UTF-8, or the GB18030 fallback. */
  source: "user" | "cpg" | "dbf-language-byte" | "utf-8-valid" | "gb18030-fallback";
  /** Why, in a plain sentence (e.g. "no .cpg; the attribute values are valid UTF-8"). */
  reason?: string;
  /** The same, as a code with params for the UI language. */
  reasonNote?: ImportNote;
  /** Sample text values under each plausible encoding, so the user can see which one reads right. */
  alternatives?: EncodingSample[];
}

export interface EncodingSample {
  encoding: string;
  /** Text values decoded with this encoding; U+FFFD marks bytes it cannot read. */
  samples: string[];
  /** Bytes this encoding cannot decode, over the sampled values. */
  undecodable: number;
}

/** A layer of a multi-layer file (GeoPackage): the user picks one (option `layer`). */
export interface LayerChoice {
  name: string;
  featureCount: number;
  geometryType: string;
  chosen: boolean;
}

export interface SourceDataset {
  format: ImportFormat;
  features: SourceFeature[];
  declaredCrs?: DeclaredCrs;
  encoding?: EncodingChoice;
  /** Every layer of the file when it has several, with the one read marked. */
  layers?: LayerChoice[];
  /** Things the reader passed over or noticed: codes with params and the English sentences. */
  warnings: ImportNote[];
}

/** Options a user may give with an upload. */
export interface ReadOptions {
  /** A text encoding label for attribute text (Shapefile DBF, CSV, 界址点 files). */
  encoding?: string;
  /** The layer of a multi-layer file to read (GeoPackage table name); the first one by default. */
  layer?: string;
  /** DXF: "layer" makes all closed shapes of one CAD layer one block (parts and holes). */
  dxfGrouping?: "nesting" | "layer";
}
