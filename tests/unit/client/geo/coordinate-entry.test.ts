import { describe, expect, test } from "vitest";
import { parseCoordinateEntry, parseNumber } from "../../../../client/geo/coordinate-entry.js";

/**
 * Coordinate entry (issue #18 item 8). Reference values from PROJ's cs2cs (not from proj4js, which the code
 * uses): `cs2cs +proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m
 * +to +proj=longlat +ellps=GRS80` turns E 39 450 000, N 4 420 000 into 116.415223586°E, 39.912704532°N.
 */
describe("coordinate entry", () => {
  test("lon/lat degrees as typed, with spaces or a decimal comma", () => {
    expect(parseCoordinateEntry("lonlat", " 116.4 ", "39,9")).toEqual({ ok: true, lngLat: [116.4, 39.9] });
    expect(parseNumber("4 420 000,5")).toBe(4420000.5);
    expect(parseNumber("4,420,000")).toBe(4420000);
  });

  test("GK zone 39 X/Y (X northing, Y easting with the zone prefix) against PROJ", () => {
    const entry = parseCoordinateEntry("gk39", "4420000", "39450000");
    if (!entry.ok) throw new Error(entry.problem);
    expect(entry.lngLat[0]).toBeCloseTo(116.415223586, 8);
    expect(entry.lngLat[1]).toBeCloseTo(39.912704532, 8);
    // The same point without the zone prefix (EPSG:4548: false easting 500 000 m).
    const unprefixed = parseCoordinateEntry("gk39", "4420000", "450000");
    if (!unprefixed.ok) throw new Error(unprefixed.problem);
    expect(unprefixed.lngLat[0]).toBeCloseTo(116.415223586, 8);
  });

  test("a wrong number names its field", () => {
    expect(parseCoordinateEntry("lonlat", "116.4", "")).toEqual({
      ok: false,
      field: "lat",
      problem: "empty",
    });
    expect(parseCoordinateEntry("lonlat", "116.4abc", "39.9")).toEqual({
      ok: false,
      field: "lng",
      problem: "not-a-number",
    });
    expect(parseCoordinateEntry("lonlat", "11.64", "39.9")).toEqual({
      ok: false,
      field: "lng",
      problem: "outside-beijing",
    });
    expect(parseCoordinateEntry("lonlat", "39.9", "116.4")).toEqual({
      ok: false,
      field: "lng",
      problem: "swapped",
    });
    expect(parseCoordinateEntry("gk39", "39450000", "4420000")).toEqual({
      ok: false,
      field: "x",
      problem: "swapped",
    });
    expect(parseCoordinateEntry("gk39", "4420000", "38450000")).toEqual({
      ok: false,
      field: "y",
      problem: "not-zone-39",
    });
    // 4 200 000 m north is ~37.9°N, in Hebei.
    expect(parseCoordinateEntry("gk39", "4200000", "39450000")).toEqual({
      ok: false,
      field: "x",
      problem: "outside-beijing",
    });
  });
});
