import {
  CONTAINMENT_TOLERANCE_M2,
  DECLARED_NATIONAL_HIGH_TECH_BLOCKS,
  NATIONAL_RECOGNIZED_ON,
  PARKS,
  RECOGNIZED_ON,
  RECOGNIZED_ON_BY_CODE,
} from "./authored.js";
import { districtGeometry } from "./districts-zones.js";
import { type MunicipalAnalysis, parkOf } from "./exit-analysis.js";
import {
  assertValid,
  ellipsoidalAreaM2,
  fail,
  geometryFromShape,
  km2,
  normalisedGeometry,
  outsideAreaM2,
  overlapAreaM2,
} from "./geometry.js";
import {
  type ArealGeometry,
  type BlockFeature,
  type BlockProperties,
  type BlockSpec,
  DEMO_CASES,
} from "./types.js";

/** Assembling the blocks and checking their placement. */

export interface BuiltBlock {
  spec: BlockSpec;
  geometry: ArealGeometry;
}

/** Note of a national block; the two declared ones say so. */
export function nationalNote(code: string): string {
  return DECLARED_NATIONAL_HIGH_TECH_BLOCKS.includes(code)
    ? "示意：国家级区块（中关村示范区范围）；纳入拟申报国家级高新区范围"
    : "示意：国家级区块（中关村示范区范围）";
}

export function buildBlocks(specs: BlockSpec[]): BuiltBlock[] {
  return specs.map((spec) => {
    const geometry = normalisedGeometry(geometryFromShape(spec.shape));
    assertValid(`block ${spec.code}`, geometry);
    return { spec, geometry };
  });
}

/**
 * The blocks that make up a park's area for `forBlock`'s share (server/db/park-share.ts): the park's blocks in
 * force (recognized, rectifying), plus the block itself when it is a draft or an application.
 */
export function parkBlockGeometries(blocks: BuiltBlock[], forBlock: BuiltBlock): ArealGeometry[] {
  const inForce = (block: BuiltBlock) =>
    block.spec.status === "recognized" || block.spec.status === "rectifying";
  return blocks
    .filter(
      (block) => block.spec.parkCode === forBlock.spec.parkCode && (inForce(block) || block === forBlock),
    )
    .map((block) => block.geometry);
}

/** Throws unless codes are unique and every block lies in its park's district. */
export function assertBlockPlacement(blocks: BuiltBlock[], districts: Map<string, ArealGeometry>): void {
  const codes = new Set(blocks.map((block) => block.spec.code));
  if (codes.size !== blocks.length) fail("duplicate block codes");
  const problems = blocks.flatMap(({ spec, geometry }) => {
    const district = districtGeometry(districts, parkOf(spec.parkCode).district);
    const outsideM2 = outsideAreaM2(geometry, district);
    return outsideM2 > CONTAINMENT_TOLERANCE_M2
      ? [`${spec.code}: ${outsideM2.toFixed(0)} m² outside its district`]
      : [];
  });
  if (problems.length > 0) fail(problems.join("\n"));
}

/** Throws unless every park has 2–4 national blocks of 1–25 km² that do not overlap each other. */
export function assertNationalBlocks(blocks: BuiltBlock[]): void {
  for (const park of PARKS) {
    const count = blocks.filter((block) => block.spec.parkCode === park.code).length;
    if (count < 2 || count > 4) fail(`${park.name}: ${count} national blocks`);
  }
  blocks.forEach(({ spec, geometry }, index) => {
    const areaKm2 = km2(ellipsoidalAreaM2(geometry));
    if (areaKm2 < 1 || areaKm2 > 25) fail(`${spec.code}: national block of ${areaKm2.toFixed(2)} km²`);
    for (const other of blocks.slice(index + 1)) {
      if (overlapAreaM2(geometry, other.geometry) > 0) fail(`${spec.code} overlaps ${other.spec.code}`);
    }
  });
}

/** Throws unless the municipal blocks together show every designed case, with two under rectification. */
export function assertMunicipalSet(analyses: MunicipalAnalysis[]): void {
  if (analyses.length < 18 || analyses.length > 22) {
    fail(`${analyses.length} municipal blocks, want about 20`);
  }
  const rectifying = analyses.filter((analysis) => analysis.spec.status === "rectifying").length;
  if (rectifying !== 2) fail(`${rectifying} rectifying municipal blocks, want 2`);
  for (const demoCase of DEMO_CASES) {
    if (!analyses.some((analysis) => analysis.spec.demonstrates.includes(demoCase))) {
      fail(`no block shows ${demoCase}`);
    }
  }
  analyses.forEach((analysis, index) => {
    for (const other of analyses.slice(index + 1)) {
      if (overlapAreaM2(analysis.geometry, other.geometry) > 0) {
        fail(`${analysis.spec.code} overlaps ${other.spec.code}`);
      }
    }
  });
}

export function blockFeature(block: BuiltBlock, note: string): BlockFeature {
  const { code, name, parkCode, level, status } = block.spec;
  const recognized = status === "recognized" || status === "rectifying";
  const recognizedOn =
    RECOGNIZED_ON_BY_CODE[code] ?? (level === "national" ? NATIONAL_RECOGNIZED_ON : RECOGNIZED_ON);
  const properties: BlockProperties = recognized
    ? { code, name, parkCode, level, status, recognizedOn, note }
    : { code, name, parkCode, level, status, note };
  return { type: "Feature", properties, geometry: block.geometry };
}
