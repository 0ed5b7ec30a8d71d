import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** The XYZ tile (Web Mercator) containing a lon/lat at zoom z. */
function tileOf(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const latRad = (lat * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return [z, x, y];
}

async function getTile([z, x, y]: [number, number, number], headers: Record<string, string> = {}) {
  return t.app.inject({ method: "GET", url: `/api/tiles/${z}/${x}/${y}.pbf`, headers });
}

function decode(body: Buffer) {
  const tile = new VectorTile(new PbfReader(body));
  const layer = (name: string) => {
    const found = tile.layers[name];
    return found ? Array.from({ length: found.length }, (_, i) => found.feature(i)) : [];
  };
  return { blocks: layer("blocks"), zones: layer("zones"), extent: tile.layers.blocks?.extent };
}

describe("vector tiles", () => {
  it("serves a valid MVT with blocks and zones and their properties", async () => {
    const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks?level=national" })).json().features;
    const [lng, lat] = blocks[0].geometry.coordinates[0][0][0];
    const response = await getTile(tileOf(lng, lat, 10));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/vnd.mapbox-vector-tile");
    const tile = decode(response.rawPayload);
    expect(tile.extent).toBe(4096);
    const ids = tile.blocks.map((feature) => feature.properties.id);
    expect(ids).toContain(blocks[0].properties.id);
    const ours = tile.blocks.find((feature) => feature.properties.id === blocks[0].properties.id);
    expect(ours?.properties).toMatchObject({ level: "national", name: blocks[0].properties.name });
    expect(ours?.type).toBe(3); // polygon
    expect(tile.zones.some((feature) => feature.properties.kind === "district")).toBe(true);
  });

  it("is fresh right after an edit: new ETag, new block in the tile; 304 while unchanged", async () => {
    const geometry = rectangle(116.9, 40.55, 116.91, 40.56);
    const address = tileOf(116.905, 40.555, 12);
    const before = await getTile(address);
    expect((await getTile(address, { "if-none-match": before.headers.etag as string })).statusCode).toBe(304);
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry,
        properties: { name: "瓦片测试", parkId: parks[0].id, level: "municipal" },
      },
    });
    const after = await getTile(address, { "if-none-match": before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(decode(after.rawPayload).blocks.map((f) => f.properties.id)).toContain(
      created.json().properties.id,
    );
    const version = (await t.app.inject({ method: "GET", url: "/api/tiles/version" })).json().version;
    expect(`"${version}"`).toBe(after.headers.etag);
  });

  it("answers 404 for tiles that cannot exist", async () => {
    for (const url of [
      "/api/tiles/3/8/0.pbf",
      "/api/tiles/-1/0/0.pbf",
      "/api/tiles/30/0/0.pbf",
      "/api/tiles/a/b/c.pbf",
    ]) {
      expect((await t.app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    }
  });
});
