import { describe, expect, it } from "vitest";
import { CSV_REASONS, decodeCsvBytes, parseCsvRows } from "../../../../server/formats/csv-table.js";
import {
  readWkb,
  readWkt,
  writeWkbMultiPolygon,
  writeWktMultiPolygon,
} from "../../../../server/formats/wkt-wkb.js";

describe("the one CSV reader (papaparse)", () => {
  it("quotes, CRLF, a trailing line end, and the delimiter from the header line", () => {
    expect(parseCsvRows('a,b\r\n1,"x,""y""\r\nz"\r\n')).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["1", 'x,"y"\r\nz'],
      ],
      delimiter: ",",
    });
    expect(parseCsvRows("点号;X;Y\nJ1;4430000;39445000\n")).toMatchObject({
      rows: [
        ["点号", "X", "Y"],
        ["J1", "4430000", "39445000"],
      ],
      delimiter: ";",
    });
  });

  it("an unclosed quote is a reason with the row, not an exception", () => {
    expect(parseCsvRows('a,b\n1,"open\n')).toMatchObject({
      ok: false,
      reason: CSV_REASONS.unclosedQuote,
      details: { row: 2 },
    });
  });

  it("bytes: UTF-8 with its BOM dropped, else GB18030 (GBK from Excel)", () => {
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0xe5, 0x9b, 0xad]))).toBe("园");
    expect(decodeCsvBytes(new Uint8Array([0xd4, 0xb0, 0xc7, 0xf8]))).toBe("园区");
  });
});

describe("WKT and WKB through wkx", () => {
  const square = {
    type: "MultiPolygon" as const,
    coordinates: [
      [
        [
          [116.1234567891, 40],
          [116.2, 40],
          [116.2, 40.1],
          [116.1234567891, 40],
        ],
      ],
    ],
  };

  it("writes MultiPolygon WKT rounded to the decimals, reads POLYGON Z / EWKT in 2D with the SRID", () => {
    expect(writeWktMultiPolygon(square, 9)).toBe(
      "MULTIPOLYGON(((116.123456789 40,116.2 40,116.2 40.1,116.123456789 40)))",
    );
    expect(readWkt("SRID=4490;POLYGON Z((1 2 3,4 5 6,7 8 9,1 2 3))")).toEqual({
      ok: true,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [1, 2],
            [4, 5],
            [7, 8],
            [1, 2],
          ],
        ],
      },
      srid: 4490,
    });
    expect(readWkt("POINT(1 2)")).toMatchObject({ ok: false });
    expect(readWkt("POLYGON((1 2,")).toMatchObject({ ok: false });
  });

  it("WKB round trip: little-endian MultiPolygon, read back the same", () => {
    const wkb = writeWkbMultiPolygon(square);
    expect(wkb[0]).toBe(1);
    expect(readWkb(wkb)).toEqual(square);
  });
});
