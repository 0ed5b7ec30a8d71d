import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlock, createPark } from "../exit/exit-fixtures.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * A block not in force (a candidate) is measured against the park it would join: its area over the area of the
 * union of the park's blocks in force and itself. That union area is |U| + |A| − |A ∩ U| with A ∩ U dissolved
 * over the blocks in force it meets (issue #16: no overlay of the whole kept union per request). Expected values
 * are GeographicLib areas of the rectangles, never read back from the code under test.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** A rectangle on the 40.00–40.01° band with a vertex at every given longitude (as the unions are noded). */
function band(longitudes: number[]): Polygon {
  const south = longitudes.map((lng) => [lng, 40.0]);
  const north = [...longitudes].reverse().map((lng) => [lng, 40.01]);
  return { type: "Polygon", coordinates: [[...south, ...north, south[0]]] };
}

describe("the park share of a candidate block", () => {
  it("divides by the union with the blocks in force, counting land under two of them once", async () => {
    const parkId = await createPark(t, "candidate-share");
    // Two blocks in force overlapping on 116.31–116.32; the candidate lies across that overlap and beyond it.
    await createBlock(t, parkId, rectangle(116.3, 40.0, 116.32, 40.01), { status: "recognized" });
    await createBlock(t, parkId, rectangle(116.31, 40.0, 116.33, 40.01), { status: "recognized" });
    const candidateGeometry = rectangle(116.315, 40.0, 116.335, 40.01);
    const candidate = await createBlock(t, parkId, candidateGeometry, { status: "candidate" });

    const response = await t.app.inject({ method: "GET", url: `/api/blocks/${candidate.id}/analysis` });
    expect(response.statusCode, response.body).toBe(200);
    const unionM2 = geodesicAreaM2(band([116.3, 116.31, 116.315, 116.32, 116.33, 116.335]));
    const expected = geodesicAreaM2(candidateGeometry) / unionM2;
    const { park } = response.json();
    expect(park.basis).toBe("in-force-union");
    // Within 1e-6: the kept union and the candidate's piece are noded at different longitudes along the
    // parallels, and a geodesic edge between two vertices is not the parallel (~1e-7 of the area here).
    expect(Math.abs(park.shareOfPark - expected)).toBeLessThanOrEqual(1e-6 * expected);

    // The union kept since that first read: the candidate's share comes inside the analysis statement, no
    // statement of its own after it (it asked three more: the official area, the union's freshness, the union
    // with the candidate; issue #16). (The knex also serves the app's background statements: jobs.)
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    t.db.knex.on("query", record);
    const again = await t.app.inject({ method: "GET", url: `/api/blocks/${candidate.id}/analysis` });
    t.db.knex.off("query", record);
    expect(again.json().park).toEqual(park);
    const analysis = statements.filter((sql) => sql.startsWith("with s as materialized"));
    expect(analysis).toHaveLength(1);
    expect(
      statements.filter((sql) => !analysis.includes(sql) && /park_unions|park_official_areas/.test(sql)),
    ).toEqual([]);
  });
});
