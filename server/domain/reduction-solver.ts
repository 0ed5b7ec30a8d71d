/**
 * Solves f(x) = target for a non-increasing f on [lower, upper] — the kept area as a function of an inset
 * distance or a cut offset. Safeguarded Newton: the Newton step when the evaluation knows its slope (dA/dd is
 * minus the perimeter of the inset shape, dA/dt minus the chord along the cut), else a secant; a step that
 * leaves the bracket becomes false position, and slow progress a bisection. So it converges fast on smooth
 * areas and still ends on a jump (keep-the-largest-part can drop suddenly when a shape splits), where it
 * reports the two sides of the jump instead of a wrong answer.
 */
export interface Evaluation {
  value: number;
  /** df/dx at x when known (≤ 0). */
  slope?: number;
}

export interface SolveOptions {
  evaluate: (x: number) => Promise<Evaluation>;
  target: number;
  lower: number;
  /** f(lower), which must be above the target. */
  valueAtLower: number;
  upper: number;
  /** f(upper) when known (below the target). */
  valueAtUpper?: number;
  /** First x to evaluate; outside (lower, upper) → the midpoint. */
  start: number;
  /** Stop when |f(x) − target| ≤ relativeTolerance × target. */
  relativeTolerance: number;
  /** A bracket narrower than this (in x units) holds a jump of f, not a root. */
  parameterTolerance: number;
  maxIterations: number;
}

export type SolveResult =
  | { outcome: "converged"; x: number; value: number; iterations: number }
  | {
      outcome: "discontinuous";
      /** f just before and after the jump that straddles the target. */
      valueAbove: number;
      valueBelow: number;
      x: number;
      iterations: number;
    }
  | { outcome: "not-converged"; x: number; value: number; iterations: number };

/** A bracket this narrow with f this close to the target is a root found to the precision of x. */
const NEAR_ROOT_RELATIVE = 1e-6;
/**
 * Bisect when a step neither halved the bracket nor halved the best residual: Newton and secant steps do far
 * better on a smooth area, and near a jump this forces the bracket to shrink at least every other step.
 */
const STALL_STEPS = 1;

export async function solveDecreasing(options: SolveOptions): Promise<SolveResult> {
  const { evaluate, target, relativeTolerance, parameterTolerance, maxIterations } = options;
  let lo = options.lower;
  let fLo = options.valueAtLower;
  let hi = options.upper;
  let fHi = options.valueAtUpper ?? Number.NaN;
  let x = inside(options.start, lo, hi) ? options.start : (lo + hi) / 2;
  let previous: { x: number; value: number } | undefined;
  let widthAtLastHalving = hi - lo;
  let stalled = 0;
  let best = { x, value: Number.NaN, residual: Number.POSITIVE_INFINITY };

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const { value, slope } = await evaluate(x);
    const residual = Math.abs(value - target);
    const lastResidual = best.residual;
    if (residual < best.residual) best = { x, value, residual };
    if (residual <= relativeTolerance * target)
      return { outcome: "converged", x, value, iterations: iteration };
    if (value > target) {
      lo = x;
      fLo = value;
    } else {
      hi = x;
      fHi = value;
    }
    if (hi - lo <= parameterTolerance) {
      if (best.residual <= NEAR_ROOT_RELATIVE * target) {
        return { outcome: "converged", x: best.x, value: best.value, iterations: iteration };
      }
      return { outcome: "discontinuous", valueAbove: fLo, valueBelow: fHi, x: lo, iterations: iteration };
    }

    let next = Number.NaN;
    if (slope !== undefined && slope < 0 && Number.isFinite(slope)) next = x - (value - target) / slope;
    else if (previous && previous.value !== value) {
      next = x - ((value - target) * (x - previous.x)) / (value - previous.value);
    }
    if (!inside(next, lo, hi) && Number.isFinite(fHi) && fLo !== fHi) {
      next = lo + ((fLo - target) / (fLo - fHi)) * (hi - lo);
    }
    if (hi - lo <= widthAtLastHalving / 2) {
      widthAtLastHalving = hi - lo;
      stalled = 0;
    } else {
      stalled++;
    }
    const fastProgress = residual < lastResidual / 2;
    if (!inside(next, lo, hi) || (stalled >= STALL_STEPS && !fastProgress)) {
      next = (lo + hi) / 2;
      stalled = 0;
    }
    previous = { x, value };
    x = next;
  }
  return { outcome: "not-converged", x: best.x, value: best.value, iterations: maxIterations };
}

function inside(x: number, lo: number, hi: number): boolean {
  return Number.isFinite(x) && x > lo && x < hi;
}
