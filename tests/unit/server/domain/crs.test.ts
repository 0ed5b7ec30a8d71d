import type { Point } from "geojson";
import { describe, expect, it } from "vitest";
import { detectCrsFromBbox } from "../../../../server/domain/crs-detect.js";
import { resolveSourceCrs } from "../../../../server/domain/crs-resolve.js";
import {
  gcj02ToWgs84,
  transformGeometry,
  transformPosition,
  wgs84ToGcj02,
} from "../../../../server/domain/crs-transform.js";
import { crsFromWkt } from "../../../../server/domain/crs-wkt.js";
import { GRS80 } from "../../../../server/domain/geodesic.js";

const distanceM = ([lng1, lat1]: number[], [lng2, lat2]: number[]) =>
  GRS80.Inverse(lat1, lng1, lat2, lng2).s12 as number;

// Reference values from PROJ's cs2cs (`echo "lat lon" | cs2cs -f %.4f EPSG:4490 EPSG:xxxx`), written by hand.
const REFERENCE = [
  { lngLat: [116.3, 40.0], epsg4527: [39440224.0385, 4429763.7509], epsg4547: [696415.1425, 4432063.8402] },
  { lngLat: [115.7, 40.3], epsg4527: [39389473.754, 4463651.3583], epsg4547: [644535.7784, 4464227.3741] },
  { lngLat: [117.2, 40.5], epsg4527: [39516953.5582, 4485067.9681], epsg4547: [771279.1648, 4489971.4528] },
];

describe("CGCS2000 Gauss-Krüger definitions (proj4) against cs2cs", () => {
  it.each(REFERENCE)("projects $lngLat like cs2cs to 0.1 mm, with and without the zone prefix", (point) => {
    const zone39 = transformPosition("EPSG:4490", "EPSG:4527", point.lngLat);
    const zone39NoPrefix = transformPosition("EPSG:4490", "EPSG:4548", point.lngLat);
    const zone38 = transformPosition("EPSG:4490", "EPSG:4547", point.lngLat);
    const zone38Prefix = transformPosition("EPSG:4490", "EPSG:4526", point.lngLat);
    expect(Math.abs(zone39[0] - point.epsg4527[0])).toBeLessThan(1e-4);
    expect(Math.abs(zone39[1] - point.epsg4527[1])).toBeLessThan(1e-4);
    expect(Math.abs(zone39NoPrefix[0] - (point.epsg4527[0] - 39_000_000))).toBeLessThan(1e-4);
    expect(Math.abs(zone38[0] - point.epsg4547[0])).toBeLessThan(1e-4);
    expect(Math.abs(zone38[1] - point.epsg4547[1])).toBeLessThan(1e-4);
    expect(Math.abs(zone38Prefix[0] - (point.epsg4547[0] + 38_000_000))).toBeLessThan(1e-4);
  });

  it("goes to GK and back within 1e-9°", () => {
    const there = transformPosition("EPSG:4490", "EPSG:4527", [116.391234567, 39.912345678]);
    const back = transformPosition("EPSG:4527", "EPSG:4490", there);
    expect(Math.abs(back[0] - 116.391234567)).toBeLessThan(1e-9);
    expect(Math.abs(back[1] - 39.912345678)).toBeLessThan(1e-9);
  });
});

describe("detecting the system from the numbers", () => {
  const box = (points: number[][]) => {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as [
      number,
      number,
      number,
      number,
    ];
  };

  it("recognises lon/lat, and lat/lon written latitude first", () => {
    expect(detectCrsFromBbox([116.3, 39.9, 116.5, 40.1])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4490",
      axesSwapped: false,
    });
    expect(detectCrsFromBbox([39.9, 116.3, 40.1, 116.5])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4490",
      axesSwapped: true,
    });
  });

  it("tells the four CGCS2000 GK variants apart in Beijing", () => {
    const zone39 = box(REFERENCE.map((p) => p.epsg4527));
    const zone38 = box(REFERENCE.map((p) => p.epsg4547));
    expect(detectCrsFromBbox(zone39)).toMatchObject({ outcome: "detected", code: "EPSG:4527" });
    expect(detectCrsFromBbox([zone39[0] - 39e6, zone39[1], zone39[2] - 39e6, zone39[3]])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4548",
    });
    expect(detectCrsFromBbox(zone38)).toMatchObject({ outcome: "detected", code: "EPSG:4547" });
    expect(detectCrsFromBbox([zone38[0] + 38e6, zone38[1], zone38[2] + 38e6, zone38[3]])).toMatchObject({
      outcome: "detected",
      code: "EPSG:4526",
    });
  });

  it("recognises northing-first GK numbers (X north, Y east)", () => {
    const [minE, minN, maxE, maxN] = box(REFERENCE.map((p) => p.epsg4527));
    expect(detectCrsFromBbox([minN, minE, maxN, maxE])).toMatchObject({
      code: "EPSG:4527",
      axesSwapped: true,
    });
  });

  it("flags 6° zone-20 numbers as legacy instead of guessing, and calls a local grid unknown", () => {
    expect(detectCrsFromBbox([20_440_000, 4_420_000, 20_460_000, 4_430_000]).outcome).toBe(
      "legacy-suspected",
    );
    expect(detectCrsFromBbox([495_000, 300_000, 505_000, 310_000]).outcome).toBe("unknown");
  });
});

