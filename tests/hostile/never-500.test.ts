import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";
import { stateChecksum } from "./state-checksum.js";
import { startHostileApp } from "./suite-meter.js";

let t: TestApp;
let parkId: number;
let blockId: number;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
  parkId = t.parkIds[0];
  const created = await t.app.inject({
    method: "POST",
    url: "/api/blocks",
    payload: feature({ code: "N500-1" }),
  });
  expect(created.statusCode).toBe(201);
  blockId = created.json().properties.id;
});
afterAll(async () => t?.close());

const SQUARE = rectangle(116.3, 40.0, 116.32, 40.015);
const WORLD = {
  type: "Polygon",
  coordinates: [
    [
      [-180, -90],
      [180, -90],
      [180, 90],
      [-180, 90],
      [-180, -90],
    ],
  ],
};
const ACROSS_180 = {
  type: "Polygon",
  coordinates: [
    [
      [179.9, 40],
      [-179.9, 40],
      [-179.9, 40.1],
      [179.9, 40.1],
      [179.9, 40],
    ],
  ],
};

function feature(properties: Record<string, unknown> = {}, geometry: unknown = SQUARE) {
  return {
    type: "Feature",
    geometry,
    properties: { name: "探测区块", parkId, level: "municipal", ...properties },
  };
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    at.a = next;
    at = next;
  }
  return root;
}

type Case = [name: string, request: () => InjectOptions, status: number, code: string];

const CASES: Case[] = [
  ["NUL in a name", () => post("/api/blocks", feature({ name: "a\u0000b" })), 400, "bad-text"],
  [
    "NUL in an attribute",
    () => post("/api/blocks", feature({ attributes: { k: "\u0000" } })),
    400,
    "bad-text",
  ],
  [
    "NUL in an attribute key",
    () => post("/api/blocks", feature({ attributes: { "k\u0000": 1 } })),
    400,
    "bad-text",
  ],
  ["a lone surrogate", () => post("/api/blocks", feature({ name: "a\ud800b" })), 400, "bad-text"],
  ["attributes 40 deep", () => post("/api/blocks", feature({ attributes: nested(40) })), 400, "too-deep"],
  [
    "201 attribute keys",
    () =>
      post(
        "/api/blocks",
        feature({ attributes: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, i])) }),
      ),
    400,
    "bad-property",
  ],
  [
    "2,001 attribute keys",
    () =>
      post(
        "/api/blocks",
        feature({ attributes: Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`k${i}`, i])) }),
      ),
    400,
    "too-many-keys",
  ],
  ["parkId 2^31", () => post("/api/blocks", feature({ parkId: 2147483648 })), 400, "invalid-request"],
  ["parkId 2^53", () => post("/api/blocks", feature({ parkId: 2 ** 53 })), 400, "invalid-request"],
  ["parkId 1e308", () => post("/api/blocks", feature({ parkId: 1e308 })), 400, "invalid-request"],
  ["a whole-world polygon", () => post("/api/blocks", feature({}, WORLD)), 400, "invalid-geometry"],
  [
    "a polygon in Sydney",
    () => post("/api/blocks", feature({}, rectangle(151.2, -33.9, 151.21, -33.89))),
    400,
    "invalid-geometry",
  ],
  [
    "a ring across the antimeridian",
    () => post("/api/blocks", feature({}, ACROSS_180)),
    400,
    "invalid-geometry",
  ],
  ["a duplicate code", () => post("/api/blocks", feature({ code: "N500-1" })), 409, "duplicate"],
  [
    "analysis excludeBlockId 2^31",
    () => post("/api/analysis", { geometry: SQUARE, excludeBlockId: 2147483648 }),
    400,
    "invalid-request",
  ],
  [
    "analysis excludeBlockId 2^53",
    () => post("/api/analysis", { geometry: SQUARE, excludeBlockId: 2 ** 53 }),
    400,
    "invalid-request",
  ],
  [
    "analysis excludeBlockId 1e308",
    () => post("/api/analysis", { geometry: SQUARE, excludeBlockId: 1e308 }),
    400,
    "invalid-request",
  ],
  [
    "composition districtZones 2^31",
    () => ({ method: "GET", url: "/api/composition?districtZones=1,2147483648" }),
    400,
    "invalid-request",
  ],
  [
    "composition districtZones 1e1",
    () => ({ method: "GET", url: "/api/composition?districtZones=1e1" }),
    400,
    "invalid-request",
  ],
  [
    "baseline districtZones 2^53",
    () => post("/api/composition/baseline?districtZones=9007199254740992", {}),
    400,
    "invalid-request",
  ],
  ["analysis of the world", () => post("/api/analysis", { geometry: WORLD }), 400, "invalid-geometry"],
  ["site check of the world", () => post("/api/site-check", { geometry: WORLD }), 400, "invalid-geometry"],
  ["settings key toString", () => put("/api/settings", { toString: "x" }), 400, "invalid-request"],
  [
    "settings __proto__",
    () => ({
      method: "PUT",
      url: "/api/settings",
      headers: { "content-type": "application/json" },
      payload: '{"__proto__":{"x":1}}',
    }),
    400,
    "FST_ERR_CTP_INVALID_JSON_BODY",
  ],
  ["GET /api/blocks/1e1", () => ({ method: "GET", url: "/api/blocks/1e1" }), 400, "invalid-request"],
  ["GET /api/blocks/0x10", () => ({ method: "GET", url: "/api/blocks/0x10" }), 400, "invalid-request"],
  [
    "PUT official area of park 2^31",
    () => put("/api/parks/2147483648/official-area", { officialAreaKm2: 1 }),
    400,
    "invalid-request",
  ],
  [
    "official area note with NUL",
    () => put(`/api/parks/${parkId}/official-area`, { officialAreaKm2: 1, note: "\u0000" }),
    400,
    "bad-text",
  ],
];

