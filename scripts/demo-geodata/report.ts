import type { Polygon } from "geojson";
import { PARKS } from "./authored.js";
import type { BuiltBlock } from "./blocks.js";
import type { MunicipalAnalysis } from "./exit-analysis.js";
import { difference, ellipsoidalAreaM2, km2, union } from "./geometry.js";
import type { ArealGeometry, ZoneFeature, ZoneKind } from "./types.js";

/** The console report: park table, composition of the zone, district areas. */

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Short English tags for the printed table. */
export function caseTags(analysis: MunicipalAnalysis): string {
  const tags: string[] = [];
  if (analysis.zgcShare > 0) tags.push(`in-ZGC ${percent(analysis.zgcShare)}`);
  if (analysis.etdzShare > 0) tags.push(`in-etdz ${percent(analysis.etdzShare)}`);
  if (analysis.ecoShare > 0) tags.push(`in-eco ${percent(analysis.ecoShare)}`);
  if (analysis.municipalZoneShare > 0) {
    tags.push(`in-municipal-dev-zone ${percent(analysis.municipalZoneShare)}`);
  }
  if (analysis.partCount > 1) tags.push(`${analysis.partCount} parts, gap ${analysis.gapKm?.toFixed(2)} km`);
  if (analysis.holeCount > 0) tags.push(`${analysis.holeCount} hole`);
  if (analysis.convexity <= 0.85) tags.push(`concave (area/hull ${analysis.convexity.toFixed(2)})`);
  if (analysis.spec.demonstrates.length > 0) tags.push(`designed: ${analysis.spec.demonstrates.join(", ")}`);
  return tags.join("; ");
}

export function printParkTable(blocks: BuiltBlock[], analyses: MunicipalAnalysis[]): void {
  console.log("park / municipal block          status      area km²   share s  §4.5 row  keeps km²  cases");
  for (const park of PARKS) {
    const parkBlocks = blocks.filter((block) => block.spec.parkCode === park.code);
    const nationalKm2 = parkBlocks
      .filter((block) => block.spec.level === "national")
      .reduce((sum, block) => sum + km2(ellipsoidalAreaM2(block.geometry)), 0);
    const totalKm2 = parkBlocks.reduce((sum, block) => sum + km2(ellipsoidalAreaM2(block.geometry)), 0);
    console.log(
      `${park.code} ${park.name} (${park.category}): total ${totalKm2.toFixed(3)} km², ` +
        `national ${nationalKm2.toFixed(3)} km² in ${parkBlocks.filter((b) => b.spec.level === "national").length} blocks`,
    );
    for (const analysis of analyses.filter((item) => item.spec.parkCode === park.code)) {
      console.log(
        `  ${analysis.spec.code.padEnd(30)} ${analysis.spec.status.padEnd(11)} ${analysis.areaKm2.toFixed(3).padStart(8)}` +
          `  ${percent(analysis.shareOfPark).padStart(7)}  row ${analysis.row}${analysis.floorBinds ? " floor" : "      "}` +
          `  ${analysis.keptKm2.toFixed(3).padStart(8)}  ${caseTags(analysis)}`,
      );
    }
  }
}

/** Prints the §3 spatial composition of the demo layers (overlaps counted once). */
export function printComposition(
  zgc: ArealGeometry,
  municipalBlocks: BuiltBlock[],
  zones: ZoneFeature[],
): void {
  const ofKind = (kind: ZoneKind): ArealGeometry[] =>
    zones.filter((zone) => zone.properties.kind === kind).map((zone) => zone.geometry);
  const municipalZonesOutside = difference(union(ofKind("municipal-development-zone")), zgc);
  const terms = [
    zgc,
    ...municipalBlocks.map((block) => block.geometry),
    ...ofKind("district-development-zone"),
  ];
  const composition = union(municipalZonesOutside ? [...terms, municipalZonesOutside] : terms);
  const remaining = difference(composition, union(ofKind("declared-range")));
  console.log(
    `§3 composition (illustrative): Zhongguancun ${km2(ellipsoidalAreaM2(zgc)).toFixed(2)} km², ` +
      `union of all terms ${km2(ellipsoidalAreaM2(composition)).toFixed(2)} km², ` +
      `after subtracting declared ranges ${km2(ellipsoidalAreaM2(remaining)).toFixed(2)} km²`,
  );
}

export function printDistrictAreas(outline: Polygon, districts: Map<string, ArealGeometry>): void {
  const parts = [...districts.entries()].map(
    ([name, geometry]) => `${name} ${km2(ellipsoidalAreaM2(geometry)).toFixed(0)}`,
  );
  console.log(
    `outline ${km2(ellipsoidalAreaM2(outline)).toFixed(0)} km²; districts (km²): ${parts.join(", ")}`,
  );
}
