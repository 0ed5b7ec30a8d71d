import type { Knex } from "knex";
import { cutNormal, halfPlane, type KeepSide, offsetRange } from "../domain/reduction-cut.js";
import {
  checkReduction,
  passes,
  polsbyPopper,
  REDUCTION_FAILURES,
  type ReductionFailure,
  type ReductionOutcome,
  type ReductionParameters,
  type ReductionStrategy,
  SOLVER_RELATIVE_TOLERANCE,
  solverTargetM2,
} from "../domain/reduction-result.js";
import { type Evaluation, type SolveResult, solveDecreasing } from "../domain/reduction-solver.js";
import { m2ToKm2 } from "../domain/units.js";
import type { SqlBuilder } from "./geometry.js";
import {
  cutSql,
  finishGeometry,
  GeometryEngineError,
  insetSql,
  type KeptSql,
  largestPartSql,
  measureStep,
  type PreparedOriginal,
  prepareOriginal,
} from "./reduction-sql.js";

export interface ReductionSpec {
  strategy: ReductionStrategy;
  /** Keep only the largest part of the result, re-solved to the target. */
  largestPartOnly: boolean;
  /** Ellipsoidal area to keep, m². */
  targetAreaM2: number;
  /** The floor the result must not go under (§4.5 row 2), m², or null. */
  floorM2: number | null;
  cut?: { angleDegrees: number; keepSide: KeepSide; anchorLngLat?: [number, number] };
}

/** Inputs larger than this are refused before any GEOS work (a block has tens to thousands of vertices). */
export const MAX_POINTS = 50_000;
/** An inset needs room: under this inscribed radius the block is a sliver and only a cut makes sense. */
export const MIN_INSCRIBED_RADIUS_M = 0.5;
/** Coverage is exact: results are clipped to the original in the storage CRS (reduction-sql.ts). */
export const COVERAGE_TOLERANCE_M = 0;
/** Solver limits: a bracket narrower than this is a jump of the area, not a root. */
const PARAMETER_TOLERANCE_M = 1e-6;
const MAX_ITERATIONS = 60;

/**
 * Reduces a polygon (SQL for a MultiPolygon in the storage SRID: a block's geometry or a GeoJSON literal) to
 * the target area by the strategy, checks the result and reports it. Never returns an unchecked shape.
 */
export async function reduceGeometry(
  db: SqlBuilder,
  original: Knex.Raw,
  spec: ReductionSpec,
): Promise<ReductionOutcome> {
  try {
    return await reduce(db, original, spec);
  } catch (error) {
    if (!(error instanceof GeometryEngineError)) throw error;
    return {
      ok: false,
      failure: {
        reason: REDUCTION_FAILURES.engineFailure,
        message: `${error.message} Try another strategy.`,
      },
    };
  }
}

