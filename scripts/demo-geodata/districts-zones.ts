import * as turf from "@turf/turf";
import type { MultiPolygon, Polygon } from "geojson";
import {
  DEVELOPMENT_ZONES,
  DISTRICTS,
  ECO_DISTRICTS,
  MOUNTAIN_SIDES,
  TILING_TOLERANCE_M2,
  VORONOI_BBOX,
} from "./authored.js";
import {
  asMultiPolygon,
  assertValid,
  difference,
  ellipsoidalAreaM2,
  fail,
  geometryFromShape,
  intersection,
  KM_PER_DEGREE_LAT,
  KM_PER_DEGREE_LNG_AT_EQUATOR,
  km2,
  normalisedGeometry,
  overlapAreaM2,
  polygonFromLngLats,
  polygonsOf,
  signedPlanarArea,
  union,
} from "./geometry.js";
import type { ArealGeometry, ZoneFeature, ZoneProperties } from "./types.js";

/** Districts (Voronoi cells of hand-placed seeds), the ecological conservation area, and the zones. */

export const CENTRAL_DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区"];

/** Partitions the outline: union of each district's Voronoi cells, clipped to the outline. */
export function buildDistricts(outline: Polygon): Map<string, ArealGeometry> {
  const seeds = DISTRICTS.flatMap((spec) =>
    spec.seeds.map((seed) => turf.point([seed[0], seed[1]], { district: spec.name })),
  );
  const cells = turf.voronoi(turf.featureCollection(seeds), { bbox: VORONOI_BBOX }).features;
  const districts = new Map<string, ArealGeometry>();
  for (const spec of DISTRICTS) {
    const ownCells = cells
      .filter((_cell, index) => seeds[index].properties.district === spec.name)
      .map((cell) => cell?.geometry ?? fail(`${spec.name}: duplicate Voronoi seed`));
    const clipped = intersection(union(ownCells), outline) ?? fail(`${spec.name}: outside the outline`);
    districts.set(spec.name, normalisedGeometry(clipped));
  }
  return districts;
}

export function districtGeometry(districts: Map<string, ArealGeometry>, name: string): ArealGeometry {
  return districts.get(name) ?? fail(`unknown district ${name}`);
}

/**
 * Approximate area in m² of a shape read with straight lon/lat edges (local equirectangular shoelace).
 * Only for sliver tests: where a Voronoi edge splits a long outline edge, the pieces are collinear in lon/lat but
 * not on the ellipsoid (a geodesic bows by metres over 10 km), so ellipsoidal areas of such slivers are not ~0.
 */
export function planarSliverAreaM2(geometry: ArealGeometry | null): number {
  if (!geometry) return 0;
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    const latitude = rings[0][0][1];
    const metresPerDegree2 =
      KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((latitude * Math.PI) / 180) * KM_PER_DEGREE_LAT * 1e6;
    for (const ring of rings) total += signedPlanarArea(ring) * metresPerDegree2;
  }
  return Math.abs(total);
}

/** Throws unless the districts cover the outline without gaps or overlaps (within rounding tolerance). */
export function assertDistrictsTileOutline(outline: Polygon, districts: Map<string, ArealGeometry>): void {
  const entries = [...districts.entries()];
  const gapM2 = planarSliverAreaM2(difference(outline, union(entries.map(([, geometry]) => geometry))));
  if (gapM2 > TILING_TOLERANCE_M2) fail(`districts leave ${gapM2.toFixed(0)} m² of the outline uncovered`);
  entries.forEach(([name, geometry], index) => {
    assertValid(`district ${name}`, geometry);
    if (planarSliverAreaM2(difference(geometry, outline)) > TILING_TOLERANCE_M2) {
      fail(`district ${name} leaves the outline`);
    }
    for (const [otherName, other] of entries.slice(index + 1)) {
      const overlapM2 = planarSliverAreaM2(intersection(geometry, other));
      if (overlapM2 > TILING_TOLERANCE_M2) {
        fail(`districts ${name} and ${otherName} overlap by ${overlapM2.toFixed(0)} m²`);
      }
    }
    const areaKm2 = km2(ellipsoidalAreaM2(geometry));
    const central = CENTRAL_DISTRICTS.includes(name);
    if (central ? areaKm2 > 600 : areaKm2 < 600) {
      fail(`district ${name}: implausible area ${areaKm2.toFixed(0)} km²`);
    }
  });
  const outlineKm2 = km2(ellipsoidalAreaM2(outline));
  const sumKm2 = entries.reduce((sum, [, geometry]) => sum + km2(ellipsoidalAreaM2(geometry)), 0);
  if (Math.abs(sumKm2 / outlineKm2 - 1) > 1e-5) {
    fail(`districts sum to ${sumKm2} km², outline is ${outlineKm2} km²`);
  }
  // Beijing is about 16,410 km²; a coarse outline drawn around a jagged border comes out somewhat larger.
  if (outlineKm2 < 15500 || outlineKm2 > 18500) {
    fail(`outline area ${outlineKm2.toFixed(0)} km² is not Beijing-sized`);
  }
}

