// The CRS table, server/domain/crs.ts (crs.test.ts beside it tests transforms; detection, .prj reading and
// resolution are format code, tested under tests/unit/server/formats/).
import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import {
  CRS_CODES,
  CRS_DEFINITIONS,
  type CrsCode,
  centralMeridianOfZone3,
  crsOfSrid,
  GEOGRAPHIC_PROJ4,
  gaussKrugerCrs,
  gaussKrugerProj4,
  gaussKrugerZone3,
  gkZoneForLongitude,
  legacyDatumOfEpsg,
  parseCrsCode,
  STORAGE_CRS,
  STORAGE_SRID,
  sridOf,
  WEB_MERCATOR,
} from "../../../../server/domain/crs.js";

// Every system we handle and its PostGIS SRID (spatial_ref_sys, EPSG authority), typed in.
const SRIDS: [CrsCode, number][] = [
  ["EPSG:4490", 4490],
  ["EPSG:4326", 4326],
  ["EPSG:4526", 4526],
  ["EPSG:4527", 4527],
  ["EPSG:4547", 4547],
  ["EPSG:4548", 4548],
];

// Reference coordinates from PROJ 9's cs2cs, computed once and typed in:
//   printf "40.0 116.3\n40.3 115.7\n39.9 116.4\n" | cs2cs -f %.4f EPSG:4490 EPSG:xxxx
// cs2cs takes latitude first; for the GK systems it prints northing first, for 3857 easting first.
// Below every pair is [easting, northing].
const LNG_LAT: [number, number][] = [
  [116.3, 40.0],
  [115.7, 40.3],
  [116.4, 39.9],
];
const CS2CS: Record<"EPSG:4526" | "EPSG:4527" | "EPSG:4547" | "EPSG:4548" | "EPSG:3857", [number, number][]> =
  {
    "EPSG:4526": [
      [38696415.1425, 4432063.8402],
      [38644535.7784, 4464227.3741],
      [38705254.6597, 4421184.0393],
    ],
    "EPSG:4527": [
      [39440224.0385, 4429763.7509],
      [39389473.754, 4463651.3583],
      [39448688.8557, 4418598.0013],
    ],
    "EPSG:4547": [
      [696415.1425, 4432063.8402],
      [644535.7784, 4464227.3741],
      [705254.6597, 4421184.0393],
    ],
    "EPSG:4548": [
      [440224.0385, 4429763.7509],
      [389473.754, 4463651.3583],
      [448688.8557, 4418598.0013],
    ],
    "EPSG:3857": [
      [12946456.7793, 4865942.2795],
      [12879665.0848, 4909633.7117],
      [12957588.7283, 4851421.1752],
    ],
  };

