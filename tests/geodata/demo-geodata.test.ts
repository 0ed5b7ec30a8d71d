import { readFileSync } from "node:fs";
import { booleanClockwise, booleanValid, kinks } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { GRS80 } from "../../server/domain/geodesic.js";

// Structural facts of the illustrative demo data in geodata/, checked independently of the script that writes it.

type ArealGeometry = Polygon | MultiPolygon;
interface Park {
  code: string;
  name: string;
  district: string;
  category: "A" | "B";
}
interface BlockProperties {
  code: string;
  parkCode: string;
  level: "national" | "municipal";
  status: string;
}
interface ZoneProperties {
  code: string;
  kind: string;
  name: string;
  declaredAs?: string;
}

function readJson<T>(fileName: string): T {
  return JSON.parse(readFileSync(new URL(`../../geodata/${fileName}`, import.meta.url), "utf8")) as T;
}

function readParks(): Park[] {
  return readJson<Park[]>("parks.json");
}

function readBlocks(): Feature<ArealGeometry, BlockProperties>[] {
  return readJson<FeatureCollection<ArealGeometry, BlockProperties>>("blocks.geojson").features;
}

function readZones(): Feature<ArealGeometry, ZoneProperties>[] {
  return readJson<FeatureCollection<ArealGeometry, ZoneProperties>>("zones.geojson").features;
}

function polygonsOf(geometry: ArealGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/** Ellipsoidal (GRS80) area in km², exteriors minus holes. */
function areaKm2(geometry: ArealGeometry): number {
  let areaM2 = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const polygon = GRS80.Polygon(false);
      for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
      const ringAreaM2 = Math.abs(polygon.Compute(false, true).area ?? Number.NaN);
      areaM2 += index === 0 ? ringAreaM2 : -ringAreaM2;
    });
  }
  return areaM2 / 1e6;
}

/** §4.5 row (1–4) of each municipal block, with s = area ÷ sum of the areas of all the park's blocks. */
function municipalExitRows(): { code: string; areaKm2: number; share: number; row: number }[] {
  const blocks = readBlocks();
  const parkTotalKm2 = new Map<string, number>();
  for (const block of blocks) {
    const { parkCode } = block.properties;
    parkTotalKm2.set(parkCode, (parkTotalKm2.get(parkCode) ?? 0) + areaKm2(block.geometry));
  }
  return blocks
    .filter((block) => block.properties.level === "municipal")
    .map((block) => {
      const blockAreaKm2 = areaKm2(block.geometry);
      const share = blockAreaKm2 / (parkTotalKm2.get(block.properties.parkCode) ?? Number.NaN);
      const row = blockAreaKm2 <= 2 ? (share < 0.2 ? 1 : 2) : share < 0.2 ? 3 : 4;
      return { code: block.properties.code, areaKm2: blockAreaKm2, share, row };
    });
}

describe("demo parks", () => {
  it("lists the 16 Zhongguancun sub-parks, 7 of them in category A", () => {
    const parks = readParks();
    expect(parks).toHaveLength(16);
    expect(new Set(parks.map((park) => park.code)).size).toBe(16);
    expect(
      parks
        .filter((park) => park.category === "A")
        .map((park) => park.name)
        .sort(),
    ).toEqual(["丰台园", "朝阳园", "东城园", "海淀园", "石景山园", "西城园", "大兴-亦庄园"].sort());
  });
});

describe("demo zones", () => {
  it("has the 16 districts, one for each park's district", () => {
    const districtNames = readZones()
      .filter((zone) => zone.properties.kind === "district")
      .map((zone) => zone.properties.name);
    expect(districtNames).toHaveLength(16);
    expect(new Set(districtNames)).toEqual(new Set(readParks().map((park) => park.district)));
  });

  it("has one ecological conservation area as a MultiPolygon", () => {
    const eco = readZones().filter((zone) => zone.properties.kind === "eco-conservation-area");
    expect(eco).toHaveLength(1);
    expect(eco[0].geometry.type).toBe("MultiPolygon");
  });

  it("has the two declared ranges", () => {
    const declaredAs = readZones()
      .filter((zone) => zone.properties.kind === "declared-range")
      .map((zone) => zone.properties.declaredAs)
      .sort();
    expect(declaredAs).toEqual(["national-etdz", "national-high-tech"]);
  });
});

describe("demo blocks", () => {
  it("belong to existing parks and have unique codes", () => {
    const parkCodes = new Set(readParks().map((park) => park.code));
    const blocks = readBlocks();
    expect(blocks.filter((block) => !parkCodes.has(block.properties.parkCode))).toEqual([]);
    expect(new Set(blocks.map((block) => block.properties.code)).size).toBe(blocks.length);
  });

  it("show all four rows of the §4.5 exit table", () => {
    const rows = new Set(municipalExitRows().map((block) => block.row));
    expect([...rows].sort()).toEqual([1, 2, 3, 4]);
  });

  it("show the 0.5 km² floor both binding and not binding in row 2", () => {
    const rowTwo = municipalExitRows().filter((block) => block.row === 2);
    expect(rowTwo.some((block) => block.areaKm2 / 2 < 0.5 && block.areaKm2 > 0.5)).toBe(true);
    expect(rowTwo.some((block) => block.areaKm2 >= 1.2)).toBe(true);
  });

  it("keep every municipal block clear of the thresholds", () => {
    const tooClose = municipalExitRows().filter(
      (block) => Math.abs(block.areaKm2 / 2 - 1) < 0.02 || Math.abs(block.share - 0.2) < 0.02,
    );
    expect(tooClose).toEqual([]);
  });

  it("include a multi-part block and a block with a hole", () => {
    const geometries = readBlocks().map((block) => block.geometry);
    expect(
      geometries.some((geometry) => geometry.type === "MultiPolygon" && geometry.coordinates.length > 1),
    ).toBe(true);
    expect(geometries.some((geometry) => polygonsOf(geometry).some((rings) => rings.length > 1))).toBe(true);
  });
});

describe("demo geometries", () => {
  it("are valid, closed, rounded to 6 decimals, exteriors counter-clockwise and holes clockwise", () => {
    const features = [...readZones(), ...readBlocks()];
    const problems = features.flatMap((feature) => {
      const { code } = feature.properties;
      const found: string[] = [];
      if (booleanValid(feature.geometry) !== true) found.push(`${code}: turf booleanValid`);
      if (kinks(feature.geometry).features.length > 0) found.push(`${code}: self-intersection`);
      for (const rings of polygonsOf(feature.geometry)) {
        rings.forEach((ring, index) => {
          const [first, last] = [ring[0], ring[ring.length - 1]];
          if (first[0] !== last[0] || first[1] !== last[1]) found.push(`${code}: ring not closed`);
          if (booleanClockwise(ring) !== index > 0) found.push(`${code}: ring ${index} wrongly oriented`);
          if (ring.flat().some((value) => Math.round(value * 1e6) / 1e6 !== value)) {
            found.push(`${code}: more than 6 decimals`);
          }
        });
      }
      return found;
    });
    expect(problems).toEqual([]);
  });
});
