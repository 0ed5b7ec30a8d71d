import {
  type CrsCode,
  gaussKrugerCrs,
  type LegacyDatum,
  legacyDatumOfEpsg,
  parseCrsCode,
  STORAGE_CRS,
  WGS84_CRS,
} from "../domain/crs.js";

/**
 * Reads the coordinate system an ESRI .prj, OGC WKT (1 or 2) or GeoPackage definition names: CGCS2000 or
 * WGS84 lon/lat, a CGCS2000 3° Gauss-Krüger zone 38/39 with or without the zone prefix; Beijing 1954 and
 * Xian 1980 are recognised as legacy (and flagged by the caller), anything else is unsupported.
 */
export type PrjReading =
  | { kind: "known"; code: CrsCode; name: string }
  | { kind: "legacy"; datum: LegacyDatum; name: string }
  | { kind: "unsupported"; name: string }
  | { kind: "unreadable" };

/** Reads an ESRI .prj / OGC WKT / GeoPackage definition. */
export function crsFromWkt(wkt: string): PrjReading {
  const text = wkt.trim();
  if (!/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|PROJECTEDCRS|GEOGRAPHICCRS)\s*\[/i.test(text)) {
    return { kind: "unreadable" };
  }
  const name = /^\w+\s*\[\s*"([^"]*)"/.exec(text)?.[1] ?? "";
  const normalised = text.replace(/[_\s-]+/g, " ").toLowerCase();
  const legacy = legacyDatumOf(normalised);
  if (legacy) return { kind: "legacy", datum: legacy, name };

  const authority = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]*\s*$/gi)];
  const authorityCode = authority.length > 0 ? Number(authority[authority.length - 1][1]) : undefined;
  const byAuthority = authorityCode === undefined ? undefined : epsgReading(authorityCode, name);
  if (byAuthority) return byAuthority;

  const cgcs2000 = /china 2000|cgcs ?2000|china geodetic coordinate system 2000/.test(normalised);
  const wgs84 = /wgs ?(19)?84/.test(normalised);
  const projected = /^(projcs|projcrs|projectedcrs)/.test(normalised);
  if (!projected) {
    if (cgcs2000) return { kind: "known", code: STORAGE_CRS, name };
    if (wgs84) return { kind: "known", code: WGS84_CRS, name };
    return { kind: "unsupported", name };
  }
  if (!cgcs2000) return { kind: "unsupported", name };
  const centralMeridian = wktParameter(normalised, "central meridian|longitude of natural origin");
  const falseEasting = wktParameter(normalised, "false easting");
  const transverseMercator = /transverse mercator|gauss kruger/.test(normalised);
  const zone = centralMeridian === 114 ? 38 : centralMeridian === 117 ? 39 : undefined;
  if (!transverseMercator || zone === undefined || falseEasting === undefined) {
    return { kind: "unsupported", name };
  }
  if (falseEasting === 500_000) return { kind: "known", code: gaussKrugerCrs(zone, false), name };
  if (falseEasting === zone * 1_000_000 + 500_000) {
    return { kind: "known", code: gaussKrugerCrs(zone, true), name };
  }
  return { kind: "unsupported", name };
}

/** What an EPSG code names: one of our systems, a legacy one, or undefined (not known here). */
export function epsgReading(code: number, name: string): PrjReading | undefined {
  const known = parseCrsCode(String(code));
  if (known) return { kind: "known", code: known, name };
  const legacy = legacyDatumOfEpsg(code);
  if (legacy) return { kind: "legacy", datum: legacy, name: name || `EPSG:${code}` };
  return undefined;
}

/**
 * Legacy datums by name (English and Chinese: 西安80, 80国家大地坐标系, 北京54) or by ellipsoid parameters:
 * IAG 1975 (a = 6 378 140 m, 1/f = 298.257) is Xian 1980's, Krassowsky (6 378 245 m, 298.3) Beijing 1954's.
 */
function legacyDatumOf(normalised: string): LegacyDatum | undefined {
  if (/beijing ?1954|beijing ?54|krass|北京 ?(19)?54|54 ?北京/.test(normalised)) return "beijing-1954";
  if (
    /xian ?1980|xian ?80|iag ?1975|iag ?75|西安 ?(19)?80|80 ?国家大地坐标系|1980 ?国家大地坐标系/.test(
      normalised,
    )
  )
    return "xian-1980";
  if (
    /(?:spheroid|ellipsoid)\s*\[\s*"[^"]*"\s*,\s*6378140(\.0*)?\s*,\s*298\.257(\.0*)?\s*[,\]]/.test(
      normalised,
    )
  )
    return "xian-1980";
  if (/(?:spheroid|ellipsoid)\s*\[\s*"[^"]*"\s*,\s*6378245(\.0*)?\s*,\s*298\.3(0*)?\s*[,\]]/.test(normalised))
    return "beijing-1954";
  return undefined;
}

function wktParameter(normalised: string, names: string): number | undefined {
  const match = new RegExp(`parameter\\s*\\[\\s*"(?:${names})"\\s*,\\s*(-?[\\d.eE+]+)`).exec(normalised);
  return match ? Number(match[1]) : undefined;
}
