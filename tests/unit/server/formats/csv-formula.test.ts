import { describe, expect, it } from "vitest";
import { writeCsv } from "../../../../server/formats/csv.js";
import { csvCell } from "../../../../server/formats/csv-table.js";
import { overlapReportCsv } from "../../../../server/formats/overlap-report-file.js";

describe("CSV exports neutralise formulas (OWASP CSV injection)", () => {
  it("prefixes text starting with = + - @ tab or CR with ' and quotes it; numbers stay", () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("-2")).toBe(`"'-2"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\tx")).toBe(`"'\tx"`);
    expect(csvCell("\rx")).toBe(`"'\rx"`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("中关村 = 科技")).toBe("中关村 = 科技");
  });

  it("in the block CSV (also the catalogue package's blocks.csv)", () => {
    const csv = writeCsv({
      fields: [{ name: "名称", type: "string" }],
      rows: [
        {
          geometry: {
            type: "MultiPolygon",
            coordinates: [
              [
                [
                  [116, 40],
                  [116.1, 40],
                  [116.1, 40.1],
                  [116, 40],
                ],
              ],
            ],
          },
          values: { 名称: "=1+1" },
        },
      ],
    });
    expect(csv.split("\r\n")[1].startsWith(`"'=1+1",`)).toBe(true);
  });

  it("in the overlap report CSV", () => {
    const csv = overlapReportCsv(
      { layers: [], crs: "EPSG:4490", method: "m", createdAt: "2026-12-01", blockCount: 1 } as never,
      [
        {
          blockId: 1,
          code: "@x",
          name: "=cmd|' /C calc'!A0",
          parkName: "p",
          layers: {},
          blocks: [],
        } as never,
      ],
    );
    expect(csv).not.toMatch(/(^|,)"?=cmd/m);
    expect(csv).toContain("'=cmd");
    expect(csv).toContain("'@x");
  });
});
