import { describe, expect, it } from "vitest";
import { type ExitSettings, exitDecision } from "../../../../server/domain/exit-rule.js";
import { cutNormal, halfPlane, offsetRange } from "../../../../server/domain/reduction-cut.js";
import { checkReductionRequest } from "../../../../server/domain/reduction-request.js";
import { checkReduction, polsbyPopper, solverTargetM2 } from "../../../../server/domain/reduction-result.js";
import { solveDecreasing } from "../../../../server/domain/reduction-solver.js";
import { REDUCTION_TARGET_PROBLEMS, reductionTarget } from "../../../../server/domain/reduction-target.js";

const DEFAULTS: ExitSettings = {
  shareAtThreshold: "above",
  parkAreaBasis: "in-force-union",
  underFloorAction: "manual-review",
};

describe("exitDecision (pure, DOMAIN.md §4.5)", () => {
  const table: [number, number, number, string, number | null, number | null, boolean][] = [
    // areaKm2, share, rule, action, keepRatio, targetAreaKm2, floorApplied
    [1.5, 0.1, 1, "eliminate", 0, 0, false],
    [2, 0.1, 1, "eliminate", 0, 0, false], // a = 2 is "≤ 2"
    [2.0000001, 0.1, 3, "reduce", 0.5, 1.00000005, false],
    [1.5, 0.3, 2, "reduce", 0.5, 0.75, false],
    [2, 0.3, 2, "reduce", 0.5, 1, false],
    [2.0000001, 0.3, 4, "reduce", 0.75, 1.500000075, false],
    [4, 0.1, 3, "reduce", 0.5, 2, false],
    [4, 0.5, 4, "reduce", 0.75, 3, false],
    [1, 0.3, 2, "reduce", 0.5, 0.5, false], // exactly at the floor: not raised
    [0.8, 0.3, 2, "reduce", 0.5, 0.5, true],
    [0.5000001, 0.3, 2, "reduce", 0.5, 0.5, true],
    [0.5, 0.3, 2, "manual-review", null, null, false], // nothing left to cut above the floor
    [0.3, 0.3, 2, "manual-review", null, null, false],
    [0.3, 0.1, 1, "eliminate", 0, 0, false],
    [1.5, 0.2, 2, "reduce", 0.5, 0.75, false], // exactly 20%: "above" by default
    [1.5, 0.2 + 1e-12, 2, "reduce", 0.5, 0.75, false], // float noise around 20% is still "exactly 20%"
    [1.5, 0.19999, 1, "eliminate", 0, 0, false],
    [1.5, 0.20001, 2, "reduce", 0.5, 0.75, false],
  ];
  for (const [areaKm2, shareOfPark, rule, action, keepRatio, targetAreaKm2, floorApplied] of table) {
    it(`a ${areaKm2}, s ${shareOfPark} → row ${rule}, ${action}`, () => {
      const decision = exitDecision({ areaKm2, shareOfPark }, DEFAULTS);
      expect(decision).toMatchObject({ rule, action, keepRatio, floorApplied, settings: DEFAULTS });
      if (targetAreaKm2 === null) expect(decision.targetAreaKm2).toBeNull();
      else expect(decision.targetAreaKm2).toBeCloseTo(targetAreaKm2, 12);
    });
  }

  it("reads exactly 20% as below with shareAtThreshold=below, and only then", () => {
    const below = { ...DEFAULTS, shareAtThreshold: "below" as const };
    expect(exitDecision({ areaKm2: 1.5, shareOfPark: 0.2 }, below)).toMatchObject({
      rule: 1,
      shareClass: "at-threshold",
    });
    expect(exitDecision({ areaKm2: 3, shareOfPark: 0.2 }, below)).toMatchObject({ rule: 3, keepRatio: 0.5 });
    expect(exitDecision({ areaKm2: 3, shareOfPark: 0.21 }, below)).toMatchObject({ rule: 4 });
  });

  it("eliminates an under-floor row-2 block with underFloorAction=eliminate, saying why", () => {
    const settings = { ...DEFAULTS, underFloorAction: "eliminate" as const };
    const decision = exitDecision({ areaKm2: 0.4, shareOfPark: 0.5 }, settings);
    expect(decision).toMatchObject({
      rule: 2,
      action: "eliminate",
      underFloor: true,
      keepRatio: 0,
      targetAreaKm2: 0,
    });
    expect(decision.explanation.en).toContain("underFloorAction=eliminate");
    expect(decision.explanation.zh).toContain("0.5 km²");
  });

  it("refuses impossible inputs as programmer errors", () => {
    expect(() => exitDecision({ areaKm2: 0, shareOfPark: 0.1 }, DEFAULTS)).toThrow(RangeError);
    expect(() => exitDecision({ areaKm2: 1, shareOfPark: 1.5 }, DEFAULTS)).toThrow(RangeError);
    expect(() => exitDecision({ areaKm2: Number.NaN, shareOfPark: 0.1 }, DEFAULTS)).toThrow(RangeError);
  });
});

