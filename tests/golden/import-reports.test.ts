import { readFileSync } from "node:fs";
import type { FeatureCollection, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { expectGoldenJson, goldenInputs } from "../helpers/golden.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Import reports: small files of several formats (tests/fixtures/import-reports/in) → the report the upload
 * answers with (out/*.json): format, encoding, CRS detected, per-feature outcome and reasons, areas, the
 * proposed field mapping. The preview id is left out (it differs from run to run).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe("golden import reports", () => {
  for (const { name, file } of goldenInputs("import-reports", "")) {
    it(name, async () => {
      const fileName = file.split("/").at(-1) as string;
      const response = await upload(t.app, fileName, readFileSync(file));
      const { id, ...report } = response.json();
      expect({ statusCode: response.statusCode, id: typeof id }).toEqual({ statusCode: 201, id: "string" });
      // Independent of the golden file: an accepted lon/lat feature has its GeographicLib area.
      if (fileName.endsWith(".geojson")) {
        const input = JSON.parse(readFileSync(file, "utf8")) as FeatureCollection;
        for (const feature of report.features.filter(
          (entry: { outcome: string }) => entry.outcome === "accepted",
        )) {
          const reference = geodesicAreaM2(input.features[feature.index].geometry as Polygon);
          expect(Math.abs(feature.areaM2 / reference - 1)).toBeLessThan(1e-9);
        }
      }
      expectGoldenJson("import-reports", name, report, {
        areaM2: { relative: 1e-9 },
        areaKm2: { relative: 1e-9 },
        areaHectares: { relative: 1e-9 },
        // Overlaps with stored blocks (issue #18 item 3): PGlite's and PostgreSQL's GEOS differ at ~1e-11.
        overlapKm2: { relative: 1e-9 },
        shareOfGeometry: { relative: 1e-9 },
        shareOfOther: { relative: 1e-9 },
      });
    });
  }
});
