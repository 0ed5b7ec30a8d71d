import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import type { MultiPolygon, Polygon } from "geojson";

/**
 * Files written by GDAL's own drivers (Debian gdal-bin, installed by .ci/run), made in the test from the
 * committed fixture `fixtures/gdal-blocks.geojson`. A missing ogr2ogr fails the test with a clear message:
 * these tests must never skip.
 */
export const FIXTURE_DIR = path.join(import.meta.dirname, "fixtures");

export interface FixtureBlock {
  name: string;
  code: string;
  geometry: Polygon | MultiPolygon;
  properties: Record<string, string>;
}

export function fixtureBlocks(): FixtureBlock[] {
  const collection = JSON.parse(readFileSync(path.join(FIXTURE_DIR, "gdal-blocks.geojson"), "utf8"));
  return collection.features.map(
    (feature: { geometry: Polygon | MultiPolygon; properties: Record<string, string> }) => ({
      name: feature.properties.区块名称,
      code: feature.properties.区块编号,
      geometry: feature.geometry,
      properties: feature.properties,
    }),
  );
}

export function requireGdal(): void {
  try {
    execFileSync("ogr2ogr", ["--version"], { encoding: "utf8" });
  } catch {
    throw new Error(
      "ogr2ogr is not installed: these tests read files written by GDAL's own drivers. Install gdal-bin (apt-get install gdal-bin; .ci/run does).",
    );
  }
}

/**
 * Runs ogr2ogr in a fresh folder holding the fixture (as `blocks.geojson`) and returns every file it
 * wrote, by name. `edit` may change the files before they are returned (drop a .cpg, rewrite it).
 */
export function ogr2ogr(output: string, args: string[], extra: string[][] = []): Record<string, Uint8Array> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ogr2ogr-"));
  try {
    writeFileSync(
      path.join(dir, "blocks.geojson"),
      readFileSync(path.join(FIXTURE_DIR, "gdal-blocks.geojson")),
    );
    execFileSync("ogr2ogr", [...args, path.join(dir, output), path.join(dir, "blocks.geojson")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const more of extra) {
      execFileSync("ogr2ogr", [...more, path.join(dir, output), path.join(dir, "blocks.geojson")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    }
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (name === "blocks.geojson") continue;
      try {
        files[name] = new Uint8Array(readFileSync(path.join(dir, name)));
      } catch {
        // a folder (the Shapefile driver writes into one)
      }
    }
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Shapefile parts ogr2ogr wrote into folder `out`, zipped flat, optionally with the .cpg changed. */
export function zipShapefile(files: Record<string, Uint8Array>, cpg?: string | null): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    const base = name.replace(/^.*\//, "");
    if (base.endsWith(".cpg") && cpg !== undefined) continue;
    entries[base] = data;
  }
  if (cpg) entries["blocks.cpg"] = new TextEncoder().encode(cpg);
  return zipSync(entries);
}

/** `ogrinfo -ro -al` of files (written to a temporary folder): the full text, for names and values. */
export function ogrinfoText(
  files: Record<string, Uint8Array | string>,
  open: string,
  args: string[] = [],
): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ogrinfo-"));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    return execFileSync("ogrinfo", ["-ro", "-al", ...args, path.join(dir, open)], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
