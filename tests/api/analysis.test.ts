import type { Geometry, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneStore } from "../../server/db/zone-store.js";
import { GEOMETRY_REASONS } from "../../server/domain/geometry-check.js";
import { expectError } from "../helpers/expect-error.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
let parkId: number;

beforeAll(async () => {
  t = await startTestApp();
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / expected;
const km2 = (geometry: Polygon) => geodesicAreaM2(geometry) / 1e6;

/** A municipal block of the given status in a park, through the API (the created feature). */
async function createInPark(parkId: number, geometry: Polygon, status: string) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: { type: "Feature", geometry, properties: { name: "s", parkId, level: "municipal", status } },
  });
  return response.json();
}

async function analyse(geometry: Geometry) {
  const response = await t.app.inject({ method: "POST", url: "/api/analysis", payload: { geometry } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function createBlock(geometry: Geometry, level: "national" | "municipal", status = "recognized") {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: { type: "Feature", geometry, properties: { name: `test ${level}`, parkId, level, status } },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function insertZone(
  code: string,
  kind: Parameters<ReturnType<typeof zoneStore>["insert"]>[0]["kind"],
  geometry: Geometry,
  attributes = {},
) {
  await zoneStore(t.db.knex).insert({ code, kind, name: code, nameEn: code, geometry, attributes });
}

describe("area", () => {
  const shapes: [string, Geometry][] = [
    ["a 20 m square", rectangle(116.4, 39.9, 116.40023, 39.90018)],
    ["a 1 km² block", rectangle(116.3, 40.0, 116.3118, 40.009)],
    ["a 2,000 km² rectangle", rectangle(116.0, 40.0, 116.5, 40.4)],
    [
      "a block with a hole",
      {
        type: "Polygon",
        coordinates: [
          rectangle(116.3, 40.0, 116.34, 40.03).coordinates[0],
          [
            [116.31, 40.01],
            [116.31, 40.02],
            [116.33, 40.02],
            [116.33, 40.01],
            [116.31, 40.01],
          ],
        ],
      },
    ],
    [
      "a two-part block",
      {
        type: "MultiPolygon",
        coordinates: [
          rectangle(116.3, 40.0, 116.31, 40.01).coordinates,
          rectangle(116.33, 40.0, 116.34, 40.012).coordinates,
        ],
      },
    ],
    ["a block crossing 115.5°E", rectangle(115.45, 40.0, 115.56, 40.05)],
  ];

  it.each(shapes)("%s: ellipsoidal area equals GeographicLib to 1e-9", async (_label, geometry) => {
    const result = await analyse(geometry);
    const expectedM2 = geodesicAreaM2(geometry as Polygon);
    expect(relative(result.areaKm2 * 1e6, expectedM2)).toBeLessThan(1e-9);
    expect(result.areaHectares).toBeCloseTo(result.areaKm2 * 100, 9);
    // The Gauss-Krüger plane area differs from the ellipsoidal one by the scale distortion: < 0.2% near Beijing.
    expect(relative(result.planarAreaKm2, result.areaKm2)).toBeLessThan(2e-3);
  });

  it("chooses the Gauss-Krüger zone by the centroid: 39 (117°E) in the city, 38 (114°E) west of 115.5°E", async () => {
    const city = await analyse(rectangle(116.3, 40.0, 116.31, 40.01));
    expect(city).toMatchObject({ gkZone: 39, centralMeridianDeg: 117, planarCrs: "EPSG:4548" });
    const west = await analyse(rectangle(115.42, 39.9, 115.48, 39.95));
    expect(west).toMatchObject({ gkZone: 38, centralMeridianDeg: 114, planarCrs: "EPSG:4547" });
  });

  it("counts parts, measures the perimeter and the gap between parts", async () => {
    // Two 0.01° squares 0.02° apart in longitude at 40°N: the gap is 0.02° of a parallel ≈ 1.707 km.
    const twoParts = {
      type: "MultiPolygon",
      coordinates: [
        rectangle(116.3, 40.0, 116.31, 40.01).coordinates,
        rectangle(116.33, 40.0, 116.34, 40.01).coordinates,
      ],
    } as Geometry;
    const result = await analyse(twoParts);
    expect(result.parts).toBe(2);
    expect(result.prechecks.maxGapKm).toBeGreaterThan(1.69);
    expect(result.prechecks.maxGapKm).toBeLessThan(1.72);
    // Perimeter of one 0.01° square at 40°N ≈ 2 × (0.853 + 1.110) km ≈ 3.93 km; two of them ≈ 7.85 km.
    expect(result.perimeterKm).toBeGreaterThan(7.8);
    expect(result.perimeterKm).toBeLessThan(7.9);
  });
});

describe("overlaps, known by construction", () => {
  it("reports a shared strip between two blocks with its area and both shares", async () => {
    const a = rectangle(117.2, 40.05, 117.22, 40.06);
    const strip = rectangle(117.215, 40.05, 117.22, 40.06);
    const target = await createBlock(a, "municipal", "candidate");
    const result = await analyse(rectangle(117.215, 40.05, 117.23, 40.06));
    const entry = result.overlaps.find(
      (o: { layer: string; id: number }) => o.layer === "block" && o.id === target.properties.id,
    );
    expect(relative(entry.overlapKm2, km2(strip))).toBeLessThan(1e-6);
    expect(entry.shareOfGeometry).toBeCloseTo(km2(strip) / km2(rectangle(117.215, 40.05, 117.23, 40.06)), 6);
    expect(entry.shareOfTarget).toBeCloseTo(km2(strip) / km2(a), 6);
  });

  it("reports zones it overlaps through their subdivided parts, exactly", async () => {
    // A 1,000-vertex zone (a circle-like polygon) so that it is subdivided; the query geometry covers a known box inside it.
    const ring = Array.from({ length: 1000 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 1000;
      return [117.35 + 0.05 * Math.cos(angle), 40.2 + 0.04 * Math.sin(angle)];
    });
    ring.push(ring[0]);
    await insertZone("test-big-zone", "municipal-development-zone", { type: "Polygon", coordinates: [ring] });
    const parts = await t.db
      .knex("zone_parts")
      .join("zones", "zones.id", "zone_parts.zone_id")
      .where("zones.code", "test-big-zone")
      .count("* as n");
    expect(Number(parts[0].n)).toBeGreaterThan(10);
    const inner = rectangle(117.33, 40.19, 117.37, 40.21);
    const result = await analyse(inner);
    const entry = result.overlaps.find((o: { name: string }) => o.name === "test-big-zone");
    // Summed over the zone's parts: the pieces add up to the whole to ~1e-8.
    expect(relative(entry.overlapKm2, km2(inner))).toBeLessThan(1e-7);
    expect(entry.shareOfGeometry).toBeCloseTo(1, 7);
  });

  it("splits a geometry inside / outside Zhongguancun and flags overlap with a national block", async () => {
    const probe = rectangle(117.1, 40.4, 117.12, 40.41);
    const before = await analyse(probe);
    await createBlock(rectangle(117.11, 40.4, 117.13, 40.41), "national");
    const after = await analyse(probe);
    const half = km2(rectangle(117.11, 40.4, 117.12, 40.41));
    expect(relative(after.zgc.insideKm2 - before.zgc.insideKm2, half)).toBeLessThan(1e-6);
    expect(after.zgc.insideKm2 + after.zgc.outsideKm2).toBeCloseTo(after.areaKm2, 9);
    expect(after.flags.map((f: { flag: string }) => f.flag)).toContain("overlaps-national-block");
  });

  it("excludes the block itself from its own analysis and adds the pre-checks", async () => {
    const block = await createBlock(rectangle(117.4, 40.45, 117.41, 40.46), "municipal", "candidate");
    const response = await t.app.inject({
      method: "GET",
      url: `/api/blocks/${block.properties.id}/analysis`,
    });
    const result = response.json();
    expect(
      result.overlaps.some(
        (o: { layer: string; id: number }) => o.layer === "block" && o.id === block.properties.id,
      ),
    ).toBe(false);
    expect(relative(result.areaKm2, block.properties.areaKm2)).toBeLessThan(1e-12);
    expect(result.prechecks.checks.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(["park-assigned", "parts", "part-gaps", "compactness", "eco-conservation-area"]),
    );
    // A square: Polsby-Popper π/4 ≈ 0.785 (its 0.01° sides differ by cos 40°: ≈ 0.77).
    expect(result.prechecks.compactness).toBeGreaterThan(0.74);
    expect(result.prechecks.compactness).toBeLessThan(0.79);
    expectError(await t.app.inject({ method: "GET", url: "/api/blocks/999999/analysis" }), 404, "not-found");
  });

  it("leaves the block being edited out of a drawn geometry's overlaps and Zhongguancun share", async () => {
    const outline = rectangle(117.8, 40.5, 117.81, 40.51);
    const national = await createBlock(outline, "national");
    const edited = rectangle(117.8, 40.5, 117.812, 40.51);
    const post = (body: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/api/analysis", payload: body });
    const plain = (await post({ geometry: edited })).json();
    expect(
      plain.overlaps.some(
        (o: { id: number; layer: string }) => o.layer === "block" && o.id === national.properties.id,
      ),
    ).toBe(true);
    expect(relative(plain.zgc.insideKm2, km2(outline))).toBeLessThan(1e-6);
    const excluded = (await post({ geometry: edited, excludeBlockId: national.properties.id })).json();
    expect(
      excluded.overlaps.some(
        (o: { id: number; layer: string }) => o.layer === "block" && o.id === national.properties.id,
      ),
    ).toBe(false);
    expect(excluded.zgc.insideKm2).toBe(0);
    // Refused by the route schema (it was "bad-property" from the route's own check).
    expectError(await post({ geometry: edited, excludeBlockId: "x" }), 400, "invalid-request");
  });

  it("refuses bad geometry with the same 400s as block writes", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/analysis",
      payload: { geometry: { type: "Point", coordinates: [116, 40] } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.reason).toBe(GEOMETRY_REASONS.notPolygon);
    expect((await t.app.inject({ method: "POST", url: "/api/analysis", payload: {} })).statusCode).toBe(400);
  });
});

describe("spatial composition (需要说明的是 四)", () => {
  it("under the demo's frozen baseline, new candidates leave the union alone and a declared range subtracts its part inside it", async () => {
    const get = async () => (await t.app.inject({ method: "GET", url: "/api/composition" })).json();
    const before = await get();
    expect(before.baseline).not.toBeNull();
    await createBlock(rectangle(117.45, 40.6, 117.47, 40.61), "municipal", "candidate");
    await createBlock(rectangle(117.46, 40.6, 117.48, 40.61), "municipal", "candidate");
    const added = await get();
    expect(added.unionKm2).toBe(before.unionKm2);
    expect(added.maxMunicipalKm2).toBe(before.maxMunicipalKm2);
    // The cap counts municipal blocks in force and applied for: two drafts do not use it up.
    expect(added.municipalBlocksKm2).toBe(before.municipalBlocksKm2);

    // Declared over a national block of the baseline (雍和, outside the demo's declared ranges): the maximum
    // loses that block's area.
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks?level=national" })).json();
    const yonghe = blocks.features.find(
      (block: { properties: { code: string } }) => block.properties.code === "dongcheng-yonghe",
    );
    await insertZone("test-declared", "declared-range", yonghe.geometry, {
      declaredAs: "national-high-tech",
    });
    const declared = await get();
    const yongheKm2 = geodesicAreaM2(yonghe.geometry) / 1e6;
    expect(relative(added.maxMunicipalKm2 - declared.maxMunicipalKm2, yongheKm2)).toBeLessThan(1e-6);
    expect(declared.unionKm2).toBeCloseTo(added.unionKm2, 9);
    const term = (key: string) => declared.terms.find((x: { key: string }) => x.key === key).areaKm2;
    expect(term("max-municipal")).toBeCloseTo(declared.maxMunicipalKm2, 12);
    // The declared ranges may overlap each other: subtracting both terms can only take away too much.
    expect(term("max-municipal")).toBeGreaterThanOrEqual(
      term("union") - term("declared-national-high-tech") - term("declared-national-etdz") - 1e-9,
    );
    expect(declared.exceedsMaximum).toBe(declared.municipalBlocksKm2 > declared.maxMunicipalKm2);
  });
});

describe("site check", () => {
  it("tells whether new manufacturing is allowed in the ecological conservation area", async () => {
    await insertZone("test-eco", "eco-conservation-area", rectangle(117.5, 40.7, 117.54, 40.72));
    await insertZone("test-mdz", "municipal-development-zone", rectangle(117.5, 40.7, 117.52, 40.72));
    const check = async (coordinates: number[]) =>
      (
        await t.app.inject({
          method: "POST",
          url: "/api/site-check",
          payload: { geometry: { type: "Point", coordinates } },
        })
      ).json();
    const inZone = await check([117.51, 40.71]);
    expect(inZone.facts).toMatchObject({ inEcoArea: true, inMunicipalDevelopmentZone: true });
    expect(inZone.newManufacturingAllowed).toBe(true);
    const outside = await check([117.53, 40.71]);
    expect(outside.facts.inEcoArea).toBe(true);
    expect(outside.zones.some((z: { name: string }) => z.name === "test-mdz")).toBe(false);
    // In the eco area but in no zone of municipal level or above: no new manufacturing, no policy.
    expect(outside).toMatchObject({
      insideMunicipalOrAboveZone: false,
      newManufacturingAllowed: false,
      policies: [],
    });
  });

  it("a site outside every zone and outside Zhongguancun: no zone, no block, no policy", async () => {
    // South-east of Beijing (Hebei): outside every demo layer.
    const point = (
      await t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: { type: "Point", coordinates: [118.6, 39.2] } },
      })
    ).json();
    expect(point).toMatchObject({ geometryType: "Point", zones: [], blocks: [], policies: [] });
    expect(Object.values(point.facts).every((fact) => fact === false)).toBe(true);
    expect(point).toMatchObject({ insideMunicipalOrAboveZone: false, newManufacturingAllowed: true });
    const parcel = (
      await t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: rectangle(118.6, 39.2, 118.61, 39.21) },
      })
    ).json();
    expect(parcel.shares.zgc).toBe(0);
    expect(parcel.facts).toMatchObject({ inZgc: false, inRecognizedMunicipalBlock: false, inEcoArea: false });
    expect(parcel.policies).toEqual([]);
  });

  it("finds the blocks containing a point and their policies", async () => {
    const national = await createBlock(rectangle(117.6, 40.8, 117.61, 40.81), "national");
    const result = (
      await t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: { type: "Point", coordinates: [117.605, 40.805] } },
      })
    ).json();
    expect(result.blocks.map((b: { id: number }) => b.id)).toContain(national.properties.id);
    expect(result.facts.inZgc).toBe(true);
    expect(result.policies).toContain("zgc-national-policies");
  });

  it("checks a parcel polygon by its shares", async () => {
    await createBlock(rectangle(117.62, 40.8, 117.64, 40.81), "municipal", "recognized");
    const result = (
      await t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: rectangle(117.625, 40.802, 117.63, 40.806) },
      })
    ).json();
    expect(result.shares.recognizedMunicipalBlock).toBeCloseTo(1, 6);
    expect(result.facts.inRecognizedMunicipalBlock).toBe(true);
    expect(result.policies).toContain("municipal-high-tech-zone-support");
    expect(result.policies).toContain("municipal-zgc-policies-only");
    // Half of the parcel sticks out of the block: not wholly inside, so no municipal support.
    const straddling = (
      await t.app.inject({
        method: "POST",
        url: "/api/site-check",
        payload: { geometry: rectangle(117.635, 40.802, 117.645, 40.806) },
      })
    ).json();
    expect(straddling.shares.recognizedMunicipalBlock).toBeGreaterThan(0.4);
    expect(straddling.shares.recognizedMunicipalBlock).toBeLessThan(0.6);
    expect(straddling.facts.inRecognizedMunicipalBlock).toBe(false);
    expect(straddling.policies).not.toContain("municipal-high-tech-zone-support");
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/site-check",
      payload: { geometry: { type: "Point", coordinates: [500, 40] } },
    });
    expectError(bad, 400, "invalid-geometry");
  });
});

