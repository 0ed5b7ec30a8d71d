import { describe, expect, it } from "vitest";
import { crsFromWkt } from "../../../../server/formats/crs-wkt.js";

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
