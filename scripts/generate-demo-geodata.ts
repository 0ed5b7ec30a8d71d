/**
 * Generates the illustrative (示意) demo data set in geodata/: parks.json, zones.geojson and blocks.geojson.
 *
 * Every shape below is authored by hand for the demo from general knowledge of where Beijing's districts and
 * Zhongguancun sub-parks lie. Nothing is copied or derived from third-party boundary data. The shapes are NOT
 * official boundaries and must never be used for legal area statements.
 *
 * Coordinates: lon/lat in CGCS2000 (EPSG:4490), rounded to 6 decimals, exterior rings counter-clockwise and
 * holes clockwise (RFC 7946). Every area figure is ellipsoidal (GRS80, GeographicLib), never spherical.
 *
 * The script is deterministic (no randomness), validates everything and throws when a designed case of
 * DOMAIN.md §4.5 (exit rule) or an overlap/eco/multi-part/hole/concave case does not hold.
 *
 * The authored data, geometry helpers, checks and report are in scripts/demo-geodata/.
 *
 * Run: npx tsx scripts/generate-demo-geodata.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Feature, Polygon } from "geojson";
import { STORAGE_CRS } from "../server/domain/crs.js";
import {
  BEIJING_OUTLINE,
  DECLARED_NATIONAL_HIGH_TECH_BLOCKS,
  ETDZ_SHAPE,
  MUNICIPAL_BLOCKS,
  NATIONAL_BLOCKS,
  PARKS,
} from "./demo-geodata/authored.js";
import {
  assertBlockPlacement,
  assertMunicipalSet,
  assertNationalBlocks,
  blockFeature,
  buildBlocks,
  nationalNote,
  parkBlockGeometries,
} from "./demo-geodata/blocks.js";
import {
  assertDevelopmentZones,
  assertDistrictsTileOutline,
  buildDistricts,
  buildEcoArea,
  buildZones,
} from "./demo-geodata/districts-zones.js";
import {
  analyseMunicipalBlock,
  assertDemoCase,
  assertNoUndesignedOverlap,
  assertRowMargins,
  municipalNote,
  type SpatialLayers,
} from "./demo-geodata/exit-analysis.js";
import {
  assertValid,
  ellipsoidalAreaM2,
  fail,
  geometryFromShape,
  km2,
  normalisedGeometry,
  polygonFromLngLats,
  union,
} from "./demo-geodata/geometry.js";
import { printComposition, printDistrictAreas, printParkTable } from "./demo-geodata/report.js";
import type { ArealGeometry } from "./demo-geodata/types.js";

// ───────────────────────────── output ─────────────────────────────

const OUTPUT_DIRECTORY = fileURLToPath(new URL("../geodata/", import.meta.url));
const COLLECTION_METADATA = {
  crs: STORAGE_CRS,
  illustrative: true,
  note: "示意数据，为演示而绘制，非官方边界，无审图号，不得用于法定面积表述。Illustrative shapes authored for the demo; not official boundaries.",
  generator: "scripts/generate-demo-geodata.ts",
};

/** GeoJSON FeatureCollection text with one feature per line (compact, stable diffs). */
function featureCollectionText(features: Feature[]): string {
  const lines = features.map((feature) => `    ${JSON.stringify(feature)}`);
  return `{\n  "type": "FeatureCollection",\n  "metadata": ${JSON.stringify(COLLECTION_METADATA)},\n  "features": [\n${lines.join(",\n")}\n  ]\n}\n`;
}

function writeOutput(fileName: string, text: string): void {
  writeFileSync(`${OUTPUT_DIRECTORY}${fileName}`, text, "utf8");
  console.log(`wrote geodata/${fileName} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
}

function asPolygon(geometry: ArealGeometry): Polygon {
  return geometry.type === "Polygon" ? geometry : fail("expected a single polygon");
}

function main(): void {
  const outline = asPolygon(normalisedGeometry(polygonFromLngLats(BEIJING_OUTLINE)));
  assertValid("outline", outline);
  const districts = buildDistricts(outline);
  assertDistrictsTileOutline(outline, districts);
  const eco = buildEcoArea(districts);
  const etdz = normalisedGeometry(geometryFromShape(ETDZ_SHAPE));
  const etdzKm2 = km2(ellipsoidalAreaM2(etdz));
  if (etdzKm2 < 20 || etdzKm2 > 60) fail(`亦庄 of ${etdzKm2.toFixed(1)} km² is not a few tens of km²`);

  const nationalBlocks = buildBlocks(NATIONAL_BLOCKS);
  const municipalBlocks = buildBlocks(MUNICIPAL_BLOCKS);
  const allBlocks = [...nationalBlocks, ...municipalBlocks];
  assertBlockPlacement(allBlocks, districts);
  assertNationalBlocks(nationalBlocks);
  const zgc = union(nationalBlocks.map((block) => block.geometry));
  const declaredNationalHighTech = normalisedGeometry(
    union(
      nationalBlocks
        .filter((block) => DECLARED_NATIONAL_HIGH_TECH_BLOCKS.includes(block.spec.code))
        .map((block) => block.geometry),
    ),
  );
  const zones = buildZones(districts, etdz, eco, declaredNationalHighTech);
  assertDevelopmentZones(zones, zgc);

  const municipalZones = union(
    zones
      .filter((zone) => zone.properties.kind === "municipal-development-zone")
      .map((zone) => zone.geometry),
  );
  const layers: SpatialLayers = { districts, zgc, etdz, eco, municipalZones };
  const analyses = municipalBlocks.map((block) =>
    analyseMunicipalBlock(block.spec, block.geometry, parkBlockGeometries(allBlocks, block), layers),
  );
  printDistrictAreas(outline, districts);
  printParkTable(allBlocks, analyses);
  printComposition(zgc, municipalBlocks, zones);
  for (const analysis of analyses) {
    assertRowMargins(analysis);
    for (const demoCase of analysis.spec.demonstrates) assertDemoCase(analysis, demoCase);
    assertNoUndesignedOverlap(analysis);
  }
  assertMunicipalSet(analyses);

  const blockFeatures = [
    ...nationalBlocks.map((block) => blockFeature(block, nationalNote(block.spec.code))),
    ...analyses.map((analysis) => blockFeature(analysis, municipalNote(analysis))),
  ];
  mkdirSync(OUTPUT_DIRECTORY, { recursive: true });
  writeOutput("parks.json", `${JSON.stringify(PARKS, null, 2)}\n`);
  writeOutput("zones.geojson", featureCollectionText(zones));
  writeOutput("blocks.geojson", featureCollectionText(blockFeatures));
}

main();
