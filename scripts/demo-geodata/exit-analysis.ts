import type { MultiPolygon } from "geojson";
import {
  AREA_MARGIN_RELATIVE,
  CONTAINMENT_TOLERANCE_M2,
  FLOOR_KM2,
  PARKS,
  SHARE_MARGIN_ABSOLUTE,
  SHARE_THRESHOLD,
  SMALL_BLOCK_MAX_KM2,
} from "./authored.js";
import {
  convexity,
  ellipsoidalAreaM2,
  fail,
  gapBetweenPartsKm,
  km2,
  overlapAreaM2,
  polygonsOf,
  union,
} from "./geometry.js";
import type { ArealGeometry, BlockSpec, DemoCase, ExitRow, Park } from "./types.js";

/** The §4.5 exit rule on the municipal blocks, their spatial cases, and the checks that the design holds. */

/** §4.5 row for a block of `areaKm2` with `shareOfPark` (0..1); s exactly 20% counts as "above" (DOMAIN default). */
export function exitRow(areaKm2: number, shareOfPark: number): ExitRow {
  const small = areaKm2 <= SMALL_BLOCK_MAX_KM2;
  const large = shareOfPark >= SHARE_THRESHOLD;
  if (small) return large ? 2 : 1;
  return large ? 4 : 3;
}

/** Area kept after the §4.5 action, in km² (0 when eliminated). */
export function keptAreaKm2(row: ExitRow, areaKm2: number): number {
  switch (row) {
    case 1:
      return 0;
    case 2:
      return Math.max(areaKm2 * 0.5, FLOOR_KM2);
    case 3:
      return areaKm2 * 0.5;
    case 4:
      return areaKm2 * 0.75;
  }
}

export function exitRowPhrase(row: ExitRow, floorBinds: boolean): string {
  switch (row) {
    case 1:
      return "淘汰方式第1种情形（《管理办法》第三部分）（a≤2 km²，s<20%：退出时直接淘汰）";
    case 2:
      return floorBinds
        ? "淘汰方式第2种情形（《管理办法》第三部分）（a≤2 km²，s>20%：按50%压减，但不低于0.5 km²；本区块触及下限，保留0.5 km²）"
        : "淘汰方式第2种情形（《管理办法》第三部分）（a≤2 km²，s>20%：按50%压减，不触及0.5 km²下限）";
    case 3:
      return "淘汰方式第3种情形（《管理办法》第三部分）（a>2 km²，s<20%：按50%压减）";
    case 4:
      return "淘汰方式第4种情形（《管理办法》第三部分）（a>2 km²，s>20%：按25%压减）";
  }
}

export interface MunicipalAnalysis {
  spec: BlockSpec;
  geometry: ArealGeometry;
  areaKm2: number;
  /** share of park with the park area = area of the union of its blocks in force (the default basis) */
  shareOfPark: number;
  /** share of park with the park area = sum of the areas of its blocks in force (the in-force-sum basis) */
  shareOfParkBySum: number;
  row: ExitRow;
  keptKm2: number;
  floorBinds: boolean;
  /** shares (0..1) of the block inside the Zhongguancun zone, 亦庄 and the ecological conservation area */
  zgcShare: number;
  etdzShare: number;
  ecoShare: number;
  /** share (0..1) of the block inside a municipal development zone (市级开发区) */
  municipalZoneShare: number;
  partCount: number;
  holeCount: number;
  convexity: number;
  gapKm: number | null;
}

export interface SpatialLayers {
  districts: Map<string, ArealGeometry>;
  zgc: ArealGeometry;
  etdz: ArealGeometry;
  eco: MultiPolygon;
  municipalZones: ArealGeometry;
}

export function parkOf(code: string): Park {
  return PARKS.find((park) => park.code === code) ?? fail(`unknown park ${code}`);
}

export function analyseMunicipalBlock(
  spec: BlockSpec,
  geometry: ArealGeometry,
  parkBlocks: ArealGeometry[],
  layers: SpatialLayers,
): MunicipalAnalysis {
  const areaM2 = ellipsoidalAreaM2(geometry);
  const areaKm2 = km2(areaM2);
  const parkSumM2 = parkBlocks.reduce((sum, block) => sum + ellipsoidalAreaM2(block), 0);
  const shareOfPark = areaM2 / ellipsoidalAreaM2(union(parkBlocks));
  const row = exitRow(areaKm2, shareOfPark);
  const polygons = polygonsOf(geometry);
  return {
    spec,
    geometry,
    areaKm2,
    shareOfPark,
    shareOfParkBySum: areaM2 / parkSumM2,
    row,
    keptKm2: keptAreaKm2(row, areaKm2),
    floorBinds: row === 2 && areaKm2 * 0.5 < FLOOR_KM2,
    zgcShare: overlapAreaM2(geometry, layers.zgc) / areaM2,
    etdzShare: overlapAreaM2(geometry, layers.etdz) / areaM2,
    ecoShare: overlapAreaM2(geometry, layers.eco) / areaM2,
    municipalZoneShare: overlapAreaM2(geometry, layers.municipalZones) / areaM2,
    partCount: polygons.length,
    holeCount: polygons.reduce((sum, rings) => sum + rings.length - 1, 0),
    convexity: convexity(geometry),
    gapKm: geometry.type === "MultiPolygon" ? gapBetweenPartsKm(geometry) : null,
  };
}

