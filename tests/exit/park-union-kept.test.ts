import type { Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { openRound, reportedApplication, step } from "../helpers/round-flow.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { createBlock, createPark, KM2, rectangleOfArea } from "./exit-fixtures.js";

/**
 * The park union is kept (`park_unions`, migration 12), not computed per request: every write that changes what
 * it covers must show in the next share. Expected park areas are GeographicLib areas of the disjoint rectangles
 * in force (an inner block counts once), never values read back from the code under test.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

function expectClose(actual: number, expected: number, relative = 1e-7) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

async function parkAreaM2(parkId: number): Promise<number> {
  const response = await t.app.inject({ method: "GET", url: `/api/parks/${parkId}/shares` });
  expect(response.statusCode).toBe(200);
  return response.json().parkAreaKm2 * KM2;
}

async function shareOf(blockId: number) {
  const response = await t.app.inject({ method: "GET", url: `/api/blocks/${blockId}/exit-decision` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function patch(blockId: number, body: { geometry?: Polygon; properties?: Record<string, unknown> }) {
  const current = (await t.app.inject({ method: "GET", url: `/api/blocks/${blockId}` })).json();
  const response = await t.app.inject({
    method: "PATCH",
    url: `/api/blocks/${blockId}`,
    headers: { "if-match": `"${current.properties.version}"` },
    payload: body,
  });
  expect(response.statusCode).toBe(200);
}

describe("the kept union of a park's blocks in force", () => {
  it("follows inserts, geometry edits, moves between parks, ends and drafts", async () => {
    const parkId = await createPark(t, "kept-union");
    const otherParkId = await createPark(t, "kept-union-other");
    const outer = await createBlock(t, parkId, rectangleOfArea(3, 116.3, 40.0, 0.02), {
      status: "recognized",
    });
    const innerGeometry = rectangleOfArea(0.5, 116.301, 40.001, 0.005);
    const inner = await createBlock(t, parkId, innerGeometry, { status: "recognized" });
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2);
    expectClose((await shareOf(outer.id)).shareOfPark, 1);

    // A second block in force, apart: the next read sees it.
    const apart = await createBlock(t, parkId, rectangleOfArea(1, 116.5, 40.0), { status: "recognized" });
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2 + apart.referenceAreaM2);

    // Its geometry grows to 1.5 km².
    const grown = rectangleOfArea(1.5, 116.5, 40.0);
    await patch(apart.id, { geometry: grown });
    const grownM2 = geodesicAreaM2(grown);
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2 + grownM2);
    expectClose((await shareOf(apart.id)).shareOfPark, grownM2 / (outer.referenceAreaM2 + grownM2));

    // The inner block moves out of the outer one: now it counts.
    const movedOut = rectangleOfArea(0.5, 116.7, 40.0);
    await patch(inner.id, { geometry: movedOut });
    const movedOutM2 = geodesicAreaM2(movedOut);
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2 + grownM2 + movedOutM2);

    // It moves to another park: it leaves this union and enters that one.
    await patch(inner.id, { properties: { parkId: otherParkId } });
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2 + grownM2);
    expectClose(await parkAreaM2(otherParkId), movedOutM2);

    // The grown block ends (exits): only the outer block is left.
    expect((await t.app.inject({ method: "DELETE", url: `/api/blocks/${apart.id}` })).statusCode).toBe(200);
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2);

    // A draft changes nobody's share; its own share is itself over the union with it.
    const draft = await createBlock(t, parkId, rectangleOfArea(1, 116.9, 40.0), { status: "candidate" });
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2);
    const own = await shareOf(draft.id);
    expect(own.countedInParkArea).toBe(false);
    expectClose(own.shareOfPark, draft.referenceAreaM2 / (outer.referenceAreaM2 + draft.referenceAreaM2));
    // Once recognized (the 批复 of its round application, issue #13) it counts in the union.
    const inject = t.app.inject.bind(t.app);
    const round = await openRound(inject);
    const application = await reportedApplication(inject, round.id, [draft.id]);
    const approved = await step(inject, application, "approve", {
      reference: "京政函（测试）",
      repliedOn: "2026-11-30",
      approvedBlockIds: [draft.id],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expectClose(await parkAreaM2(parkId), outer.referenceAreaM2 + draft.referenceAreaM2);
  });

  it("is zero for a park with no block in force, and a draft there is its whole park", async () => {
    const parkId = await createPark(t, "kept-union-empty");
    expect(await parkAreaM2(parkId)).toBe(0);
    const draft = await createBlock(t, parkId, rectangleOfArea(1, 116.3, 40.3), { status: "candidate" });
    expectClose((await shareOf(draft.id)).shareOfPark, 1);
  });
});
