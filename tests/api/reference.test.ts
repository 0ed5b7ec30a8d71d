import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneStore } from "../../server/db/zone-store.js";
import { expectError } from "../helpers/expect-error.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("health, parks and reference layers", () => {
  it("reports the database in use and the PostGIS version", async () => {
    const health = (await t.app.inject({ method: "GET", url: "/api/health" })).json();
    expect(health.status).toBe("ok");
    expect(health.database).toBe(process.env.DATABASE_URL ? "postgresql" : "pglite");
    expect(health.postgis).toMatch(/^3\.\d+/);
  });

  it("lists the 16 sub-parks, seven of them in category A, with the area of their live blocks", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    expect(parks).toHaveLength(16);
    expect(parks.filter((p: { category: string }) => p.category === "A")).toHaveLength(7);
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json().features;
    for (const park of parks) {
      const live = blocks.filter(
        (b: { properties: { parkId: number; status: string } }) =>
          b.properties.parkId === park.id && !["exited", "withdrawn"].includes(b.properties.status),
      );
      const sum = live.reduce(
        (s: number, b: { properties: { areaKm2: number } }) => s + b.properties.areaKm2,
        0,
      );
      expect(park.areaKm2).toBeCloseTo(sum, 9);
    }
  });

  it("serves every reference layer as a FeatureCollection, 404 for an unknown one", async () => {
    const layers = (await t.app.inject({ method: "GET", url: "/api/layers" })).json();
    expect(layers.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([
        "district",
        "zgc",
        "etdz",
        "eco-conservation-area",
        "municipal-development-zone",
      ]),
    );
    const districts = (await t.app.inject({ method: "GET", url: "/api/layers/district" })).json();
    expect(districts.features).toHaveLength(16);
    const zgc = (await t.app.inject({ method: "GET", url: "/api/layers/zgc" })).json();
    expect(zgc.features).toHaveLength(1);
    expect(zgc.features[0].properties.areaKm2).toBeGreaterThan(0);
    expectError(await t.app.inject({ method: "GET", url: "/api/layers/nowhere" }), 404, "not-found");
  });

  it("sends one label point per zone of a layer, inside the zone, with its names (GET /api/layers/:id/labels)", async () => {
    const labelsOf = async (layer: string) => {
      const response = await t.app.inject({ method: "GET", url: `/api/layers/${layer}/labels` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as {
        type: string;
        features: {
          id: number;
          geometry: { type: string; coordinates: [number, number] };
          properties: { id: number; name: string; nameEn: string };
        }[];
      };
    };
    const districts = await labelsOf("district");
    expect(districts.type).toBe("FeatureCollection");
    const rows = await t.db
      .knex("zones")
      .select("id", "name", "name_en")
      .where({ kind: "district" })
      .orderBy("id");
    expect(rows).toHaveLength(16);
    expect(districts.features.map((f) => f.properties)).toEqual(
      rows.map((row) => ({ id: row.id, name: row.name, nameEn: row.name_en })),
    );
    for (const label of districts.features) {
      expect(label.id).toBe(label.properties.id);
      expect(label.geometry.type).toBe("Point");
      const inside = await t.db.knex.raw(
        "select ST_Covers(geom, ST_SetSRID(ST_MakePoint(?, ?), 4490)) as inside from zones where id = ?",
        [...label.geometry.coordinates, label.id],
      );
      expect(inside.rows[0].inside, label.properties.name).toBe(true);
    }
    // A zone added later is labelled at once, at the centre of its largest inscribed circle: a 0.02° × 0.01°
    // rectangle's touches its long sides, so the point is on the mid-latitude.
    const before = (await labelsOf("district-development-zone")).features.length;
    await zoneStore(t.db.knex).insert({
      code: "label-test",
      kind: "district-development-zone",
      name: "标注测试区",
      nameEn: "Label test zone",
      geometry: rectangle(116.7, 40.7, 116.72, 40.71),
    });
    const after = await labelsOf("district-development-zone");
    expect(after.features).toHaveLength(before + 1);
    const added = after.features.find((f) => f.properties.name === "标注测试区");
    const [lng, lat] = added?.geometry.coordinates ?? [Number.NaN, Number.NaN];
    expect(lng).toBeGreaterThan(116.7);
    expect(lng).toBeLessThan(116.72);
    expect(Math.abs(lat - 40.705)).toBeLessThan(1e-4);
    expect(added?.properties.nameEn).toBe("Label test zone");
    // The derived Zhongguancun layer has no zones to label; an unknown layer is not found.
    expectError(await t.app.inject({ method: "GET", url: "/api/layers/zgc/labels" }), 404, "not-found");
    expectError(await t.app.inject({ method: "GET", url: "/api/layers/nowhere/labels" }), 404, "not-found");
  });

  it("sends the Zhongguancun layer as JSON: the union of the national blocks in force, with its area", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/layers/zgc" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
    const layer = JSON.parse(response.body);
    expect(layer.type).toBe("FeatureCollection");
    const [zgc] = layer.features;
    expect(zgc).toMatchObject({
      type: "Feature",
      id: "zgc",
      properties: { id: "zgc", kind: "zgc", name: "中关村示范区" },
    });
    expect(zgc.geometry.type).toBe("MultiPolygon");
    // The test's own union of the national blocks in force: the same land (symmetric difference ~0) and area.
    const row = (
      await t.db.knex.raw(
        `select ST_Area(ST_SymDifference(g, u)::geography) as apart_m2, ST_Area(u::geography) as area_m2
           from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as g,
                        (select ST_Union(geom) from blocks where level = 'national'
                            and status not in ('exited', 'withdrawn')) as u) s`,
        [JSON.stringify(zgc.geometry)],
      )
    ).rows[0];
    expect(Number(row.apart_m2)).toBeLessThan(1);
    expect(zgc.properties.areaKm2).toBeCloseTo(Number(row.area_m2) / 1e6, 6);
    expect(zgc.properties.areaHectares).toBeCloseTo(Number(row.area_m2) / 1e4, 4);
  });

  it("sends the kept layer again only until a national block is written: then the new union", async () => {
    const areaKm2 = async () =>
      (await t.app.inject({ method: "GET", url: "/api/layers/zgc" })).json().features[0].properties.areaKm2;
    const before = await areaKm2();
    expect(await areaKm2()).toBe(before);
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    // A national block far from the others (0.01° × 0.01° at 41.05°N): the union grows by its area.
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(117.4, 41.05, 117.41, 41.06),
        properties: { name: "示范区缓存测试", parkId: parks[0].id, level: "national", status: "recognized" },
      },
    });
    expect(created.statusCode).toBe(201);
    const addedKm2 = created.json().properties.areaKm2;
    expect(await areaKm2()).toBeCloseTo(before + addedKm2, 6);
  });
});