describe("reductionTarget", () => {
  it("uses the row's ratio, or a what-if ratio still bound by the row-2 floor", () => {
    const row2 = exitDecision({ areaKm2: 1.2, shareOfPark: 0.3 }, DEFAULTS);
    expect(reductionTarget(row2)).toMatchObject({
      ok: true,
      keepRatio: 0.5,
      targetAreaKm2: 0.6,
      floorApplied: false,
    });
    expect(reductionTarget(row2, 0.3)).toMatchObject({
      ok: true,
      targetAreaKm2: 0.5,
      floorApplied: true,
      overridden: true,
    });
    const row3 = exitDecision({ areaKm2: 3, shareOfPark: 0.1 }, DEFAULTS);
    expect(reductionTarget(row3, 0.1)).toMatchObject({ ok: true, floorApplied: false, floorKm2: null });
  });

  it("says why there is no target", () => {
    const row1 = exitDecision({ areaKm2: 1, shareOfPark: 0.1 }, DEFAULTS);
    expect(reductionTarget(row1)).toMatchObject({
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.ruleEliminates,
    });
    const manual = exitDecision({ areaKm2: 0.4, shareOfPark: 0.4 }, DEFAULTS);
    expect(reductionTarget(manual)).toMatchObject({
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.manualReview,
    });
    // A what-if on an under-floor block: the floor is above the whole block.
    expect(reductionTarget(manual, 0.5)).toMatchObject({
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.targetNotBelowArea,
    });
    expect(reductionTarget(row1, 1)).toMatchObject({
      ok: false,
      reason: REDUCTION_TARGET_PROBLEMS.badKeepRatio,
    });
  });
});

describe("solveDecreasing", () => {
  it("finds the root of a smooth decreasing function with Newton steps in a few evaluations", async () => {
    // A(d) = (100 − 2d)², the inset of a 100 m square: the half-area distance is 25(2 − √2).
    const result = await solveDecreasing({
      evaluate: async (d) => ({ value: (100 - 2 * d) ** 2, slope: -4 * (100 - 2 * d) }),
      target: 5000,
      lower: 0,
      valueAtLower: 10000,
      upper: 50,
      valueAtUpper: 0,
      start: 12.5,
      relativeTolerance: 1e-12,
      parameterTolerance: 1e-9,
      maxIterations: 50,
    });
    expect(result.outcome).toBe("converged");
    expect(result.x).toBeCloseTo(25 * (2 - Math.SQRT2), 9);
    expect(result.iterations).toBeLessThanOrEqual(6);
  });

  it("converges with secants when no slope is known", async () => {
    const result = await solveDecreasing({
      evaluate: async (t) => ({ value: 1 - t ** 3 }),
      target: 0.5,
      lower: 0,
      valueAtLower: 1,
      upper: 1,
      valueAtUpper: 0,
      start: 0.5,
      relativeTolerance: 1e-12,
      parameterTolerance: 1e-12,
      maxIterations: 50,
    });
    expect(result.outcome).toBe("converged");
    expect(result.x).toBeCloseTo(Math.cbrt(0.5), 10);
    expect(result.iterations).toBeLessThanOrEqual(12);
  });

  it("reports a jump that straddles the target instead of a wrong root", async () => {
    const result = await solveDecreasing({
      evaluate: async (x) => ({ value: x < 0.3 ? 1 - x : 0.4 - x }),
      target: 0.55,
      lower: 0,
      valueAtLower: 1,
      upper: 0.4,
      valueAtUpper: 0,
      start: 0.1,
      relativeTolerance: 1e-9,
      parameterTolerance: 1e-9,
      maxIterations: 100,
    });
    expect(result).toMatchObject({ outcome: "discontinuous" });
    if (result.outcome !== "discontinuous") return;
    expect(result.valueAbove).toBeCloseTo(0.7, 6);
    expect(result.valueBelow).toBeCloseTo(0.1, 6);
  });

  it("gives up after maxIterations", async () => {
    const result = await solveDecreasing({
      evaluate: async (x) => ({ value: 1 - x }),
      target: 0.123456,
      lower: 0,
      valueAtLower: 1,
      upper: 1,
      start: 0.9,
      relativeTolerance: 0,
      parameterTolerance: 0,
      maxIterations: 3,
    });
    expect(result.outcome).toBe("not-converged");
    expect(result.iterations).toBe(3);
  });
});

