import type { MultiPolygon, Polygon, Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRS80 } from "../../server/domain/geodesic.js";
import { REDUCTION_FAILURES } from "../../server/domain/reduction-result.js";
import { coveredAndValid } from "../helpers/containment.js";
import { expectError } from "../helpers/expect-error.js";
import { geodesicAreaM2, rectangle } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { blockWithShare, type CreatedBlock, createBlock, createPark, KM2 } from "./exit-fixtures.js";

/**
 * Previews, proposals and applying them, through HTTP on real PostGIS. Areas of results are checked with
 * GeographicLib and containment with the test's own PostGIS query, never with the code under test.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

function distanceM(a: Position, b: Position): number {
  return GRS80.Inverse(a[1], a[0], b[1], b[0]).s12 ?? Number.NaN;
}

async function preview(id: number, body: Record<string, unknown>) {
  return t.app.inject({ method: "POST", url: `/api/blocks/${id}/reduction-preview`, payload: body });
}

/** A ~1.58 km square block of 2.5 km² with a 10% share: §4.5 row 3, keep half. */
async function squareRow3(label: string): Promise<CreatedBlock> {
  const parkId = await createPark(t, label);
  const side = 0.0142; // degrees of latitude ≈ 1.58 km
  const square = rectangle(116.3, 40.0, 116.3 + side / Math.cos((40.007 * Math.PI) / 180), 40.0 + side);
  const block = await createBlock(t, parkId, square);
  await createBlock(t, parkId, rectangle(116.4, 40.0, 116.6, 40.1), { status: "recognized" });
  return block;
}