describe("park shares (DOMAIN.md §4.5)", () => {
  it("gives every block in force its share of the park; under the in-force sum the shares sum to 1", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    for (const park of parks) {
      for (const basis of ["in-force-union", "in-force-sum"]) {
        const shares = (
          await t.app.inject({ method: "GET", url: `/api/parks/${park.id}/shares?parkAreaBasis=${basis}` })
        ).json();
        expect(shares.basis).toBe(basis);
        if (shares.blocks.length === 0) continue;
        const sum = shares.blocks.reduce((s: number, b: { shareOfPark: number }) => s + b.shareOfPark, 0);
        if (basis === "in-force-sum") expect(sum).toBeCloseTo(1, 12);
        else expect(sum).toBeGreaterThanOrEqual(1 - 1e-12);
        const total = shares.blocks.reduce((s: number, b: { areaKm2: number }) => s + b.areaKm2, 0);
        if (basis === "in-force-sum") expect(shares.parkAreaKm2).toBeCloseTo(total, 9);
        else expect(shares.parkAreaKm2).toBeLessThanOrEqual(total * (1 + 1e-12));
      }
    }
    expectError(await t.app.inject({ method: "GET", url: "/api/parks/99999/shares" }), 404, "not-found");
    expect(
      (await t.app.inject({ method: "GET", url: `/api/parks/${parks[0].id}/shares?parkAreaBasis=x` }))
        .statusCode,
    ).toBe(400);
  });

  it("puts a constructed block's share in its analysis: a known area over a known park total", async () => {
    const [{ id: testParkId }] = await t.db
      .knex("parks")
      .insert({ code: "share-test", name: "占比测试园", name_en: "Share test", district: "—", category: "B" })
      .returning("id");
    const create = (geometry: Polygon, status = "candidate") => createInPark(testParkId, geometry, status);
    const small = rectangle(117.7, 40.9, 117.71, 40.91);
    const large = rectangle(117.72, 40.9, 117.75, 40.91);
    // A draft's share: its area over the park's blocks in force plus itself (the large block is in force).
    const block = await create(small);
    await create(large, "recognized");
    const analysis = (
      await t.app.inject({ method: "GET", url: `/api/blocks/${block.properties.id}/analysis` })
    ).json();
    const expected = geodesicAreaM2(small) / (geodesicAreaM2(small) + geodesicAreaM2(large));
    expect(analysis.park.id).toBe(testParkId);
    expect(analysis.park.shareOfPark).toBeCloseTo(expected, 9);
  });

  it("gives a block in force its share of the kept park union, and of the official area once one is entered", async () => {
    const [{ id: parkId }] = await t.db
      .knex("parks")
      .insert({ code: "share-kept", name: "占比保留园", name_en: "Kept share", district: "—", category: "B" })
      .returning("id");
    const create = async (geometry: Polygon) =>
      (await createInPark(parkId, geometry, "recognized")).properties.id as number;
    // Two blocks in force overlapping by 0.01° of longitude: the union counts the shared strip once.
    const west = rectangle(117.8, 40.9, 117.82, 40.91);
    const east = rectangle(117.81, 40.9, 117.84, 40.91);
    const id = await create(west);
    await create(east);
    const unionM2 = geodesicAreaM2(rectangle(117.8, 40.9, 117.84, 40.91));
    const share = async () =>
      (await t.app.inject({ method: "GET", url: `/api/blocks/${id}/analysis` })).json().park;
    // The first read rebuilds the kept union, the second reads it in the block's own query: the same answer.
    // (The union's extra vertices where the outlines cross move its area by ~0.04 m²: to 0.5 m².)
    const [first, second] = [await share(), await share()];
    expect(second).toEqual(first);
    expect(first.basis).toBe("in-force-union");
    expect(first.areaKm2).toBeCloseTo(unionM2 / 1e6, 6);
    expect(first.shareOfPark).toBeCloseTo(geodesicAreaM2(west) / unionM2, 6);
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/parks/${parkId}/official-area`,
      payload: { areaKm2: 2, approvalReference: "京政函〔2024〕9号（测试）", approvedOn: "2024-05-20" },
    });
    expect(put.statusCode).toBe(200);
    const official = await share();
    expect(official.basis).toBe("official");
    expect(official.areaKm2).toBe(2);
    expect(official.shareOfPark).toBeCloseTo(geodesicAreaM2(west) / 1e6 / 2, 12);
  });
});
