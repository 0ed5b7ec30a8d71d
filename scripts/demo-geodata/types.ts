import type { Feature, MultiPolygon, Polygon } from "geojson";

/** Types of the demo data set: authored shapes and specs, parks, zones, blocks, the designed cases. */

export type LngLat = readonly [number, number];
/** [east, north] offset in kilometres from a shape's anchor (authoring frame only, never used for areas). */
export type OffsetKm = readonly [number, number];
export type ArealGeometry = Polygon | MultiPolygon;

/** A hand-drawn shape: parts → rings (first exterior, then holes) → vertices as km offsets from `anchor`. */
export interface ShapeSpec {
  anchor: LngLat;
  parts: OffsetKm[][][];
}

export type ParkCategory = "A" | "B";
export interface Park {
  code: string;
  name: string;
  nameEn: string;
  district: string;
  category: ParkCategory;
}

export interface DistrictSpec {
  code: string;
  name: string;
  nameEn: string;
  /** Voronoi seeds; the district is the union of their cells clipped to the outline. */
  seeds: LngLat[];
}

export type ZoneKind =
  | "district"
  | "etdz"
  | "municipal-development-zone"
  | "district-development-zone"
  | "eco-conservation-area"
  | "declared-range";
export type DeclaredAs = "national-high-tech" | "national-etdz";
export interface ZoneProperties {
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn: string;
  declaredAs?: DeclaredAs;
}
export interface ZoneSpec {
  code: string;
  kind: "municipal-development-zone" | "district-development-zone";
  name: string;
  nameEn: string;
  shape: ShapeSpec;
}

export type BlockLevel = "national" | "municipal";
export type BlockStatus = "recognized" | "candidate" | "applied" | "rectifying";
export interface BlockProperties {
  code: string;
  name: string;
  parkCode: string;
  level: BlockLevel;
  status: BlockStatus;
  recognizedOn?: string;
  note: string;
}

/** The cases the municipal blocks are designed to demonstrate; each is checked and the script throws if one fails. */
export const DEMO_CASES = [
  "row1",
  "row2",
  "row2-floor-binds",
  "row3",
  "row4",
  "overlaps-national",
  "inside-national",
  "overlaps-etdz",
  "in-eco-area",
  "multipart",
  "hole",
  "concave",
] as const;
export type DemoCase = (typeof DEMO_CASES)[number];

export interface BlockSpec {
  code: string;
  name: string;
  parkCode: string;
  level: BlockLevel;
  status: BlockStatus;
  shape: ShapeSpec;
  demonstrates: DemoCase[];
}

export type ZoneFeature = Feature<ArealGeometry, ZoneProperties>;
export type BlockFeature = Feature<ArealGeometry, BlockProperties>;

/** §4.5 exit-table rows: 1 eliminate, 2 reduce by 50% (floor 0.5 km²), 3 reduce by 50%, 4 reduce by 25%. */
export type ExitRow = 1 | 2 | 3 | 4;