describe("reduction preview", () => {
  it("insets a square to half its area: valid, inside, on target, a square again", async () => {
    const block = await squareRow3("inset-square");
    const response = await preview(block.id, { strategy: "inset" });
    expect(response.statusCode).toBe(200);
    const feature = response.json();
    expect(feature.type).toBe("Feature");
    expect(feature.geometry.type).toBe("MultiPolygon");
    const p = feature.properties;
    expect(p).toMatchObject({
      strategy: "inset",
      rule: 3,
      keepRatio: 0.5,
      parts: 1,
      gkSrid: 4548,
      multiPart: false,
    });
    const target = block.referenceAreaM2 * 0.5;
    expect(Math.abs(p.targetAreaKm2 * KM2 - target) / target).toBeLessThan(1e-9);
    const achieved = geodesicAreaM2(feature.geometry);
    expect(Math.abs(achieved - target) / target).toBeLessThan(1e-5);
    expect(Math.abs(p.errorRatio)).toBeLessThan(1e-5);
    expect(Math.abs(p.areaKm2 * KM2 - achieved) / achieved).toBeLessThan(1e-9);
    expect(await coveredAndValid(t.db, feature.geometry, block.geometry)).toEqual({
      valid: true,
      covered: true,
    });
    expect(p.checks).toMatchObject({ valid: true, coveredByOriginal: true, withinTolerance: true });

    // Hand formula for a w × h rectangle inset by d keeping half: 4d² − 2(w+h)d + wh/2 = 0.
    const ring = block.geometry.coordinates[0];
    const w = distanceM(ring[0], ring[1]);
    const h = distanceM(ring[1], ring[2]);
    const d = (w + h - Math.sqrt((w + h) ** 2 - 2 * w * h)) / 4;
    expect(Math.abs(p.parameters.distanceM - d) / d).toBeLessThan(1e-3);
    expect(p.parameters.inscribedRadiusM).toBeGreaterThan(Math.min(w, h) / 2 - 2);
    const [wk, hk] = [w - 2 * d, h - 2 * d];
    expect(p.compactness).toBeCloseTo((4 * Math.PI * wk * hk) / (2 * (wk + hk)) ** 2, 3);
    expect(p.iterations).toBeLessThanOrEqual(8);
  });

  it("cuts along a line, keeping the side asked for", async () => {
    const block = await squareRow3("cut-square");
    const [west, south] = block.geometry.coordinates[0][0];
    const [east, north] = block.geometry.coordinates[0][2];
    const south90 = (
      await preview(block.id, { strategy: "cut", angleDegrees: 90, keepSide: "south" })
    ).json();
    expect(south90.properties).toMatchObject({ strategy: "cut", parts: 1 });
    expect(south90.properties.parameters).toMatchObject({ angleDegrees: 90, keepSide: "south" });
    const lats = south90.geometry.coordinates[0][0].map((p: Position) => p[1]);
    expect(Math.min(...lats)).toBeCloseTo(south, 8);
    // A grid east–west line is tilted by the meridian convergence (~0.45° here): ≤ 0.0002° of latitude.
    expect(Math.abs(Math.max(...lats) - (south + north) / 2)).toBeLessThan(2e-4);
    expect(Math.abs(geodesicAreaM2(south90.geometry) / (block.referenceAreaM2 * 0.5) - 1)).toBeLessThan(1e-5);
    expect(await coveredAndValid(t.db, south90.geometry, block.geometry)).toEqual({
      valid: true,
      covered: true,
    });

    // Keep the side by an anchor point west of the block (say, a road): a north–south cut keeps the west half.
    const anchored = (
      await preview(block.id, {
        strategy: "cut",
        angleDegrees: 0,
        keepSide: "anchor",
        anchor: [west - 0.01, 40.005],
      })
    ).json();
    const lngs = anchored.geometry.coordinates[0][0].map((p: Position) => p[0]);
    expect(Math.min(...lngs)).toBeCloseTo(west, 8);
    expect(Math.max(...lngs)).toBeLessThan((west + east) / 2 + 2e-4);
    expect(anchored.properties.parameters.normal[0]).toBeCloseTo(-1, 6);
  });

  it("reports a split result and offers the largest part re-solved to the target", async () => {
    // A U: cutting off the top half keeps the two prongs.
    const parkId = await createPark(t, "u-shape");
    const u: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [116.3, 40.0],
          [116.34, 40.0],
          [116.34, 40.03],
          [116.325, 40.03],
          [116.325, 40.01],
          [116.315, 40.01],
          [116.315, 40.03],
          [116.3, 40.03],
          [116.3, 40.0],
        ],
      ],
    };
    const block = await createBlock(t, parkId, u);
    // Each prong is ~30% of the U: keeping 25% north of an east–west cut keeps two prong tips.
    const feature = (
      await preview(block.id, { strategy: "cut", angleDegrees: 90, keepSide: "north", keepRatio: 0.25 })
    ).json();
    expect(feature.properties).toMatchObject({ parts: 2, multiPart: true, keepRatioOverridden: true });
    const alternative = feature.properties.largestPartAlternative;
    expect(alternative.properties).toMatchObject({ parts: 1, largestPartOnly: true });
    const target = block.referenceAreaM2 * 0.25;
    expect(Math.abs(geodesicAreaM2(alternative.geometry) / target - 1)).toBeLessThan(1e-5);
    expect(await coveredAndValid(t.db, alternative.geometry, u)).toEqual({ valid: true, covered: true });

    // 40% is more than one prong: the whole cut splits, and its largest part cannot reach the target.
    const forty = (
      await preview(block.id, { strategy: "cut", angleDegrees: 90, keepSide: "north", keepRatio: 0.4 })
    ).json();
    expect(forty.properties.parts).toBe(2);
    expect(forty.properties.largestPartAlternative.unavailable.reason).toBe(
      REDUCTION_FAILURES.targetUnreachable,
    );

    // Keeping half of the U in one prong is impossible: the largest part jumps past the target.
    const jump = await preview(block.id, {
      strategy: "cut",
      angleDegrees: 90,
      keepSide: "north",
      keepRatio: 0.5,
      largestPartOnly: true,
    });
    expect(jump.statusCode).toBe(422);
    expect(jump.json().error).toMatchObject({
      code: "reduction-failed",
      details: { reason: REDUCTION_FAILURES.targetUnreachable },
    });
  });

  it("keeps the 0.5 km² floor: a 0.8 km² row-2 block keeps at least 0.5 km²", async () => {
    const { block } = await blockWithShare(t, "floor", 0.8, 0.4);
    for (const strategy of ["inset", "cut"]) {
      const feature = (await preview(block.id, { strategy })).json();
      expect(feature.properties).toMatchObject({ rule: 2, floorApplied: true, targetAreaKm2: 0.5 });
      expect(geodesicAreaM2(feature.geometry)).toBeGreaterThanOrEqual(0.5 * KM2);
      expect(feature.properties.errorRatio).toBeGreaterThanOrEqual(0);
      expect(feature.properties.errorRatio).toBeLessThan(1e-5);
    }
    // A what-if below the floor is lifted to it.
    const lifted = (await preview(block.id, { strategy: "inset", keepRatio: 0.2 })).json();
    expect(lifted.properties).toMatchObject({ floorApplied: true, targetAreaKm2: 0.5 });
  });

  it("reduces a block with a spike and a hole without returning slivers or inverted shapes", async () => {
    // A 2 km square with a 1 m wide, 600 m long spike to the east and a 400 m square hole.
    const parkId = await createPark(t, "spike");
    const spiky: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          [116.3, 40.0],
          [116.3235, 40.0],
          [116.3235, 40.009],
          [116.3305, 40.009],
          [116.3305, 40.009009],
          [116.3235, 40.009009],
          [116.3235, 40.018],
          [116.3, 40.018],
          [116.3, 40.0],
        ],
        [
          [116.31, 40.007],
          [116.31, 40.0106],
          [116.3147, 40.0106],
          [116.3147, 40.007],
          [116.31, 40.007],
        ],
      ],
    };
    const block = await createBlock(t, parkId, spiky);
    for (const body of [
      { strategy: "inset", keepRatio: 0.5 },
      { strategy: "cut", keepRatio: 0.75, angleDegrees: 0, keepSide: "east" },
    ]) {
      const feature = (await preview(block.id, body)).json();
      expect(feature.properties.parts).toBe(1);
      const target = block.referenceAreaM2 * body.keepRatio;
      expect(Math.abs(geodesicAreaM2(feature.geometry) / target - 1)).toBeLessThan(1e-5);
      expect(await coveredAndValid(t.db, feature.geometry, spiky)).toEqual({ valid: true, covered: true });
    }
    const inset = (await preview(block.id, { strategy: "inset", keepRatio: 0.5 })).json();
    const maxLng = Math.max(...inset.geometry.coordinates.flat(2).map((p: Position) => p[0]));
    expect(maxLng).toBeLessThan(116.3235); // the spike is gone
  });

  it("refuses what cannot be reduced, with a reason", async () => {
    const { block: row1 } = await blockWithShare(t, "row1", 1, 0.1);
    const eliminated = await preview(row1.id, { strategy: "inset" });
    expect(eliminated.statusCode).toBe(422);
    expect(eliminated.json().error).toMatchObject({
      code: "no-reduction",
      details: { reason: "rule-eliminates" },
    });
    // An explicit keep ratio overrides the rule: half of the block's area.
    const overridden = await preview(row1.id, { strategy: "inset", keepRatio: 0.5 });
    expect(overridden.statusCode).toBe(200);
    const halfM2 = row1.referenceAreaM2 * 0.5;
    expect(Math.abs(geodesicAreaM2(overridden.json().geometry) / halfM2 - 1)).toBeLessThan(1e-5);

    const { block: manual } = await blockWithShare(t, "manual", 0.4, 0.5);
    const review = await preview(manual.id, { strategy: "inset" });
    expect(review.json().error).toMatchObject({ code: "no-reduction", details: { reason: "manual-review" } });

    // A sliver 2 km long and 0.6 m wide: an inset would collapse it; a cut works.
    const parkId = await createPark(t, "sliver");
    const sliver = await createBlock(t, parkId, rectangle(116.3, 40.0, 116.3235, 40.0000054));
    await createBlock(t, parkId, rectangle(116.3, 40.01, 116.31, 40.02), { status: "recognized" }); // row 1
    const collapsed = await preview(sliver.id, { strategy: "inset", keepRatio: 0.5 });
    expect(collapsed.statusCode).toBe(422);
    expect(collapsed.json().error.details.reason).toBe(REDUCTION_FAILURES.sliver);
    const cut = await preview(sliver.id, { strategy: "cut", keepRatio: 0.5 });
    expect(cut.statusCode).toBe(200);
    expect(Math.abs(geodesicAreaM2(cut.json().geometry) / (sliver.referenceAreaM2 * 0.5) - 1)).toBeLessThan(
      1e-5,
    );

    const bad: [Record<string, unknown>, number, string][] = [
      // Shapes and ranges are the route schema's (they were "bad-reduction-request" before the schemas);
      // the rules between fields stay the domain's.
      [{ strategy: "melt" }, 400, "invalid-request"],
      [{ strategy: "inset", keepRatio: 1.2 }, 400, "invalid-request"],
      [{ strategy: "cut", angleDegrees: 0, keepSide: "north" }, 400, "bad-reduction-request"],
      [{ strategy: "cut", keepSide: "anchor" }, 400, "bad-reduction-request"],
      [{ strategy: "inset", settings: { parkAreaBasis: "union" } }, 400, "invalid-request"],
    ];
    for (const [body, status, code] of bad) expectError(await preview(row1.id, body), status, code);
    expectError(await preview(999999, { strategy: "inset" }), 404, "not-found");
  });
});