function post(url: string, payload: unknown): InjectOptions {
  return { method: "POST", url, payload: payload as InjectOptions["payload"] };
}
function put(url: string, payload: unknown): InjectOptions {
  return { method: "PUT", url, payload: payload as InjectOptions["payload"] };
}

describe("bad input is a 4xx naming what is wrong, and writes nothing (issue 15, never 500)", () => {
  it.each(CASES)("%s", async (_name, request, status, code) => {
    const before = await stateChecksum(t.db.knex);
    const response = await t.app.inject(request());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await stateChecksum(t.db.knex)).toBe(before);
  });

  it("a 100,000-deep body is refused without overflowing the stack", async () => {
    const payload = `{"type":"Feature","properties":{"attributes":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      headers: { "content-type": "application/json" },
      payload,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  it("Z and M are dropped from a block's positions", async () => {
    const withZ = {
      type: "Polygon",
      coordinates: [SQUARE.coordinates[0].map(([x, y]) => [x + 0.1, y, 5, 7])],
    };
    const response = await t.app.inject(post("/api/blocks", feature({}, withZ)));
    expect(response.statusCode, response.body).toBe(201);
    const ring = response.json().geometry.coordinates[0][0];
    expect(ring.every((position: number[]) => position.length === 2)).toBe(true);
    expect(response.json().droppedZ).toBe(true);
    const flat = { type: "Polygon", coordinates: [SQUARE.coordinates[0].map(([x, y]) => [x + 0.2, y])] };
    const plain = await t.app.inject(post("/api/blocks", feature({}, flat)));
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json()).not.toHaveProperty("droppedZ");
  });

  it("Z and M are dropped in an analysis too (answered as the 2D polygon)", async () => {
    const withZ = { type: "Polygon", coordinates: [SQUARE.coordinates[0].map(([x, y]) => [x, y, 5, 7])] };
    const flat = await t.app.inject(post("/api/analysis", { geometry: SQUARE }));
    const response = await t.app.inject(post("/api/analysis", { geometry: withZ }));
    expect(response.statusCode, response.body).toBe(200);
    expect(flat.json()).not.toHaveProperty("droppedZ");
    expect(response.json()).toEqual({ ...flat.json(), droppedZ: true });
  });

  it("an empty PATCH adds no version; ending an ended block is 409", async () => {
    const before = await stateChecksum(t.db.knex);
    const empty = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${blockId}`,
      headers: { "if-match": '"1"' },
      payload: { properties: {} },
    });
    expect(empty.statusCode).toBe(200);
    expect(empty.json().properties.version).toBe(1);
    expect(await stateChecksum(t.db.knex)).toBe(before);
    const ended = await t.app.inject({
      method: "DELETE",
      url: `/api/blocks/${blockId}`,
      headers: { "if-match": '"1"' },
    });
    expect(ended.statusCode).toBe(200);
    const again = await t.app.inject({
      method: "DELETE",
      url: `/api/blocks/${blockId}`,
      headers: { "if-match": `"${ended.json().properties.version}"` },
    });
    expect(again.statusCode).toBe(409);
  });
});