async function reduce(db: SqlBuilder, original: Knex.Raw, spec: ReductionSpec): Promise<ReductionOutcome> {
  const prepared = await prepareOriginal(db, original, {
    inscribedRadius: spec.strategy === "inset",
    anchorLngLat: spec.cut?.anchorLngLat,
  });
  const refused = guard(prepared, spec);
  if (refused) return { ok: false, failure: refused };

  const solverTarget = solverTargetM2(spec.targetAreaM2, spec.floorM2);
  const plan = spec.strategy === "inset" ? insetPlan(prepared, spec) : cutPlan(prepared, spec);
  if ("reason" in plan) return { ok: false, failure: plan };

  const planarToEllipsoidal = prepared.areaM2 / prepared.planarAreaM2;
  const steps = { count: 0 };
  const evaluate = async (x: number): Promise<Evaluation> => {
    steps.count++;
    const measure = await measureStep(db, prepared, plan.kept(x));
    const scale = measure.planarAreaM2 > 0 ? measure.areaM2 / measure.planarAreaM2 : planarToEllipsoidal;
    const rate = plan.rateOf(measure);
    return { value: measure.areaM2, slope: rate === null ? undefined : -rate * scale };
  };

  let valueAtLower = prepared.areaM2;
  if (spec.largestPartOnly && prepared.parts > 1) valueAtLower = (await evaluate(plan.lower)).value;
  if (!(valueAtLower > solverTarget)) {
    return unreachable(
      `The largest part of the block keeps only ${m2ToKm2(valueAtLower).toFixed(4)} km², not the target.`,
      { largestPartAreaKm2: m2ToKm2(valueAtLower) },
    );
  }
  const solved = await solveDecreasing({
    evaluate,
    target: solverTarget,
    lower: plan.lower,
    valueAtLower,
    upper: plan.upper,
    valueAtUpper: 0,
    start: plan.start(valueAtLower, solverTarget),
    relativeTolerance: SOLVER_RELATIVE_TOLERANCE,
    parameterTolerance: PARAMETER_TOLERANCE_M,
    maxIterations: MAX_ITERATIONS,
  });
  if (solved.outcome !== "converged") return { ok: false, failure: solveFailure(solved, spec) };

  const finished = await finishGeometry(db, prepared, plan.kept(solved.x), prepared.gkSrid);
  const checks = checkReduction(finished, spec.targetAreaM2, spec.floorM2, COVERAGE_TOLERANCE_M);
  const errorRatio = (finished.areaM2 - spec.targetAreaM2) / spec.targetAreaM2;
  if (!passes(checks)) {
    return {
      ok: false,
      failure: {
        reason: REDUCTION_FAILURES.checkFailed,
        message: "The reduced boundary failed a check (validity, coverage, target or floor): not returned.",
        details: {
          checks,
          areaKm2: m2ToKm2(finished.areaM2),
          errorRatio,
          parameters: plan.parameters(solved.x),
        },
      },
    };
  }
  return {
    ok: true,
    result: {
      strategy: spec.strategy,
      largestPartOnly: spec.largestPartOnly,
      parameters: plan.parameters(solved.x),
      geoJson: finished.geoJson,
      areaM2: finished.areaM2,
      targetAreaM2: spec.targetAreaM2,
      originalAreaM2: prepared.areaM2,
      errorRatio,
      parts: finished.parts,
      compactness: polsbyPopper(finished.planarAreaM2, finished.perimeterM),
      iterations: steps.count,
      gkSrid: prepared.gkSrid,
      checks,
    },
  };
}

interface Plan {
  lower: number;
  upper: number;
  start(valueAtLower: number, target: number): number;
  kept(x: number): KeptSql;
  /** −dA/dx in the plane from a step's measure, or null when unknown (then the solver takes secants). */
  rateOf(measure: { perimeterM: number }): number | null;
  parameters(x: number): ReductionParameters;
}

function guard(prepared: PreparedOriginal, spec: ReductionSpec): ReductionFailure | undefined {
  if (prepared.points > MAX_POINTS) {
    return {
      reason: REDUCTION_FAILURES.tooComplex,
      message: `The boundary has ${prepared.points} vertices; reductions take at most ${MAX_POINTS}.`,
    };
  }
  if (prepared.empty || !prepared.valid || !prepared.validInGk || !(prepared.areaM2 > 0)) {
    return {
      reason: REDUCTION_FAILURES.invalidOriginal,
      message: "The original boundary is empty or not valid (in lon/lat or in the Gauss-Krüger zone).",
    };
  }
  const solverTarget = solverTargetM2(spec.targetAreaM2, spec.floorM2);
  if (!(spec.targetAreaM2 > 0) || !(solverTarget < prepared.areaM2)) {
    return {
      reason: REDUCTION_FAILURES.targetUnreachable,
      message: `The area to keep (${m2ToKm2(solverTarget).toFixed(6)} km²) must be above 0 and below the block's area (${m2ToKm2(prepared.areaM2).toFixed(6)} km²).`,
      details: { targetAreaKm2: m2ToKm2(spec.targetAreaM2), areaKm2: m2ToKm2(prepared.areaM2) },
    };
  }
  return undefined;
}

