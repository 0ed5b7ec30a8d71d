import { brotliDecompressSync } from "node:zlib";
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
  return {
    blocks: layer("blocks"),
    zones: layer("zones"),
    labels: layer("block-labels"),
    points: layer("blocks-point"),
    zgc: layer("zgc"),
    extent: tile.layers.blocks?.extent,
  };
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
    // The ETag is the tile's content hash: the same bytes, the same tag.
    const again = await getTile(address, { "if-none-match": after.headers.etag as string });
    expect(again.statusCode).toBe(304);
  });

  it("bumps the data version with every block write, and a tile far from the edit keeps its ETag", async () => {
    const version = async () =>
      (await t.app.inject({ method: "GET", url: "/api/tiles/version" })).json().version as string;
    const far = tileOf(116.2, 39.95, 12);
    const farBefore = await getTile(far);
    const before = await version();
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(116.95, 40.6, 116.96, 40.61),
        properties: { name: "版本测试", parkId: parks[0].id, level: "municipal" },
      },
    });
    expect(created.statusCode).toBe(201);
    const afterCreate = await version();
    expect(afterCreate).not.toBe(before);
    const farAfter = await getTile(far, { "if-none-match": farBefore.headers.etag as string });
    expect(farAfter.statusCode).toBe(farBefore.statusCode === 204 ? 204 : 304);
  });

  it("shows a moved block in its new place and no longer in the old one (the embedded index is updated)", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    const oldAddress = tileOf(116.805, 40.655, 14);
    const newAddress = tileOf(116.855, 40.655, 14);
    const created = (
      await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: {
          type: "Feature",
          geometry: rectangle(116.8, 40.65, 116.81, 40.66),
          properties: { name: "移动测试", parkId: parks[0].id, level: "municipal" },
        },
      })
    ).json();
    const id = created.properties.id;
    const ids = async (address: [number, number, number]) => {
      const response = await getTile(address);
      return response.statusCode === 204
        ? []
        : decode(response.rawPayload).blocks.map((f) => f.properties.id);
    };
    expect(await ids(oldAddress)).toContain(id);
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": `"${created.properties.version}"` },
      payload: { type: "Feature", geometry: rectangle(116.85, 40.65, 116.86, 40.66), properties: {} },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await ids(oldAddress)).not.toContain(id);
    expect(await ids(newAddress)).toContain(id);
  });

  it("carries one label point per block from zoom 9, once the block is 64 px wide (labelMinZoom)", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    // 0.02° wide: 0.02 / 360 × 512 × 2^z px, 64 px at z = log2(2250) ≈ 11.1: labelMinZoom 11 (the whole zoom).
    const created = (
      await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: {
          type: "Feature",
          geometry: rectangle(116.7, 40.7, 116.72, 40.71),
          properties: { name: "标注测试", parkId: parks[0].id, level: "municipal" },
        },
      })
    ).json();
    const id = created.properties.id;
    const labelsAt = async (z: number) => {
      const response = await getTile(tileOf(116.71, 40.705, z));
      return response.statusCode === 204
        ? []
        : decode(response.rawPayload).labels.filter((f) => f.properties.id === id);
    };
    const [label] = await labelsAt(14);
    expect(label?.type).toBe(1); // point
    expect(label?.properties).toMatchObject({ name: "标注测试", status: "candidate", labelMinZoom: 11 });
    // Inside the block: the point of a z14 tile, back to lon/lat.
    const [, x, y] = tileOf(116.71, 40.705, 14);
    const point = label.toGeoJSON(x, y, 14).geometry as { coordinates: number[] };
    const [lng, lat] = point.coordinates;
    expect(lng).toBeGreaterThan(116.7);
    expect(lng).toBeLessThan(116.72);
    expect(lat).toBeGreaterThan(40.7);
    expect(lat).toBeLessThan(40.71);
    // The largest circle inscribed in the 0.02° × 0.01° rectangle touches its long sides: on the mid-latitude.
    expect(Math.abs(lat - 40.705)).toBeLessThan(1e-4);
    // The tiles read the Web-Mercator copy the write trigger keeps (migration 20261202_03): the same point.
    const kept = await t.db.knex.raw(
      "select ST_Distance(ST_Transform(label_point, 3857), label_point_mercator) as m from blocks where id = ?",
      [id],
    );
    expect(Number(kept.rows[0].m)).toBeLessThan(1e-6);
    expect(await labelsAt(10)).toHaveLength(1); // drawn from zoom 11, in the z10 tile (used up to zoom 11)
    expect(await labelsAt(9)).toHaveLength(0);
    expect(await labelsAt(8)).toHaveLength(0);
  });

  it("simplifies outlines below zoom 12 to half a pixel, and keeps every vertex from zoom 12", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    // The south edge wiggles: every other of its 40 vertices 0.0002° north of the line (≈ 22 m on the ground,
    // 1.5 tile units at zoom 9, 12 at zoom 12). Half a pixel at zoom 9 is 4 units: the wiggle goes.
    const [west, east, south, north] = [116.6, 116.62, 40.6, 40.61];
    const edge = Array.from({ length: 40 }, (_, i) => [
      west + ((east - west) * (i + 1)) / 41,
      south + (i % 2 === 0 ? 0.0002 : 0),
    ]);
    const ring = [[west, south], ...edge, [east, south], [east, north], [west, north], [west, south]];
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: { type: "Polygon", coordinates: [ring] },
        properties: { name: "简化测试", parkId: parks[0].id, level: "municipal" },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().properties.id;
    const verticesAt = async (z: number) => {
      const response = await getTile(tileOf(116.61, 40.605, z));
      expect(response.statusCode).toBe(200);
      const feature = decode(response.rawPayload).blocks.find((f) => f.id === id);
      expect(feature, `block in the z${z} tile`).toBeDefined();
      return feature?.loadGeometry().reduce((sum, part) => sum + part.length, 0) ?? 0;
    };
    expect(await verticesAt(12)).toBeGreaterThanOrEqual(44);
    expect(await verticesAt(9)).toBeLessThanOrEqual(6);
  });

  it("sends blocks under 4 px as points below zoom 10, with only the style's properties (issue #16)", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    const create = async (name: string, geometry: ReturnType<typeof rectangle>, level = "municipal") => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: { type: "Feature", geometry, properties: { name, parkId: parks[0].id, level } },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().properties.id as number;
    };
    // On a 512-px tile a block w degrees wide is w / 360 × 512 × 2^z px: 0.001° is 0.36 px at zoom 8 and 1.4 px
    // at zoom 10; 0.02° is 7.3 px at zoom 8.
    const small = await create("小区块", rectangle(116.8, 40.8, 116.801, 40.8008));
    const large = await create("大区块", rectangle(116.81, 40.8, 116.83, 40.81));
    // West of the small one, in the same 2-px cell of the z8 tile (POINT_CELL_PX): a smaller block of the same
    // level and status (its dot is thinned out, under the small one's) and one of another level (kept).
    const tinier = await create("更小区块", rectangle(116.7985, 40.8002, 116.7989, 40.8006));
    const national = await create(
      "国家级小区块",
      rectangle(116.7992, 40.8002, 116.7996, 40.8006),
      "national",
    );
    const at = async (z: number) => {
      const response = await getTile(tileOf(116.805, 40.805, z));
      expect(response.statusCode).toBe(200);
      return decode(response.rawPayload);
    };
    const z8 = await at(8);
    // An overview feature's block id is its MVT feature id, not a property.
    expect(z8.blocks.some((feature) => feature.id === small)).toBe(false);
    const [point] = z8.points.filter((feature) => feature.id === small);
    expect(point?.type).toBe(1); // point
    expect(Object.keys(point.properties).sort()).toEqual(["level", "status"]);
    expect(point.properties).toMatchObject({ level: "municipal", status: "candidate" });
    // The point is the block's label point: inside its 0.001° × 0.0008° rectangle.
    const [, x8, y8] = tileOf(116.805, 40.805, 8);
    const [lng, lat] = (point.toGeoJSON(x8, y8, 8).geometry as { coordinates: number[] }).coordinates;
    expect(lng).toBeGreaterThan(116.8 - 0.001);
    expect(lng).toBeLessThan(116.801 + 0.001);
    expect(lat).toBeGreaterThan(40.8 - 0.001);
    expect(lat).toBeLessThan(40.8008 + 0.001);
    const polygon = z8.blocks.find((feature) => feature.id === large);
    expect(polygon?.type).toBe(3);
    expect(Object.keys(polygon?.properties ?? {}).sort()).toEqual(["level", "status"]);
    expect(z8.points.some((feature) => feature.id === large)).toBe(false);
    // One dot per cell and (level, status): the larger block's stands for the smaller one beside it.
    expect(z8.points.some((feature) => feature.id === tinier)).toBe(false);
    expect(z8.points.find((feature) => feature.id === national)?.properties.level).toBe("national");
    expect(z8.blocks.every((feature) => feature.properties.name === undefined)).toBe(true);
    // Vector tiles are compressed like JSON for a client that accepts it.
    const compressed = await getTile(tileOf(116.805, 40.805, 8), { "accept-encoding": "br" });
    expect(compressed.headers["content-encoding"]).toBe("br");
    expect(decode(brotliDecompressSync(compressed.rawPayload)).points.length).toBe(z8.points.length);
    // From zoom 10 every block is its polygon with all its properties again, and no tile has points.
    const z10 = await at(10);
    expect(z10.points).toHaveLength(0);
    expect(z10.blocks.some((feature) => feature.id === tinier)).toBe(true);
    expect(z10.blocks.find((feature) => feature.id === small)?.properties).toMatchObject({
      id: small,
      name: "小区块",
      level: "municipal",
    });
  });

  it("carries the Zhongguancun range (the kept union of the national blocks) in its own layer, fresh after a write", async () => {
    const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
    // North of Miyun, where the demo data has no national block.
    const [west, south, east, north] = [117.1, 40.95, 117.14, 40.97];
    const address = tileOf(117.12, 40.96, 12);
    const zgcAt = async (where: [number, number, number]) => {
      const response = await getTile(where);
      return response.statusCode === 204 ? [] : decode(response.rawPayload).zgc;
    };
    expect(await zgcAt(address)).toHaveLength(0);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(west, south, east, north),
        properties: { name: "示范区瓦片测试", parkId: parks[0].id, level: "national" },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const [range] = await zgcAt(address);
    expect(range?.type).toBe(3); // polygon
    expect(range?.properties).toEqual({ kind: "zgc", name: "中关村示范区" });
    // Back to lon/lat: the range there is the new block's rectangle.
    const [, x, y] = address;
    const ring = (range.toGeoJSON(x, y, 12).geometry as { coordinates: number[][][] }).coordinates[0];
    const lngs = ring.map(([lng]) => lng);
    const lats = ring.map(([, lat]) => lat);
    expect(Math.min(...lngs)).toBeCloseTo(west, 4);
    expect(Math.max(...lngs)).toBeCloseTo(east, 4);
    expect(Math.min(...lats)).toBeCloseTo(south, 4);
    expect(Math.max(...lats)).toBeCloseTo(north, 4);
    // The first view's overview tiles (the whole city) draw the range too.
    expect((await zgcAt(tileOf(116.4, 39.9, 7))).length).toBe(1);
    // Moved away, the block takes the range with it.
    const moved = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${created.json().properties.id}`,
      headers: { "if-match": `"${created.json().properties.version}"` },
      payload: { type: "Feature", geometry: rectangle(117.2, 40.95, 117.24, 40.97), properties: {} },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await zgcAt(address)).toHaveLength(0);
    expect(await zgcAt(tileOf(117.22, 40.96, 12))).toHaveLength(1);
  });

  it("answers 204 for a tile with nothing in it", async () => {
    // Far west of Beijing, over Xinjiang: no block and no zone.
    const response = await getTile(tileOf(80.5, 40.5, 12));
    expect(response.statusCode).toBe(204);
    expect(response.rawPayload.length).toBe(0);
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