describe("reading .prj / WKT", () => {
  const esriGk39 =
    'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",' +
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],' +
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],' +
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

  it("maps CGCS2000 lon/lat and GK zones, with and without the prefix", () => {
    expect(crsFromWkt(esriGk39)).toMatchObject({ kind: "known", code: "EPSG:4548" });
    expect(crsFromWkt(esriGk39.replace("500000.0", "39500000.0"))).toMatchObject({
      kind: "known",
      code: "EPSG:4527",
    });
    expect(crsFromWkt(esriGk39.replace("117.0", "114.0"))).toMatchObject({
      kind: "known",
      code: "EPSG:4547",
    });
    expect(
      crsFromWkt(
        'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toMatchObject({ kind: "known", code: "EPSG:4490" });
    expect(
      crsFromWkt('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]'),
    ).toMatchObject({
      kind: "known",
      code: "EPSG:4326",
    });
  });

  it("flags Beijing 1954 and Xian 1980, refuses unknown systems and garbage", () => {
    const beijing = esriGk39
      .replace("CGCS2000_3_Degree_GK_CM_117E", "Beijing_1954_3_Degree_GK_CM_117E")
      .replace("GCS_China_Geodetic_Coordinate_System_2000", "GCS_Beijing_1954")
      .replace("D_China_2000", "D_Beijing_1954")
      .replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Krasovsky_1940",6378245.0,298.3]');
    expect(crsFromWkt(beijing)).toMatchObject({ kind: "legacy", datum: "beijing-1954" });
    expect(
      crsFromWkt(beijing.replaceAll("Beijing_1954", "Xian_1980").replace("Krasovsky_1940", "IAG_1975")),
    ).toMatchObject({
      kind: "legacy",
      datum: "xian-1980",
    });
    expect(crsFromWkt(esriGk39.replace("117.0", "105.0")).kind).toBe("unsupported");
    expect(crsFromWkt("this is not a projection").kind).toBe("unreadable");
  });
});

describe("resolving the source system", () => {
  const gkBox: [number, number, number, number] = [39440000, 4429000, 39442000, 4431000];

  it("prefers the user's choice, then the file's, then the numbers, and explains itself", () => {
    const fromNumbers = resolveSourceCrs({ bbox: gkBox, gcj02: false });
    expect(fromNumbers).toMatchObject({ ok: true, code: "EPSG:4527", source: "coordinates" });
    expect(fromNumbers.ok && fromNumbers.assumed.join(" ")).toMatch(/Beijing 1954/);
    const declared = resolveSourceCrs({
      declared: { source: "prj", reading: { kind: "known", code: "EPSG:4527", name: "zone 39" } },
      bbox: gkBox,
      gcj02: false,
    });
    expect(declared).toMatchObject({ ok: true, source: "prj" });
    expect(resolveSourceCrs({ userCrs: "EPSG:4527", bbox: gkBox, gcj02: false })).toMatchObject({
      ok: true,
      source: "user",
    });
  });

  it("refuses a .prj the numbers contradict, and GCJ-02 for projected files", () => {
    const wrong = resolveSourceCrs({
      declared: { source: "prj", reading: { kind: "known", code: "EPSG:4490", name: "CGCS2000" } },
      bbox: gkBox,
      gcj02: false,
    });
    expect(wrong).toMatchObject({
      ok: false,
      code: "crs-mismatch",
      details: { numbersLookLike: "EPSG:4527" },
    });
    expect(resolveSourceCrs({ bbox: gkBox, gcj02: true })).toMatchObject({
      ok: false,
      code: "gcj02-needs-lonlat",
    });
    expect(
      resolveSourceCrs({
        declared: { source: "prj", reading: { kind: "legacy", datum: "xian-1980", name: "x" } },
        gcj02: false,
      }),
    ).toMatchObject({ ok: false, code: "legacy-crs" });
  });
});

describe("GCJ-02", () => {
  it("converts a point offset by hundreds of metres back to within 0.5 m", () => {
    const wgs84: Point = { type: "Point", coordinates: [116.397128, 39.916527] };
    const offset = wgs84ToGcj02(wgs84);
    expect(wgs84.coordinates).toEqual([116.397128, 39.916527]);
    const shiftM = distanceM(wgs84.coordinates, offset.coordinates);
    expect(shiftM).toBeGreaterThan(100);
    expect(shiftM).toBeLessThan(1000);
    const back = gcj02ToWgs84(offset);
    expect(distanceM(wgs84.coordinates, back.coordinates)).toBeLessThan(0.5);
    expect(offset.coordinates).not.toEqual(back.coordinates);
  });

  it("leaves geometry it transforms untouched", () => {
    const polygon = {
      type: "Polygon" as const,
      coordinates: [
        [
          [116.3, 40],
          [116.31, 40],
          [116.31, 40.01],
          [116.3, 40],
        ],
      ],
    };
    const copy = structuredClone(polygon);
    transformGeometry(polygon, "EPSG:4490", "EPSG:4527");
    gcj02ToWgs84(polygon);
    expect(polygon).toEqual(copy);
  });
});
