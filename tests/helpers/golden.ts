import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FeatureCollection } from "geojson";
import { expect } from "vitest";

/**
 * Golden fixtures in the style of Turf: `tests/fixtures/<topic>/in/<case>.geojson` (or another input file)
 * → `tests/fixtures/<topic>/out/<case>.json` (or `.txt`). A test compares what the code makes now with the
 * committed output and fails on a difference. `UPDATE_GOLDEN=1 npx vitest run tests/golden` rewrites the
 * outputs instead; review them as a diff before committing. Never in CI: there a missing or different output
 * is a failure.
 */
export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

const UPDATE = process.env.UPDATE_GOLDEN === "1";
if (UPDATE && process.env.CI === "true")
  throw new Error("UPDATE_GOLDEN=1 is refused in CI: goldens are reviewed diffs");

export interface GoldenCase {
  name: string;
  file: string;
}

/** The input files of a topic (`in/*<extension>`, every file for ""), sorted; a case is named without the extension given. */
export function goldenInputs(topic: string, extension = ".geojson"): GoldenCase[] {
  const dir = path.join(FIXTURES, topic, "in");
  return readdirSync(dir)
    .filter((file) => file.endsWith(extension))
    .sort()
    .map((file) => ({
      name: extension ? file.slice(0, -extension.length) : file,
      file: path.join(dir, file),
    }));
}

export function readGeoJson(file: string): FeatureCollection {
  return JSON.parse(readFileSync(file, "utf8")) as FeatureCollection;
}

/**
 * Numbers under these keys (at any depth) compare within `|a − b| ≤ absolute + relative·|b|`: figures that
 * PostGIS 3.3 (Debian) and 3.6 (PGlite), or ST_AsMVT and the Node tiler, compute a little differently.
 * Every other value must be equal.
 */
export type Tolerance = Record<string, { relative?: number; absolute?: number }>;

export function expectGoldenJson(topic: string, name: string, actual: unknown, tolerance?: Tolerance): void {
  const file = path.join(FIXTURES, topic, "out", `${name}.json`);
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  if (!existsSync(file))
    throw new Error(`${path.relative(FIXTURES, file)} is missing: run with UPDATE_GOLDEN=1`);
  const expected = JSON.parse(readFileSync(file, "utf8"));
  expect(tolerance ? approximately(actual, expected, tolerance, undefined) : actual).toEqual(expected);
}

export function expectGoldenText(topic: string, name: string, actual: string): void {
  const file = path.join(FIXTURES, topic, "out", `${name}.txt`);
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`${path.relative(FIXTURES, file)} is missing: run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/**
 * `actual` with every tolerated number that is close enough replaced by the expected one, so `toEqual`
 * then shows only the real differences.
 */
function approximately(
  actual: unknown,
  expected: unknown,
  tolerance: Tolerance,
  within: Tolerance[string] | undefined,
): unknown {
  if (typeof actual === "number" && typeof expected === "number" && within) {
    const allowed = (within.absolute ?? 0) + (within.relative ?? 0) * Math.abs(expected);
    return Math.abs(actual - expected) <= allowed ? expected : actual;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((item, i) => approximately(item, expected[i], tolerance, within));
  }
  if (isObject(actual) && isObject(expected)) {
    return Object.fromEntries(
      Object.entries(actual).map(([key, value]) => [
        key,
        approximately(value, expected[key], tolerance, tolerance[key] ?? within),
      ]),
    );
  }
  return actual;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