describe("CRS table: EPSG codes and SRIDs", () => {
  it("links every EPSG code to its SRID and back", () => {
    expect([...CRS_CODES].sort()).toEqual(SRIDS.map(([code]) => code).sort());
    for (const [code, srid] of SRIDS) {
      expect(sridOf(code)).toBe(srid);
      expect(CRS_DEFINITIONS[code].code).toBe(code);
      expect(crsOfSrid(srid)).toBe(code);
      expect(parseCrsCode(String(srid))).toBe(code);
      expect(parseCrsCode(` epsg:${srid} `)).toBe(code);
      expect(parseCrsCode(code)).toBe(code);
    }
  });

  it("names storage 4490 and Web Mercator 3857, and refuses systems it does not handle", () => {
    expect(STORAGE_CRS).toBe("EPSG:4490");
    expect(STORAGE_SRID).toBe(4490);
    expect(sridOf(WEB_MERCATOR.code)).toBe(3857);
    expect(crsOfSrid(3857)).toBeUndefined();
    expect(parseCrsCode("EPSG:3857")).toBeUndefined();
    expect(parseCrsCode("EPSG:2435")).toBeUndefined();
    expect(parseCrsCode("4548m")).toBeUndefined();
  });

  it("gives the GK system of each zone with and without the zone prefix", () => {
    expect(gaussKrugerCrs(38, true)).toBe("EPSG:4526");
    expect(gaussKrugerCrs(39, true)).toBe("EPSG:4527");
    expect(gaussKrugerCrs(38, false)).toBe("EPSG:4547");
    expect(gaussKrugerCrs(39, false)).toBe("EPSG:4548");
    expect(CRS_DEFINITIONS["EPSG:4527"].gaussKruger).toEqual({
      zone: 39,
      centralMeridianDeg: 117,
      zonePrefix: true,
    });
    expect(CRS_DEFINITIONS["EPSG:4547"].gaussKruger).toEqual({
      zone: 38,
      centralMeridianDeg: 114,
      zonePrefix: false,
    });
  });

  it("chooses zone 38 west of 115.5°E and 39 east of it; any 3° zone by its nearest central meridian", () => {
    expect(gkZoneForLongitude(115.49)).toEqual({ zone: 38, centralMeridianDeg: 114 });
    expect(gkZoneForLongitude(115.5)).toEqual({ zone: 39, centralMeridianDeg: 117 });
    expect(gaussKrugerZone3(116.4)).toBe(39);
    expect(gaussKrugerZone3(121.47)).toBe(40);
    expect(centralMeridianOfZone3(40)).toBe(120);
  });

  it("knows the legacy systems' EPSG codes (Xian 1980, Beijing 1954) and no others", () => {
    // EPSG registry: 4610 Xian 1980, 2327 Xian 1980 / GK zone 13, 2390 Xian 1980 / 3-degree GK CM 135E,
    // 4214 Beijing 1954, 21413 / 21483 its 6° zone 13 / CM 135E, 2401 / 2442 its 3° zone 25 / CM 135E.
    for (const code of [4610, 2327, 2349, 2390]) expect(legacyDatumOfEpsg(code)).toBe("xian-1980");
    for (const code of [4214, 21413, 21423, 21473, 21483, 2401, 2442]) {
      expect(legacyDatumOfEpsg(code)).toBe("beijing-1954");
    }
    for (const code of [4490, 4527, 4326, 2326, 2391, 2400, 2443, 21412, 21424, 21472, 21484]) {
      expect(legacyDatumOfEpsg(code)).toBeUndefined();
    }
  });
});

describe("CRS table: proj4 definitions against cs2cs", () => {
  for (const target of ["EPSG:4526", "EPSG:4527", "EPSG:4547", "EPSG:4548"] as const) {
    it(`${target} matches cs2cs to 0.1 mm`, () => {
      const converter = proj4(CRS_DEFINITIONS[STORAGE_CRS].proj4, CRS_DEFINITIONS[target].proj4);
      LNG_LAT.forEach((lngLat, index) => {
        const [easting, northing] = converter.forward(lngLat);
        expect(Math.abs(easting - CS2CS[target][index][0])).toBeLessThan(1e-4);
        expect(Math.abs(northing - CS2CS[target][index][1])).toBeLessThan(1e-4);
        const back = converter.inverse([easting, northing]);
        expect(Math.abs(back[0] - lngLat[0])).toBeLessThan(1e-9);
        expect(Math.abs(back[1] - lngLat[1])).toBeLessThan(1e-9);
      });
    });
  }

  it("EPSG:3857 (from WGS84 lon/lat) matches cs2cs to 0.1 mm", () => {
    const converter = proj4(CRS_DEFINITIONS["EPSG:4326"].proj4, WEB_MERCATOR.proj4);
    LNG_LAT.forEach((lngLat, index) => {
      const [x, y] = converter.forward(lngLat);
      expect(Math.abs(x - CS2CS["EPSG:3857"][index][0])).toBeLessThan(1e-4);
      expect(Math.abs(y - CS2CS["EPSG:3857"][index][1])).toBeLessThan(1e-4);
    });
  });

  it("uses one GK definition builder for the table and for any zone (the client's status bar)", () => {
    expect(CRS_DEFINITIONS["EPSG:4548"].proj4).toBe(gaussKrugerProj4(39, false));
    expect(CRS_DEFINITIONS["EPSG:4526"].proj4).toBe(gaussKrugerProj4(38, true));
    expect(CRS_DEFINITIONS["EPSG:4326"].proj4).toBe(GEOGRAPHIC_PROJ4);
  });
});