describe("cut geometry", () => {
  it("turns bearing and side into the normal of the kept side", () => {
    const west = cutNormal(0, "left");
    expect(west.ok && west.normal.x).toBeCloseTo(-1, 12);
    const north = cutNormal(90, "left");
    expect(north.ok && north.normal.y).toBeCloseTo(1, 12);
    const south = cutNormal(90, "south");
    expect(south.ok && south.normal.y).toBeCloseTo(-1, 12);
    const east = cutNormal(45, "east");
    expect(east.ok && east.normal.x).toBeCloseTo(Math.SQRT1_2, 12);
    expect(east.ok && east.normal.y).toBeCloseTo(-Math.SQRT1_2, 12);
    const anchor = cutNormal(0, "anchor", { x: 500, y: 3 });
    expect(anchor.ok && anchor.normal.x).toBeCloseTo(1, 12);
    expect(cutNormal(0, "north").ok).toBe(false);
    expect(cutNormal(0, "anchor").ok).toBe(false);
  });

  it("brackets the offsets by the bounding box and builds the kept half-plane", () => {
    const range = offsetRange({ xmin: 0, ymin: 0, xmax: 10, ymax: 4 }, { x: 5, y: 2 }, { x: 0, y: 1 });
    expect(range).toEqual({ min: -2, max: 2 });
    const ring = halfPlane({ x: 5, y: 2 }, { x: 0, y: 1 }, 1, 100);
    expect(ring[0]).toEqual(ring[4]);
    expect(Math.min(...ring.map((p) => p.y))).toBeCloseTo(3, 12);
    expect(Math.max(...ring.map((p) => p.y))).toBeCloseTo(203, 12);
  });
});

describe("reduction results", () => {
  it("computes Polsby-Popper compactness", () => {
    expect(polsbyPopper(Math.PI, 2 * Math.PI)).toBeCloseTo(1, 12); // unit disc
    expect(polsbyPopper(1, 4)).toBeCloseTo(Math.PI / 4, 12); // unit square
    expect(polsbyPopper(1, 0)).toBe(0);
  });

  it("aims just above a binding floor and checks every result", () => {
    expect(solverTargetM2(400_000, 500_000)).toBeCloseTo(500_000.5, 6);
    expect(solverTargetM2(700_000, 500_000)).toBe(700_000);
    expect(solverTargetM2(700_000, null)).toBe(700_000);
    const ok = checkReduction(
      { valid: true, coveredByOriginal: true, areaM2: 1000.5, parts: 1 },
      1000,
      null,
      0.001,
    );
    expect(ok).toMatchObject({ valid: true, withinTolerance: true, aboveFloor: null });
    const off = checkReduction(
      { valid: true, coveredByOriginal: true, areaM2: 1002, parts: 1 },
      1000,
      1001,
      0.001,
    );
    expect(off).toMatchObject({ withinTolerance: false, aboveFloor: true });
    const under = checkReduction(
      { valid: true, coveredByOriginal: false, areaM2: 999.9, parts: 1 },
      1000,
      1000,
      0.001,
    );
    expect(under).toMatchObject({ coveredByOriginal: false, aboveFloor: false });
  });
});

describe("checkReductionRequest", () => {
  it("fills defaults and normalises the angle", () => {
    const check = checkReductionRequest({ strategy: "cut", angleDegrees: -90 });
    expect(check).toEqual({
      valid: true,
      request: { strategy: "cut", largestPartOnly: false, angleDegrees: 270, keepSide: "left" },
    });
    expect(checkReductionRequest({})).toMatchObject({ valid: true, request: { strategy: "inset" } });
  });

  it("refuses bad fields by name", () => {
    const cases: [unknown, string][] = [
      [{ strategy: "melt" }, "strategy"],
      [{ keepRatio: 1 }, "keepRatio"],
      [{ keepRatio: "0.5" }, "keepRatio"],
      [{ largestPartOnly: "yes" }, "largestPartOnly"],
      [{ angleDegrees: Number.NaN }, "angleDegrees"],
      [{ keepSide: "up" }, "keepSide"],
      [{ strategy: "cut", keepSide: "anchor" }, "anchor"],
      [{ strategy: "cut", keepSide: "anchor", anchor: [200, 40] }, "anchor"],
      [{ strategy: "cut", angleDegrees: 0, keepSide: "north" }, "keepSide"],
      [{ colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases)
      expect(checkReductionRequest(body)).toMatchObject({ valid: false, field });
    expect(checkReductionRequest([])).toMatchObject({ valid: false });
  });
});
