import type { Feature, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GEOMETRY_REASONS } from "../../server/domain/geometry-check.js";
import { expectError } from "../helpers/expect-error.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

let t: TestApp;
let parkId: number;

beforeAll(async () => {
  t = await startTestApp();
  const parks = (await t.app.inject({ method: "GET", url: "/api/parks" })).json();
  parkId = parks[0].id;
});
afterAll(async () => t?.close());

function blockFeature(geometry: unknown, properties: Record<string, unknown> = {}): Feature {
  return {
    type: "Feature",
    geometry: geometry as Polygon,
    properties: { name: "测试区块", parkId, level: "municipal", ...properties },
  };
}

async function blockCount(): Promise<number> {
  const [{ count }] = await t.db.knex("blocks").count("* as count");
  return Number(count);
}

async function versionCount(): Promise<number> {
  const [{ count }] = await t.db.knex("block_versions").count("* as count");
  return Number(count);
}

describe("block writes", () => {
  it("creates a block with its ellipsoidal area and version 1", async () => {
    const geometry = rectangle(116.3, 40.0, 116.32, 40.015);
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(geometry),
      headers: await t.actorHeaders("planner-a"),
    });
    expect(response.statusCode).toBe(201);
    const block = response.json();
    expect(block.properties.version).toBe(1);
    expect(block.properties.status).toBe("candidate");
    expect(block.properties.createdBy).toBe("planner-a");
    expect(block.geometry.type).toBe("MultiPolygon");
    const expectedM2 = geodesicAreaM2(geometry);
    expect(Math.abs(block.properties.areaKm2 * 1e6 - expectedM2) / expectedM2).toBeLessThan(1e-9);
    expect(block.properties.areaHectares).toBeCloseTo(block.properties.areaKm2 * 100, 10);
    expect(response.headers.etag).toBe('"1"');
  });

  it("updates with the version last seen, refuses a stale version with 409 and changes nothing", async () => {
    const created = (
      await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: blockFeature(rectangle(116.4, 40.1, 116.41, 40.11)),
      })
    ).json();
    const id = created.properties.id;
    const moved = rectangle(116.4, 40.1, 116.42, 40.11);
    const updated = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      headers: { "if-match": '"1"', ...(await t.actorHeaders("planner-b")) },
      payload: { geometry: moved, properties: { name: "改名区块" } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().properties).toMatchObject({ version: 2, name: "改名区块", updatedBy: "planner-b" });
    expect(updated.json().properties.areaKm2).toBeGreaterThan(created.properties.areaKm2 * 1.9);

    const stale = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      payload: { version: 1, properties: { name: "lost update" } },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "version-conflict", details: { currentVersion: 2 } });
    const after = (await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).json();
    expect(after.properties).toMatchObject({ version: 2, name: "改名区块" });

    const noVersion = await t.app.inject({
      method: "PATCH",
      url: `/api/blocks/${id}`,
      payload: { properties: { name: "x" } },
    });
    expectError(noVersion, 428, "version-required");
  });

  it("ends a block on DELETE, keeping every version in the history, oldest first", async () => {
    const created = (
      await t.app.inject({
        method: "POST",
        url: "/api/blocks",
        payload: blockFeature(rectangle(116.5, 40.2, 116.51, 40.21)),
      })
    ).json();
    const id = created.properties.id;
    const applied = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${id}/actions/apply`,
      payload: { version: 1, reason: "申报 2026 年认定" },
    });
    expect(applied.statusCode).toBe(200);
    const ended = await t.app.inject({
      method: "DELETE",
      url: `/api/blocks/${id}`,
      headers: await t.actorHeaders("reviewer"),
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().properties).toMatchObject({ status: "withdrawn", version: 3 });
    expect((await t.app.inject({ method: "GET", url: `/api/blocks/${id}` })).statusCode).toBe(200);

    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${id}/history` })).json();
    expect(history.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(history.map((v: { change: string }) => v.change)).toEqual(["create", "apply", "end"]);
    expect(history.map((v: { reason: string | null }) => v.reason)).toEqual([null, "申报 2026 年认定", null]);
    expect(history.map((v: { status: string }) => v.status)).toEqual(["candidate", "applied", "withdrawn"]);
    expect(history[2].changedBy).toBe("reviewer");
    expect(history[0].geometry.type).toBe("MultiPolygon");
  });

  it("refuses to change or erase history rows at the database level", async () => {
    await expect(t.db.knex("block_versions").update({ name: "rewritten" })).rejects.toThrow(/append-only/);
    await expect(t.db.knex("block_versions").del()).rejects.toThrow(/append-only/);
  });

  it("lists blocks filtered by park, level and status", async () => {
    const all = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
    const national = (await t.app.inject({ method: "GET", url: "/api/blocks?level=national" })).json();
    const inPark = (await t.app.inject({ method: "GET", url: `/api/blocks?park=${parkId}` })).json();
    expect(all.type).toBe("FeatureCollection");
    expect(national.features.length).toBeGreaterThan(0);
    expect(national.features.every((f: Feature) => f.properties?.level === "national")).toBe(true);
    expect(national.features.length).toBeLessThan(all.features.length);
    expect(inPark.features.every((f: Feature) => f.properties?.parkId === parkId)).toBe(true);
    expectError(
      await t.app.inject({ method: "GET", url: "/api/blocks?status=bogus" }),
      400,
      "invalid-request",
    );
  });
});