/** True when a share (0..1) of a block of `areaKm2` lies inside a layer up to the rounding tolerance. */
export function isFullyInside(share: number, areaKm2: number): boolean {
  return share >= 1 - CONTAINMENT_TOLERANCE_M2 / (areaKm2 * 1e6);
}

/** Spatial facts of a municipal block as short Chinese phrases (for the note and the printed table). */
export function spatialPhrases(analysis: MunicipalAnalysis): string[] {
  const phrases: string[] = [];
  if (isFullyInside(analysis.zgcShare, analysis.areaKm2)) {
    phrases.push("完全位于国家级区块内（叠加分析）");
  } else if (analysis.zgcShare > 0) {
    phrases.push(`部分与国家级区块重叠（约${Math.round(analysis.zgcShare * 100)}%位于中关村示范区内）`);
  }
  if (analysis.etdzShare > 0) {
    phrases.push(`部分与亦庄经开区重叠（约${Math.round(analysis.etdzShare * 100)}%）`);
  }
  if (isFullyInside(analysis.ecoShare, analysis.areaKm2)) {
    phrases.push("位于生态涵养区（《管理办法》第三部分 · 过渡培育，可设不超过五年的过渡期）");
  }
  if (isFullyInside(analysis.municipalZoneShare, analysis.areaKm2)) phrases.push("位于市级开发区内");
  if (analysis.partCount > 1) {
    phrases.push(`多部件区块（${analysis.partCount}部分，间距约${analysis.gapKm?.toFixed(1)} km）`);
  }
  if (analysis.holeCount > 0) phrases.push("含内部空洞（内环）");
  if (analysis.convexity <= 0.85) phrases.push("凹多边形（L/U形），用于测试压减预览");
  return phrases;
}

export function municipalNote(analysis: MunicipalAnalysis): string {
  return `示意：${[exitRowPhrase(analysis.row, analysis.floorBinds), ...spatialPhrases(analysis)].join("；")}`;
}

/** Throws unless the block's row is robust: away from every threshold and the same for both park-area readings. */
export function assertRowMargins(analysis: MunicipalAnalysis): void {
  const { code } = analysis.spec;
  const { areaKm2, shareOfPark, shareOfParkBySum } = analysis;
  if (Math.abs(areaKm2 / SMALL_BLOCK_MAX_KM2 - 1) < AREA_MARGIN_RELATIVE) {
    fail(`${code}: area too close to 2 km²`);
  }
  for (const share of [shareOfPark, shareOfParkBySum]) {
    if (Math.abs(share - SHARE_THRESHOLD) < SHARE_MARGIN_ABSOLUTE) fail(`${code}: share too close to 20%`);
  }
  if (exitRow(areaKm2, shareOfParkBySum) !== analysis.row) {
    fail(`${code}: row depends on how the park area is read`);
  }
  if (analysis.row === 2) {
    const halfKm2 = areaKm2 * 0.5;
    if (areaKm2 <= FLOOR_KM2 * (1 + AREA_MARGIN_RELATIVE)) {
      fail(`${code}: already at or below the 0.5 km² floor (an undesigned special case)`);
    }
    if (Math.abs(halfKm2 / FLOOR_KM2 - 1) < AREA_MARGIN_RELATIVE) {
      fail(`${code}: half its area is too close to 0.5 km²`);
    }
  }
}

/** Throws unless the designed case holds for the block. */
export function assertDemoCase(analysis: MunicipalAnalysis, demoCase: DemoCase): void {
  const { code } = analysis.spec;
  const holds = ((): boolean => {
    switch (demoCase) {
      case "row1":
        return analysis.row === 1;
      case "row2":
        return analysis.row === 2 && !analysis.floorBinds && analysis.areaKm2 >= 1.2;
      case "row2-floor-binds":
        return (
          analysis.row === 2 && analysis.floorBinds && analysis.areaKm2 >= 0.7 && analysis.areaKm2 <= 0.9
        );
      case "row3":
        return analysis.row === 3;
      case "row4":
        return analysis.row === 4;
      case "overlaps-national":
        return analysis.zgcShare >= 0.3 && analysis.zgcShare <= 0.5;
      case "inside-national":
        return isFullyInside(analysis.zgcShare, analysis.areaKm2);
      case "overlaps-etdz":
        return analysis.etdzShare >= 0.2 && analysis.etdzShare <= 0.8;
      case "in-eco-area":
        return isFullyInside(analysis.ecoShare, analysis.areaKm2);
      case "multipart":
        return (
          analysis.partCount === 2 && analysis.gapKm !== null && analysis.gapKm >= 0.2 && analysis.gapKm <= 2
        );
      case "hole":
        return analysis.holeCount > 0;
      case "concave":
        return analysis.convexity <= 0.85;
    }
  })();
  if (!holds) fail(`${code}: designed case "${demoCase}" does not hold`);
}

/** Throws when a municipal block overlaps something it was not designed to overlap. */
export function assertNoUndesignedOverlap(analysis: MunicipalAnalysis): void {
  const { code } = analysis.spec;
  const designed = new Set(analysis.spec.demonstrates);
  const designedZgc = designed.has("overlaps-national") || designed.has("inside-national");
  if (analysis.zgcShare > 0 && !designedZgc) fail(`${code}: undesigned overlap with a national block`);
  if (analysis.etdzShare > 0 && !designed.has("overlaps-etdz")) fail(`${code}: undesigned overlap with 亦庄`);
}
