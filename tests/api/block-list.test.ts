import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlock, createPark } from "../exit/exit-fixtures.js";
import { expectError } from "../helpers/expect-error.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * GET /api/blocks at scale (issue #16 item 5): box, text, pages, fields, precision, and 400s naming the bad
 * value; GET /api/blocks/counts from one group by. Blocks of a park made here, far from the demo data.
 */
let t: TestApp;
let parkId: number;
let ids: { west: number; east: number; named: number };
beforeAll(async () => {
  t = await startTestApp();
  parkId = await createPark(t, "list");
  const west = await createBlock(t, parkId, rectangle(117.301, 40.801, 117.311, 40.811), {
    name: "西侧区块",
  });
  const east = await createBlock(t, parkId, rectangle(117.401, 40.801, 117.411, 40.811), {
    name: "东侧区块",
    status: "candidate",
  });
  const named = await createBlock(t, parkId, rectangle(117.501, 40.801, 117.511, 40.811), {
    name: "百分之100%区块",
    code: "LIST_Q_1",
    status: "recognized",
  });
  ids = { west: west.id, east: east.id, named: named.id };
});
afterAll(async () => t?.close());

async function list(query: string) {
  const response = await t.app.inject({ method: "GET", url: `/api/blocks?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    features: {
      id: number;
      geometry: { coordinates: Position[][][] } | null;
      properties: Record<string, unknown>;
    }[];
    nextCursor: number | null;
  };
}

const idsOf = (page: { features: { id: number }[] }) => page.features.map((feature) => feature.id);

describe("GET /api/blocks", () => {
  it("without options lists every block with its geometry, in one page", async () => {
    const all = await list("");
    const [{ count }] = await t.db.knex("blocks").count("* as count");
    expect(all.features).toHaveLength(Number(count));
    expect(all.nextCursor).toBeNull();
    expect(all.features[0].geometry?.coordinates.length).toBeGreaterThan(0);
  });

  it("filters by a box (blocks that intersect it)", async () => {
    expect(idsOf(await list(`park=${parkId}&bbox=117.3,40.8,117.35,40.85`))).toEqual([ids.west]);
    expect(idsOf(await list(`park=${parkId}&bbox=117.305,40.805,117.405,40.806`))).toEqual([
      ids.west,
      ids.east,
    ]);
    expect(idsOf(await list("bbox=117.2,40.7,117.25,40.75"))).toEqual([]);
  });

  it("searches name, code and sub-park name, % as itself", async () => {
    expect(idsOf(await list(`q=${encodeURIComponent("测试分园 list")}`))).toEqual([
      ids.west,
      ids.east,
      ids.named,
    ]);
    expect(idsOf(await list(`q=${encodeURIComponent("东侧")}`))).toEqual([ids.east]);
    expect(idsOf(await list("q=list_q"))).toEqual([ids.named]);
    expect(idsOf(await list(`q=${encodeURIComponent("0%")}`))).toEqual([ids.named]);
    expect(idsOf(await list(`park=${parkId}&q=${encodeURIComponent("_")}`))).toEqual([ids.named]);
  });

  it("pages by id with limit and cursor", async () => {
    const first = await list(`park=${parkId}&limit=2`);
    expect(idsOf(first)).toEqual([ids.west, ids.east]);
    expect(first.nextCursor).toBe(ids.east);
    const second = await list(`park=${parkId}&limit=2&cursor=${first.nextCursor}`);
    expect(idsOf(second)).toEqual([ids.named]);
    expect(second.nextCursor).toBeNull();
  });

  it("returns only the fields asked for, and coordinates to the decimals asked for", async () => {
    const named = await list(`park=${parkId}&fields=name,status`);
    expect(named.features[0]).toEqual({
      type: "Feature",
      id: ids.west,
      geometry: null,
      properties: { id: ids.west, name: "西侧区块", status: "rectifying" },
    });
    const coarse = await list(`park=${parkId}&fields=geometry&precision=2`);
    const ring = coarse.features[0].geometry?.coordinates[0][0] ?? [];
    expect(ring).toContainEqual([117.3, 40.8]);
    for (const [lng, lat] of ring) {
      expect(Math.round(lng * 100) / 100).toBe(lng);
      expect(Math.round(lat * 100) / 100).toBe(lat);
    }
    expect(coarse.features[0].properties).toEqual({ id: ids.west });
  });

  it("gives every field the value GET /api/blocks/:id gives (the list's JSON is built in the database)", async () => {
    const all = await list(`ids=${ids.named}`);
    const one = await t.app.inject({ method: "GET", url: `/api/blocks/${ids.named}` });
    expect(one.statusCode, one.body).toBe(200);
    const feature = one.json();
    expect(all.features).toEqual([
      { type: "Feature", id: ids.named, geometry: feature.geometry, properties: feature.properties },
    ]);
    expect(Object.keys(all.features[0].properties)).toEqual(Object.keys(feature.properties));
  });

  it.each([
    ["bbox=117,40,118", "invalid-request"],
    ["bbox=118,40,117,41", "bad-bbox"],
    ["bbox=117,41,118,40", "bad-bbox"],
    ["bbox=117,40,118,95", "bad-bbox"],
    ["bbox=190,40,191,41", "bad-bbox"],
    ["limit=0", "invalid-request"],
    ["limit=5001", "invalid-request"],
    ["limit=1e3", "invalid-request"],
    ["cursor=0", "invalid-request"],
    ["fields=name,password", "invalid-request"],
    ["precision=10", "invalid-request"],
    ["q=", "invalid-request"],
  ])("refuses %s with 400 %s", async (query, code) => {
    const response = await t.app.inject({ method: "GET", url: `/api/blocks?${query}` });
    expectError(response, 400, code);
  });
});

describe("GET /api/blocks/counts", () => {
  it("counts one park's blocks by level and status", async () => {
    const response = await t.app.inject({ method: "GET", url: `/api/blocks/counts?park=${parkId}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      total: 3,
      byLevel: { municipal: 3, national: 0 },
      byStatus: { rectifying: 1, candidate: 1, recognized: 1, exited: 0 },
    });
  });

  it("counts every block: the totals of the full list", async () => {
    const all = await list("fields=level,status");
    const counts = (await t.app.inject({ method: "GET", url: "/api/blocks/counts" })).json();
    expect(counts.total).toBe(all.features.length);
    const national = all.features.filter((feature) => feature.properties.level === "national").length;
    expect(counts.byLevel.national).toBe(national);
    const recognized = all.features.filter((feature) => feature.properties.status === "recognized").length;
    expect(counts.byStatus.recognized).toBe(recognized);
  });
});

