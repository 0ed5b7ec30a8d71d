import fc from "fast-check";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multiPolygonFromGeoJson } from "../../server/db/geometry.js";
import { reduceGeometry } from "../../server/db/reduction-run.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Properties of every reduction over many random blocks (star-shaped rings of 20–40 vertices, concave by
 * random radii, some with a hole): valid, covered by the original, on target (GeographicLib), one or more
 * parts. Validity and coverage (exact, in the storage CRS) are checked by the test's own PostGIS query.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const KM_PER_DEG_LAT = 111.0;

interface Shape {
  center: [number, number];
  radiusKm: number;
  radii: number[];
  hole: boolean;
}

const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  center: fc.tuple(
    fc.double({ min: 115.4, max: 117.3, noNaN: true }),
    fc.double({ min: 39.6, max: 40.8, noNaN: true }),
  ),
  radiusKm: fc.double({ min: 0.5, max: 2.5, noNaN: true }),
  radii: fc.array(fc.double({ min: 0.45, max: 1, noNaN: true }), { minLength: 20, maxLength: 40 }),
  hole: fc.boolean(),
});

function starPolygon(shape: Shape): Polygon {
  const [lng, lat] = shape.center;
  const kmPerDegLng = KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const ring = (radii: number[], scaleKm: number, clockwise: boolean): Position[] => {
    const points = radii.map((r, i) => {
      const angle = ((clockwise ? -1 : 1) * 2 * Math.PI * i) / radii.length;
      return [
        lng + (r * scaleKm * Math.cos(angle)) / kmPerDegLng,
        lat + (r * scaleKm * Math.sin(angle)) / KM_PER_DEG_LAT,
      ];
    });
    return [...points, points[0]];
  };
  const outer = ring(shape.radii, shape.radiusKm, false);
  // A hole well inside the smallest radius (0.45): a square of half-diagonal 0.2 of the radius.
  return {
    type: "Polygon",
    coordinates: shape.hole ? [outer, ring([0.2, 0.2, 0.2, 0.2], shape.radiusKm, true)] : [outer],
  };
}

async function independentChecks(result: MultiPolygon, original: Polygon) {
  const row = (
    await t.db.knex.raw(
      `select ST_IsValid(r) as valid,
         ST_CoveredBy(r, o) as covered
       from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as r, ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as o) s`,
      [JSON.stringify(result), JSON.stringify(original)],
    )
  ).rows[0];
  return { valid: Boolean(row.valid), covered: Boolean(row.covered) };
}

describe("reduction properties over random blocks", () => {
  for (const strategy of ["inset", "cut"] as const) {
    it(`${strategy}: every result is valid, inside the original and within 1e-5 of the target`, async () => {
      let worstError = 0;
      await fc.assert(
        fc.asyncProperty(
          shapeArbitrary,
          fc.constantFrom(0.5, 0.75),
          fc.double({ min: 0, max: 360, noNaN: true, maxExcluded: true }),
          fc.constantFrom("left" as const, "right" as const),
          async (shape, keepRatio, angleDegrees, keepSide) => {
            const original = starPolygon(shape);
            const targetAreaM2 = geodesicAreaM2(original) * keepRatio;
            const outcome = await reduceGeometry(t.db.knex, multiPolygonFromGeoJson(t.db.knex, original), {
              strategy,
              largestPartOnly: false,
              targetAreaM2,
              floorM2: null,
              cut: { angleDegrees, keepSide },
            });
            if (!outcome.ok) throw new Error(`no result: ${JSON.stringify(outcome.failure)}`);
            const geometry = JSON.parse(outcome.result.geoJson) as MultiPolygon;
            const error = Math.abs(geodesicAreaM2(geometry) / targetAreaM2 - 1);
            worstError = Math.max(worstError, error);
            expect(error).toBeLessThan(1e-5);
            expect(outcome.result.parts).toBeGreaterThanOrEqual(1);
            expect(outcome.result.parts).toBe(geometry.coordinates.length);
            expect(outcome.result.compactness).toBeGreaterThan(0);
            expect(outcome.result.compactness).toBeLessThanOrEqual(1);
            expect(await independentChecks(geometry, original)).toEqual({ valid: true, covered: true });
          },
        ),
        { numRuns: 40, seed: strategy === "inset" ? 4_5_1 : 4_5_2 },
      );
      expect(worstError).toBeLessThan(1e-5);
    });
  }

  it("keep-the-largest-part results are one part on target, or the jump is reported", async () => {
    // Counted so the property cannot pass with every case reported unreachable and nothing checked.
    const cases = { checked: 0, unreachable: 0 };
    await fc.assert(
      fc.asyncProperty(
        shapeArbitrary,
        fc.constantFrom("inset" as const, "cut" as const),
        async (shape, strategy) => {
          const original = starPolygon(shape);
          const targetAreaM2 = geodesicAreaM2(original) * 0.5;
          const outcome = await reduceGeometry(t.db.knex, multiPolygonFromGeoJson(t.db.knex, original), {
            strategy,
            largestPartOnly: true,
            targetAreaM2,
            floorM2: null,
            cut: { angleDegrees: 30, keepSide: "left" },
          });
          if (!outcome.ok) {
            expect(outcome.failure.reason).toBe("target-unreachable");
            cases.unreachable += 1;
            return;
          }
          cases.checked += 1;
          const geometry = JSON.parse(outcome.result.geoJson) as MultiPolygon;
          expect(outcome.result.parts).toBe(1);
          expect(Math.abs(geodesicAreaM2(geometry) / targetAreaM2 - 1)).toBeLessThan(1e-5);
          expect(await independentChecks(geometry, original)).toEqual({ valid: true, covered: true });
        },
      ),
      { numRuns: 20, seed: 4_5_3 },
    );
    expect(cases.checked + cases.unreachable).toBe(20);
    expect(cases.checked).toBeGreaterThanOrEqual(15); // 20 of 20 were checked with this seed (PostGIS 3.3)
  });
});

