import {
  type CrsCode,
  gaussKrugerCrs,
  type LegacyDatum,
  parseCrsCode,
  STORAGE_CRS,
  WGS84_CRS,
} from "./crs.js";

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
  const authorityCode = authority.length > 0 ? parseCrsCode(authority[authority.length - 1][1]) : undefined;
  if (authorityCode) return { kind: "known", code: authorityCode, name };

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

function legacyDatumOf(normalised: string): LegacyDatum | undefined {
  if (/beijing ?1954|beijing ?54|krass/.test(normalised)) return "beijing-1954";
  if (/xian ?1980|xian ?80|iag ?1975|iag ?75/.test(normalised)) return "xian-1980";
  return undefined;
}

function wktParameter(normalised: string, names: string): number | undefined {
  const match = new RegExp(`parameter\\s*\\[\\s*"(?:${names})"\\s*,\\s*(-?[\\d.eE+]+)`).exec(normalised);
  return match ? Number(match[1]) : undefined;
}