/** 生态涵养区: five whole districts plus the mountain sides of 昌平 and 房山, as one MultiPolygon. */
export function buildEcoArea(districts: Map<string, ArealGeometry>): MultiPolygon {
  const wholeDistricts = ECO_DISTRICTS.map((name) => districtGeometry(districts, name));
  const mountainParts = MOUNTAIN_SIDES.map(
    ({ district, ring }) =>
      intersection(districtGeometry(districts, district), polygonFromLngLats(ring)) ??
      fail(`${district}: mountain line misses the district`),
  );
  return asMultiPolygon(normalisedGeometry(union([...wholeDistricts, ...mountainParts])));
}

// ───────────────────────────── zones ─────────────────────────────

export function zoneFeature(properties: ZoneProperties, geometry: ArealGeometry): ZoneFeature {
  assertValid(`zone ${properties.code}`, geometry);
  return { type: "Feature", properties, geometry };
}

export function buildZones(
  districts: Map<string, ArealGeometry>,
  etdz: ArealGeometry,
  eco: MultiPolygon,
  declaredNationalHighTech: ArealGeometry,
): ZoneFeature[] {
  const districtZones = DISTRICTS.map((spec) =>
    zoneFeature(
      { code: spec.code, kind: "district", name: spec.name, nameEn: spec.nameEn },
      districtGeometry(districts, spec.name),
    ),
  );
  const developmentZones = DEVELOPMENT_ZONES.map((spec) =>
    zoneFeature(
      { code: spec.code, kind: spec.kind, name: spec.name, nameEn: spec.nameEn },
      normalisedGeometry(geometryFromShape(spec.shape)),
    ),
  );
  return [
    ...districtZones,
    zoneFeature(
      {
        code: "etdz-yizhuang",
        kind: "etdz",
        name: "北京经济技术开发区（亦庄）",
        nameEn: "Beijing Economic-Technological Development Area (Yizhuang)",
      },
      etdz,
    ),
    ...developmentZones,
    zoneFeature(
      {
        code: "eco-conservation",
        kind: "eco-conservation-area",
        name: "生态涵养区",
        nameEn: "Ecological conservation area",
      },
      eco,
    ),
    zoneFeature(
      {
        code: "declared-national-high-tech",
        kind: "declared-range",
        name: "拟申报国家级高新区范围（示意）",
        nameEn: "Range declared as national high-tech zone (illustrative)",
        declaredAs: "national-high-tech",
      },
      declaredNationalHighTech,
    ),
    zoneFeature(
      {
        code: "declared-national-etdz",
        kind: "declared-range",
        name: "拟申报国家级经开区范围（示意）",
        nameEn: "Range declared as national economic-technological development zone (illustrative)",
        declaredAs: "national-etdz",
      },
      etdz,
    ),
  ];
}

/** Throws unless the development zones show the designed overlaps with the Zhongguancun zone. */
export function assertDevelopmentZones(zones: ZoneFeature[], zgc: ArealGeometry): void {
  const municipalZones = zones.filter((zone) => zone.properties.kind === "municipal-development-zone");
  const districtZones = zones.filter((zone) => zone.properties.kind === "district-development-zone");
  if (municipalZones.length < 3 || municipalZones.length > 4) fail("need 3–4 municipal development zones");
  if (districtZones.length !== 2) fail("need 2 district-level development zones");
  const shares = municipalZones.map(
    (zone) => overlapAreaM2(zone.geometry, zgc) / ellipsoidalAreaM2(zone.geometry),
  );
  if (!shares.some((share) => share > 0.05 && share < 0.95)) {
    fail("no municipal development zone partly in Zhongguancun");
  }
  if (!shares.some((share) => share === 0)) fail("no municipal development zone fully outside Zhongguancun");
}