describe("GET /api/blocks?ids= and GET /api/blocks/extent", () => {
  it("lists only the blocks asked for by id", async () => {
    const page = await list(`ids=${ids.east},${ids.west}&fields=name`);
    expect(page.features.map((feature) => feature.id)).toEqual([ids.west, ids.east]);
  });

  it("answers the box around a park's blocks, or some ids, with their count", async () => {
    const extent = async (query: string) => {
      const response = await t.app.inject({ method: "GET", url: `/api/blocks/extent?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { count: number; bbox: number[] | null };
    };
    const park = await extent(`park=${parkId}`);
    expect(park.count).toBe(3);
    const expected = [117.301, 40.801, 117.511, 40.811];
    for (const [i, value] of expected.entries()) expect(park.bbox?.[i]).toBeCloseTo(value, 9);
    const one = await extent(`ids=${ids.east}`);
    expect(one.count).toBe(1);
    for (const [i, value] of [117.401, 40.801, 117.411, 40.811].entries())
      expect(one.bbox?.[i]).toBeCloseTo(value, 9);
    expect(await extent(`park=${parkId}&status=exited`)).toEqual({ count: 0, bbox: null });
  });

  it.each([
    ["ids=0", "invalid-request"],
    ["ids=1,,2", "invalid-request"],
    ["ids=9999999999", "invalid-request"],
  ])("refuses %s with 400 %s", async (query, code) => {
    expectError(await t.app.inject({ method: "GET", url: `/api/blocks/extent?${query}` }), 400, code);
    expectError(await t.app.inject({ method: "GET", url: `/api/blocks?${query}` }), 400, code);
  });
});

describe("compressed responses", () => {
  it.each([
    ["br", brotliDecompressSync],
    ["gzip", gunzipSync],
  ] as const)(
    "a client accepting %s gets the block list compressed, the same JSON inside",
    async (encoding, inflate) => {
      const plain = await t.app.inject({ method: "GET", url: "/api/blocks" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      const packed = await t.app.inject({
        method: "GET",
        url: "/api/blocks",
        headers: { "accept-encoding": encoding },
      });
      expect(packed.statusCode).toBe(200);
      expect(packed.headers["content-encoding"]).toBe(encoding);
      expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(inflate(packed.rawPayload).toString("utf8"))).toEqual(plain.json());
    },
  );
});
