import type { KeepSide } from "./reduction-cut.js";

/** 压减 — a reduced boundary: what it is, how it was made, and the checks it passed (DOMAIN.md §4.5). */
export const REDUCTION_STRATEGIES = ["inset", "cut"] as const;
export type ReductionStrategy = (typeof REDUCTION_STRATEGIES)[number];

export function isReductionStrategy(value: unknown): value is ReductionStrategy {
  return typeof value === "string" && (REDUCTION_STRATEGIES as readonly string[]).includes(value);
}

export type ReductionParameters =
  | { strategy: "inset"; distanceM: number; inscribedRadiusM: number }
  | { strategy: "cut"; angleDegrees: number; keepSide: KeepSide; offsetM: number; normal: [number, number] };

/** Why a reduction was not produced. Every failure is reported with one of these, never as a wrong shape. */
export const REDUCTION_FAILURES = {
  invalidOriginal: "invalid-original",
  tooComplex: "too-complex",
  sliver: "sliver",
  ambiguousSide: "ambiguous-side",
  targetUnreachable: "target-unreachable",
  notConverged: "not-converged",
  checkFailed: "check-failed",
  engineFailure: "geometry-engine-failure",
} as const;
export type ReductionFailureReason = (typeof REDUCTION_FAILURES)[keyof typeof REDUCTION_FAILURES];

export interface ReductionFailure {
  reason: ReductionFailureReason;
  message: string;
  details?: Record<string, unknown>;
}

export interface ReductionChecks {
  valid: boolean;
  /** Covered by the original in the GK frame, up to `coverageToleranceM`. */
  coveredByOriginal: boolean;
  coverageToleranceM: number;
  /** |errorRatio| ≤ the ±0.1% the issue allows. */
  withinTolerance: boolean;
  /** At or above the 0.5 km² floor, or null when no floor applies. */
  aboveFloor: boolean | null;
}

export interface ReductionResult {
  strategy: ReductionStrategy;
  largestPartOnly: boolean;
  parameters: ReductionParameters;
  /** The reduced boundary as GeoJSON MultiPolygon text, lon/lat to 1e-9° (exactly what would be stored). */
  geoJson: string;
  /** Ellipsoidal areas (GRS80) of the stored geometry, m². */
  areaM2: number;
  targetAreaM2: number;
  originalAreaM2: number;
  /** (area − target) ÷ target. */
  errorRatio: number;
  parts: number;
  /** Polsby-Popper 4πA/P² in the GK plane (1 for a disc). */
  compactness: number;
  iterations: number;
  gkSrid: number;
  checks: ReductionChecks;
}

export type ReductionOutcome =
  | { ok: true; result: ReductionResult }
  | { ok: false; failure: ReductionFailure };

/** The bound on the kept area: within ±0.1% of the target. */
export const MAX_ERROR_RATIO = 1e-3;
/** The solver aims far tighter; vertex rounding to 1e-9° then moves the area by ~1e-7. */
export const SOLVER_RELATIVE_TOLERANCE = 2e-9;
/**
 * When a floor binds, the solver aims this far above it so rounding never lands under it
 * (0.5 km² × 1e-6 = 0.5 m²).
 */
export const FLOOR_MARGIN_RELATIVE = 1e-6;

/** Polsby-Popper compactness 4πA/P² (A, P in the same planar frame). */
export function polsbyPopper(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (4 * Math.PI * areaM2) / (perimeterM * perimeterM) : 0;
}

/** The area the solver aims at: the target, lifted just over a binding floor. */
export function solverTargetM2(targetAreaM2: number, floorM2: number | null): number {
  return floorM2 === null ? targetAreaM2 : Math.max(targetAreaM2, floorM2 * (1 + FLOOR_MARGIN_RELATIVE));
}

export interface MeasuredResult {
  valid: boolean;
  coveredByOriginal: boolean;
  areaM2: number;
  parts: number;
}

/** The checks every result must pass before it is shown or stored. */
export function checkReduction(
  measured: MeasuredResult,
  targetAreaM2: number,
  floorM2: number | null,
  coverageToleranceM: number,
): ReductionChecks {
  const errorRatio = (measured.areaM2 - targetAreaM2) / targetAreaM2;
  return {
    valid: measured.valid && measured.parts > 0,
    coveredByOriginal: measured.coveredByOriginal,
    coverageToleranceM,
    withinTolerance: Math.abs(errorRatio) <= MAX_ERROR_RATIO,
    aboveFloor: floorM2 === null ? null : measured.areaM2 >= floorM2,
  };
}

export function passes(checks: ReductionChecks): boolean {
  return checks.valid && checks.coveredByOriginal && checks.withinTolerance && checks.aboveFloor !== false;
}
