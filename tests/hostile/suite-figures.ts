import path from "node:path";

/** One hostile suite's figures (suite-meter.ts measures them, summary-reporter.ts prints them). */
export interface SuiteFigures {
  suite: string;
  database: "pglite" | "postgresql";
  cases: number;
  endpoints: number;
  /** The endpoints themselves ("METHOD /route/:param"), for the union over suites. */
  endpointNames: string[];
  fiveXx: number;
  /** The suite's first answer, apart: the first write of a fresh database warms PostGIS up (seconds on PGlite). */
  firstMs: number;
  firstRequest: string;
  /** The slowest answer after the first. */
  worstMs: number;
  worstRequest: string;
  peakRssMb: number;
  finishedAt: string;
}

export const FIGURES_DIR = path.resolve(import.meta.dirname, "../../test-results/hostile");

export function databaseKind(): SuiteFigures["database"] {
  return process.env.DATABASE_URL ? "postgresql" : "pglite";
}