describe("bad input is refused with a clear 4xx and nothing is written", () => {
  const bowTie = {
    type: "Polygon",
    coordinates: [
      [
        [116.3, 40.0],
        [116.32, 40.02],
        [116.32, 40.0],
        [116.3, 40.02],
        [116.3, 40.0],
      ],
    ],
  };
  const cases: [string, unknown, string][] = [
    ["a point", { type: "Point", coordinates: [116.3, 40] }, GEOMETRY_REASONS.notPolygon],
    [
      "an unclosed ring",
      {
        type: "Polygon",
        coordinates: [
          [
            [116.3, 40],
            [116.31, 40],
            [116.31, 40.01],
            [116.3, 40.01],
          ],
        ],
      },
      GEOMETRY_REASONS.ringNotClosed,
    ],
    [
      "a too-short ring",
      {
        type: "Polygon",
        coordinates: [
          [
            [116.3, 40],
            [116.31, 40],
            [116.3, 40],
          ],
        ],
      },
      GEOMETRY_REASONS.ringTooShort,
    ],
    [
      "a NaN coordinate",
      {
        type: "Polygon",
        coordinates: [
          [
            [116.3, 40],
            ["NaN", 40],
            [116.31, 40.01],
            [116.3, 40],
          ],
        ],
      },
      GEOMETRY_REASONS.nonFiniteCoordinate,
    ],
    [
      "an out-of-range latitude",
      {
        type: "Polygon",
        coordinates: [
          [
            [116.3, 40],
            [116.31, 95],
            [116.31, 40.01],
            [116.3, 40],
          ],
        ],
      },
      GEOMETRY_REASONS.outOfRange,
    ],
    [
      "Gauss-Krüger metres",
      rectangle(39_440_000, 4_420_000, 39_441_000, 4_421_000),
      GEOMETRY_REASONS.projectedCoordinates,
    ],
    ["empty coordinates", { type: "Polygon", coordinates: [] }, GEOMETRY_REASONS.empty],
    ["a self-intersecting bow tie", bowTie, GEOMETRY_REASONS.selfIntersection],
    ["no type", { coordinates: [] }, GEOMETRY_REASONS.notGeoJson],
  ];

  it.each(cases)("%s → 400 %s", async (_label, geometry, reason) => {
    const [blocksBefore, versionsBefore] = [await blockCount(), await versionCount()];
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(geometry),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid-geometry", details: { reason } });
    expect(response.json().error.message.length).toBeGreaterThan(10);
    expect([await blockCount(), await versionCount()]).toEqual([blocksBefore, versionsBefore]);
  });

  it("says where a bow tie crosses itself", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(bowTie),
    });
    const [lng, lat] = response.json().error.details.location;
    expect(lng).toBeCloseTo(116.31, 6);
    expect(lat).toBeCloseTo(40.01, 4);
  });

  it("repairs a bow tie only when asked, and reports what changed", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/blocks?repair=true",
      payload: blockFeature(bowTie),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().repair.partsAfter).toBe(2);
    expect(response.json().properties.version).toBe(1);
  });

  it("refuses unknown parks, missing names, bad levels and malformed JSON", async () => {
    const geometry = rectangle(116.3, 40.0, 116.31, 40.01);
    const before = await blockCount();
    const unknownPark = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(geometry, { parkId: 99999 }),
    });
    expect(unknownPark.statusCode).toBe(400);
    expect(unknownPark.json().error.code).toBe("unknown-park");
    const noName = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(geometry, { name: "" }),
    });
    expect(noName.json().error.details.field).toBe("name");
    const badLevel = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: blockFeature(geometry, { level: "city" }),
    });
    expect(badLevel.json().error.details.field).toBe("level");
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      headers: { "content-type": "application/json" },
      payload: '{"type": "Feature", ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toBeTruthy();
    expect(await blockCount()).toBe(before);
  });

  it("answers 413 for a body over the limit, 404 for unknown ids, 400 for ids that are not ids", async () => {
    const huge = blockFeature(rectangle(116.3, 40.0, 116.31, 40.01), {
      attributes: { padding: "x".repeat(3 * 1024 * 1024) },
    });
    expectError(
      await t.app.inject({ method: "POST", url: "/api/blocks", payload: huge }),
      413,
      "body-too-large",
    );
    expectError(await t.app.inject({ method: "GET", url: "/api/blocks/999999" }), 404, "not-found");
    // Not an id at all is a bad request naming the path (it was a 404 before the route schemas).
    expectError(await t.app.inject({ method: "GET", url: "/api/blocks/abc" }), 400, "invalid-request");
    expect(
      (await t.app.inject({ method: "PATCH", url: "/api/blocks/999999", payload: { version: 1 } }))
        .statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/api/blocks/999999/history" })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/api/nothing-here" })).json().error.code).toBe(
      "not-found",
    );
  });
});
