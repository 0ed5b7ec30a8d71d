import { VectorTile, type VectorTileFeature } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectGoldenJson, goldenInputs, readGeoJson } from "../helpers/golden.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Tiles: the blocks of an input file are created, then the tile named by the file's `tile: [z, x, y]` is
 * decoded (out/*.json): per layer, each feature's properties (without database ids), geometry type and
 * bounding box in tile units. PostgreSQL renders with ST_AsMVT and PGlite with the Node tiler: the boxes may
 * differ by a unit or two of the 4096 grid, everything else must be equal.
 */
let t: TestApp;
let parkIdOf: Map<string, number>;
beforeAll(async () => {
  t = await startTestApp();
  const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
  parkIdOf = new Map(parks.map((park: { code: string; id: number }) => [park.code, park.id]));
});
afterAll(async () => t?.close());

const GEOMETRY_TYPES = ["Unknown", "Point", "LineString", "Polygon"];

function described(feature: VectorTileFeature) {
  const { id: _id, parkId: _parkId, ...properties } = feature.properties;
  const points = feature.loadGeometry().flat();
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  return {
    properties,
    type: GEOMETRY_TYPES[feature.type],
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  };
}

function decodedLayers(body: Buffer) {
  const tile = new VectorTile(new PbfReader(body));
  return Object.fromEntries(
    Object.keys(tile.layers)
      .sort()
      .map((name) => {
        const layer = tile.layers[name];
        const features = Array.from({ length: layer.length }, (_, i) => described(layer.feature(i)));
        const key = (feature: ReturnType<typeof described>) => JSON.stringify(feature.properties);
        return [
          name,
          { extent: layer.extent, features: features.sort((a, b) => key(a).localeCompare(key(b))) },
        ];
      }),
  );
}

describe("golden tiles", () => {
  for (const { name, file } of goldenInputs("tiles")) {
    it(name, async () => {
      const input = readGeoJson(file) as ReturnType<typeof readGeoJson> & { tile: [number, number, number] };
      for (const feature of input.features) {
        const { parkCode, ...properties } = feature.properties as Record<string, unknown>;
        const created = await t.app.inject({
          method: "POST",
          url: "/api/blocks",
          payload: { ...feature, properties: { ...properties, parkId: parkIdOf.get(String(parkCode)) } },
        });
        expect(created.statusCode).toBe(201);
      }
      const [z, x, y] = input.tile;
      const response = await t.app.inject({ method: "GET", url: `/api/tiles/${z}/${x}/${y}.pbf` });
      expect(response.statusCode).toBe(200);
      expectGoldenJson("tiles", name, decodedLayers(response.rawPayload), {
        bbox: { absolute: 2 },
        areaKm2: { relative: 1e-9 },
      });
    });
  }
});