describe("proposals and applying them", () => {
  it("saves several proposals, applies one as a new block version, and refuses stale ones with 409", async () => {
    const block = await squareRow3("apply");
    const url = `/api/blocks/${block.id}/reduction-proposals`;
    const inset = await t.app.inject({
      method: "POST",
      url,
      payload: { strategy: "inset", note: "方案一" },
      headers: await t.actorHeaders("planner"),
    });
    expect(inset.statusCode).toBe(201);
    const cut = await t.app.inject({
      method: "POST",
      url,
      payload: { strategy: "cut", angleDegrees: 90, keepSide: "south" },
    });
    expect(cut.statusCode).toBe(201);
    const first = inset.json();
    expect(first.properties).toMatchObject({
      blockVersion: 1,
      stale: false,
      action: "reduce",
      strategy: "inset",
      rule: 3,
      note: "方案一",
      createdBy: "planner",
      appliedAt: null,
      source: "manual",
    });

    const listed = (await t.app.inject({ method: "GET", url })).json();
    expect(listed).toMatchObject({ type: "FeatureCollection", blockVersion: 1 });
    expect(listed.features.map((f: { properties: { strategy: string } }) => f.properties.strategy)).toEqual([
      "inset",
      "cut",
    ]);

    const applyUrl = `${url}/${first.properties.id}/apply`;
    expectError(await t.app.inject({ method: "POST", url: applyUrl, payload: {} }), 428, "version-required");
    const applied = await t.app.inject({
      method: "POST",
      url: applyUrl,
      payload: { version: 1 },
      headers: await t.actorHeaders("reviewer"),
    });
    expect(applied.statusCode).toBe(200);
    const { block: reduced, proposal } = applied.json();
    expect(reduced.properties).toMatchObject({ version: 2, status: "reduced", updatedBy: "reviewer" });
    expect(Math.abs(reduced.properties.areaKm2 / first.properties.areaKm2 - 1)).toBeLessThan(1e-12);
    expect(proposal.properties).toMatchObject({ appliedBy: "reviewer", appliedVersion: 2 });

    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/history` })).json();
    expect(history.map((v: { change: string }) => v.change)).toEqual(["create", "reduce"]);
    expect(history.map((v: { status: string }) => v.status)).toEqual(["rectifying", "reduced"]);
    // History is read at 1e-9°; the proposal keeps the reduction's 1e-12° (the stored boundary is exact).
    const flat = (geometry: MultiPolygon) => geometry.coordinates.flat(3);
    expect(flat(history[1].geometry).length).toBe(flat(first.geometry).length);
    for (const [i, value] of flat(history[1].geometry).entries()) {
      expect(Math.abs(value - flat(first.geometry)[i])).toBeLessThanOrEqual(1e-9);
    }
    expect(Math.abs(geodesicAreaM2(history[0].geometry) / block.referenceAreaM2 - 1)).toBeLessThan(1e-7);

    const again = await t.app.inject({ method: "POST", url: applyUrl, payload: { version: 2 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("proposal-applied");
    const secondUrl = `${url}/${cut.json().properties.id}/apply`;
    const staleClient = await t.app.inject({
      method: "POST",
      url: secondUrl,
      headers: { "if-match": '"1"' },
    });
    expect(staleClient.statusCode).toBe(409);
    expect(staleClient.json().error).toMatchObject({
      code: "version-conflict",
      details: { currentVersion: 2 },
    });
    const staleProposal = await t.app.inject({ method: "POST", url: secondUrl, payload: { version: 2 } });
    expect(staleProposal.statusCode).toBe(409);
    expect(staleProposal.json().error.code).toBe("proposal-stale");
    const after = (await t.app.inject({ method: "GET", url })).json();
    expect(after.features.map((f: { properties: { stale: boolean } }) => f.properties.stale)).toEqual([
      true,
      true,
    ]);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}` })).json().properties.version,
    ).toBe(2);
  });

  it("applies an elimination as status exited, and refuses to eliminate a block its row reduces", async () => {
    const { block } = await blockWithShare(t, "eliminate", 1.2, 0.1);
    const url = `/api/blocks/${block.id}/reduction-proposals`;
    const saved = await t.app.inject({ method: "POST", url, payload: { action: "eliminate" } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ geometry: null, properties: { action: "eliminate", rule: 1 } });
    const applied = await t.app.inject({
      method: "POST",
      url: `${url}/${saved.json().properties.id}/apply`,
      payload: { version: 1 },
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().block.properties).toMatchObject({ status: "exited", version: 2 });
    const history = (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/history` })).json();
    expect(history.map((v: { change: string }) => v.change)).toEqual(["create", "exit"]);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/blocks/${block.id}/exit-decision` })).statusCode,
    ).toBe(409);

    const reducible = await squareRow3("not-eliminable");
    const refused = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${reducible.id}/reduction-proposals`,
      payload: { action: "eliminate" },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe("not-the-rule");
    const unknown = await t.app.inject({
      method: "POST",
      url: `/api/blocks/${reducible.id}/reduction-proposals/999999/apply`,
      payload: { version: 1 },
    });
    expectError(unknown, 404, "not-found");
  });
});