function insetPlan(prepared: PreparedOriginal, spec: ReductionSpec): Plan | ReductionFailure {
  const radius = prepared.inscribedRadiusM ?? 0;
  if (radius < MIN_INSCRIBED_RADIUS_M) {
    return {
      reason: REDUCTION_FAILURES.sliver,
      message: `The block is a sliver (largest inscribed circle radius ${radius.toFixed(3)} m): an inset would collapse it. Use a cut.`,
      details: { inscribedRadiusM: radius },
    };
  }
  const { bbox } = prepared;
  // ST_MaximumInscribedCircle finds the radius to 1/1000 of the extent: past this the inset is surely empty.
  const upper = radius + Math.max(bbox.xmax - bbox.xmin, bbox.ymax - bbox.ymin) / 1000;
  const scale = prepared.areaM2 / prepared.planarAreaM2;
  return {
    lower: 0,
    upper,
    // Newton from d = 0, where the area falls at the rate of the perimeter.
    start: (valueAtLower, target) =>
      spec.largestPartOnly && prepared.parts > 1
        ? upper / 2
        : (valueAtLower - target) / (prepared.perimeterM * scale),
    kept: (d) => (spec.largestPartOnly ? largestPartSql(insetSql(d), prepared.gkSrid) : insetSql(d)),
    rateOf: (measure) => measure.perimeterM,
    parameters: (d) => ({ strategy: "inset", distanceM: d, inscribedRadiusM: radius }),
  };
}

function cutPlan(prepared: PreparedOriginal, spec: ReductionSpec): Plan | ReductionFailure {
  const cut = spec.cut ?? { angleDegrees: 0, keepSide: "left" as const };
  const anchor = prepared.anchor
    ? { x: prepared.anchor.x - prepared.centroid.x, y: prepared.anchor.y - prepared.centroid.y }
    : undefined;
  const normal = cutNormal(cut.angleDegrees, cut.keepSide, anchor);
  if (!normal.ok) return { reason: REDUCTION_FAILURES.ambiguousSide, message: normal.message };
  const { bbox, centroid } = prepared;
  const range = offsetRange(bbox, centroid, normal.normal);
  const extent = Math.hypot(bbox.xmax - bbox.xmin, bbox.ymax - bbox.ymin) + 100;
  const plane = (t: number) => halfPlane(centroid, normal.normal, t, extent);
  return {
    lower: range.min,
    upper: range.max,
    // A first guess as if the area were spread evenly across the offsets.
    start: (valueAtLower, target) => range.max - (target / valueAtLower) * (range.max - range.min),
    kept: (t) => {
      const clip = cutSql(plane(t), prepared.gkSrid);
      return spec.largestPartOnly ? largestPartSql(clip, prepared.gkSrid) : clip;
    },
    // The chord along the cut would give the slope, but intersecting a polygon with a line on its own
    // boundary trips GEOS (silently, in PGlite): secants converge nearly as fast.
    rateOf: () => null,
    parameters: (t) => ({
      strategy: "cut",
      angleDegrees: cut.angleDegrees,
      keepSide: cut.keepSide,
      offsetM: t,
      normal: [normal.normal.x, normal.normal.y],
    }),
  };
}

function solveFailure(solved: Exclude<SolveResult, { outcome: "converged" }>, spec: ReductionSpec) {
  if (solved.outcome === "discontinuous") {
    return unreachable(
      `No ${spec.strategy} position keeps exactly the target: the kept ${spec.largestPartOnly ? "largest part" : "area"} jumps from ${m2ToKm2(solved.valueAbove).toFixed(4)} to ${m2ToKm2(solved.valueBelow).toFixed(4)} km² there (the shape splits).`,
      { closestAboveKm2: m2ToKm2(solved.valueAbove), closestBelowKm2: m2ToKm2(solved.valueBelow) },
    ).failure;
  }
  return {
    reason: REDUCTION_FAILURES.notConverged,
    message: `The ${spec.strategy} did not reach the target in ${solved.iterations} steps.`,
    details: { closestAreaKm2: m2ToKm2(solved.value) },
  };
}

function unreachable(
  message: string,
  details: Record<string, unknown>,
): { ok: false; failure: ReductionFailure } {
  return { ok: false, failure: { reason: REDUCTION_FAILURES.targetUnreachable, message, details } };
}
