import { unzipSync, zipSync } from "fflate";
import type { Position } from "geojson";
import type { Browser } from "playwright-core";
import { describe, expect, test } from "vitest";
import type { ExportTable } from "../../server/formats/block-records.js";
import { writeShapefile } from "../../server/formats/shapefile-write.js";
import { cs2cs } from "../formats/helpers.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { blocksFromApi, getJson, openApp, screenshot, withBrowserSuite } from "./review-helpers.js";

/**
 * Issue #7's "done when", as a planner does it: import a zipped Shapefile in CGCS2000 Gauss-Krüger zone 39 from
 * the UI, read the report, commit, and download the catalogue submission package (which leaves the new
 * candidate out: it lists blocks in force).
 */
const PRJ_GK_ZONE_39 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
  'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],' +
  'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

// A 0.004° × 0.003° block near Shangdi, in lon/lat; the file carries it in GK zone 39 metres (PROJ's cs2cs).
const RING_LNG_LAT: Position[] = [
  [116.27, 40.06],
  [116.274, 40.06],
  [116.274, 40.063],
  [116.27, 40.063],
  [116.27, 40.06],
];

let browser: Browser;
let baseUrl: string;

withBrowserSuite((suite) => {
  ({ browser, baseUrl } = suite);
});

function zippedShapefile(): Uint8Array {
  const table: ExportTable = {
    fields: [
      { name: "DKMC", type: "string" },
      { name: "DKBH", type: "string" },
    ],
    rows: [
      {
        geometry: { type: "MultiPolygon", coordinates: [[cs2cs("EPSG:4490", "EPSG:4548", RING_LNG_LAT)]] },
        values: { DKMC: "上地北扩区块（导入）", DKBH: "UI-GK39-1" },
      },
    ],
  };
  const parts = writeShapefile(table, { prj: PRJ_GK_ZONE_39 });
  return zipSync({
    "候选区块.shp": parts.shp,
    "候选区块.shx": parts.shx,
    "候选区块.dbf": parts.dbf,
    "候选区块.cpg": new TextEncoder().encode(parts.cpg),
    "候选区块.prj": new TextEncoder().encode(PRJ_GK_ZONE_39),
  });
}

describe("import a GK zone 39 Shapefile from the UI, then export the catalogue package", {
  timeout: 180_000,
}, () => {
  test("report, commit, stored area, catalogue package", async () => {
    const parks = await getJson<{ id: number; name: string }[]>(baseUrl, "/api/parks");
    const { page, errors } = await openApp(browser, baseUrl);
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "候选区块.zip",
      mimeType: "application/zip",
      buffer: Buffer.from(zippedShapefile()),
    });
    await page.getByTestId("import-upload").click();
    await page.getByTestId("import-report").waitFor();
    await expect(page.getByTestId("import-crs-found").textContent()).resolves.toContain("EPSG:4548");
    await expect(page.getByTestId("import-summary").textContent()).resolves.toContain("1");
    await page.getByTestId("import-park").selectOption(String(parks[3].id));
    await page.getByTestId("import-level").selectOption("municipal");
    await page.getByTestId("import-commit").scrollIntoViewIfNeeded();
    await screenshot(page, "import-shapefile-gk39-report.png");
    await page.getByTestId("import-commit").click();
    await expect.poll(() => page.getByTestId("import-done").textContent()).toContain("1");

    const imported = (await blocksFromApi(baseUrl)).find((block) => block.properties.code === "UI-GK39-1");
    expect(imported?.properties).toMatchObject({ parkId: parks[3].id, level: "municipal", version: 1 });
    // The stored ellipsoidal area is the lon/lat block's, to the rounding of the file's metres.
    const expectedKm2 = geodesicAreaM2({ type: "Polygon", coordinates: [RING_LNG_LAT] }) / 1e6;
    expect(Math.abs((imported?.properties.areaKm2 ?? 0) - expectedKm2) / expectedKm2).toBeLessThan(1e-6);

    await page.getByTestId("import-dialog").press("Escape");
    await page.getByTestId("open-export").click();
    // The catalogue package is a job: every block in force by default; its file once it has succeeded.
    await page.getByTestId("catalogue-start").click();
    await page.getByTestId("job-download").waitFor({ timeout: 240_000 });
    const [pack] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.getByTestId("job-download").click(),
    ]);
    expect(pack.suggestedFilename()).toBe("catalogue-package.zip");
    const path = await pack.path();
    const { readFile } = await import("node:fs/promises");
    const entries = Object.keys(unzipSync(new Uint8Array(await readFile(path))));
    expect(entries.some((name) => name.endsWith(".xlsx"))).toBe(true);
    // The package lists the blocks in force (issue #12.9): the imported 意向纳入区块 is not in it.
    expect(entries.some((name) => name.startsWith("界址点/"))).toBe(true);
    expect(entries.some((name) => name.includes("UI-GK39-1") || name.includes("上地北扩区块"))).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