/**
 * Issue #16: exactly inside the original, in the storage CRS (no tolerance): ST_CoveredBy(result, original) and
 * ST_Area(ST_Difference(result, original)) = 0, over convex, concave, holed, multi-part and dumbbell shapes, with
 * the area on target ±0.1% (GeographicLib). The original is stored first, as a block's would be.
 */
type ShapeKind = "convex" | "concave" | "holed" | "multi-part" | "dumbbell";

function shapeOf(kind: ShapeKind, shape: Shape): MultiPolygon {
  const star = (s: Shape) => starPolygon(s).coordinates;
  const convex: Shape = { ...shape, radii: shape.radii.map(() => 1), hole: false };
  const [lng, lat] = shape.center;
  const offset = (dx: number): Shape => ({ ...convex, center: [lng + dx, lat] });
  switch (kind) {
    case "convex":
      return { type: "MultiPolygon", coordinates: [star(convex)] };
    case "concave":
      return { type: "MultiPolygon", coordinates: [star({ ...shape, hole: false })] };
    case "holed":
      return { type: "MultiPolygon", coordinates: [star({ ...shape, hole: true })] };
    case "multi-part":
      return { type: "MultiPolygon", coordinates: [star(convex), star(offset(shape.radiusKm / 25))] };
    case "dumbbell": {
      // Two discs joined by a narrow bar (a tenth of the radius wide).
      const r = shape.radiusKm / KM_PER_DEG_LAT;
      const bar: Position[] = [
        [lng, lat - r / 10],
        [lng + 3 * r, lat - r / 10],
        [lng + 3 * r, lat + r / 10],
        [lng, lat + r / 10],
        [lng, lat - r / 10],
      ];
      return { type: "MultiPolygon", coordinates: [star(convex), [bar], star(offset(3 * r))] };
    }
  }
}

async function exactChecks(result: MultiPolygon, originalBlockId: number) {
  const row = (
    await t.db.knex.raw(
      `select ST_IsValid(r) as valid, ST_CoveredBy(r, o) as covered, ST_Area(ST_Difference(r, o)) as outside
         from (select ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) as r, o from (select geom as o from blocks where id = ?) b) s`,
      [JSON.stringify(result), originalBlockId],
    )
  ).rows[0];
  return { valid: Boolean(row.valid), covered: Boolean(row.covered), outsideArea: Number(row.outside) };
}

describe("reductions lie exactly inside the original (storage CRS, no tolerance)", () => {
  const kinds: ShapeKind[] = ["convex", "concave", "holed", "multi-part", "dumbbell"];
  for (const strategy of ["inset", "cut"] as const) {
    it(`${strategy}: ST_CoveredBy is true and ST_Difference has area 0 on every kind of shape`, async () => {
      const parkId = (await t.db.knex("parks").select("id").first()).id as number;
      await fc.assert(
        fc.asyncProperty(
          shapeArbitrary,
          fc.constantFrom(...kinds),
          fc.double({ min: 0, max: 360, noNaN: true, maxExcluded: true }),
          async (shape, kind, angleDegrees) => {
            // Union of the parts (a dumbbell's bar overlaps its discs), stored as a block would be.
            const stored = await t.db.knex.raw(
              `insert into blocks (name, park_id, level, status, geom, area_m2, created_by, updated_by)
               select 'containment', ?, 'municipal', 'recognized', g, ST_Area(g::geography), 'test', 'test'
                 from (select ST_Multi(ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(?), 4490))) as g) s
               returning id, ST_AsGeoJSON(geom, 9, 0) as geojson`,
              [parkId, JSON.stringify(shapeOf(kind, shape))],
            );
            const { id, geojson } = stored.rows[0];
            const original = JSON.parse(geojson) as MultiPolygon;
            const targetAreaM2 = geodesicAreaM2(original) * 0.5;
            const outcome = await reduceGeometry(
              t.db.knex,
              t.db.knex.raw("(select geom from blocks where id = ?)", [id]),
              {
                strategy,
                largestPartOnly: false,
                targetAreaM2,
                floorM2: null,
                cut: { angleDegrees, keepSide: "left" },
              },
            );
            if (!outcome.ok) {
              // Only an inset of a shape too thin to keep half (the dumbbell's bar) may be unreachable.
              expect(outcome.failure.reason, JSON.stringify(outcome.failure)).toBe("target-unreachable");
              return;
            }
            const geometry = JSON.parse(outcome.result.geoJson) as MultiPolygon;
            expect(Math.abs(geodesicAreaM2(geometry) / targetAreaM2 - 1)).toBeLessThan(1e-3);
            expect(await exactChecks(geometry, id)).toEqual({ valid: true, covered: true, outsideArea: 0 });
          },
        ),
        { numRuns: 25, seed: strategy === "inset" ? 16_2_1 : 16_2_2 },
      );
    });
  }
});
