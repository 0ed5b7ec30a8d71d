/**
 * 坐标系 — the one table of coordinate reference systems, shared by server and client (plain code, no
 * imports). It links each "EPSG:…" code to its PostGIS SRID and its proj4 definition (DOMAIN.md §6–7):
 * CGCS2000 lon/lat (storage), WGS84 lon/lat, the CGCS2000 3° Gauss-Krüger zones that cover Beijing (with and
 * without the zone number in front of the easting) and Web Mercator (the tiles). proj4 has no built-in
 * CGCS2000 definitions, so they are kept here (STACK-NOTES.md), all on the GRS80 ellipsoid. WGS84 lon/lat is
 * taken as equal to CGCS2000 lon/lat, as the storage does (they differ by centimetres).
 * Migrations keep literal SRIDs in their DDL: a migration must not change when this file does.
 */

/** The systems files may be imported from and exported to. */
export const CRS_CODES = [
  "EPSG:4490",
  "EPSG:4326",
  "EPSG:4526",
  "EPSG:4527",
  "EPSG:4547",
  "EPSG:4548",
] as const;
export type CrsCode = (typeof CRS_CODES)[number];

/** Storage: CGCS2000 geographic lon/lat, the national system of the catalogue submissions (DOMAIN.md §6). */
export const STORAGE_CRS = "EPSG:4490" as const satisfies CrsCode;
/** WGS84 lon/lat: GeoJSON (RFC 7946), KML and the web maps. */
export const WGS84_CRS = "EPSG:4326" as const satisfies CrsCode;
/** The projected system of the 界址点 tables submitted to the ministries: zone 39 with the zone prefix. */
export const SUBMISSION_GK_CRS = "EPSG:4527" as const satisfies CrsCode;

/** Gauss-Krüger 3° zones: zone n has its central meridian at n × 3°E. */
const GK_ZONE_WIDTH_DEG = 3;

/** CGCS2000 3° Gauss-Krüger zones that cover Beijing (STACK-NOTES.md). */
export type GkZoneNumber = 38 | 39;

export interface GkZone {
  zone: GkZoneNumber;
  centralMeridianDeg: number;
}

export interface CrsDefinition {
  code: CrsCode;
  /** The PostGIS SRID of the same system (spatial_ref_sys, EPSG authority). */
  srid: number;
  name: string;
  /** 中文名 for reports and file headers. */
  nameZh: string;
  kind: "geographic" | "projected";
  proj4: string;
  /** CGCS2000 3° Gauss-Krüger zone and whether the easting carries the zone number in front. */
  gaussKruger?: { zone: GkZoneNumber; centralMeridianDeg: number; zonePrefix: boolean };
}

/** The GRS80 ellipsoid of CGCS2000 (and of PostGIS geography for SRID 4490): semi-major axis and flattening. */
export const GRS80_SEMI_MAJOR_AXIS_M = 6378137;
export const GRS80_FLATTENING = 1 / 298.257222101;

/** CGCS2000 lon/lat on GRS80; WGS84 lon/lat uses the same definition (no datum shift). */
export const GEOGRAPHIC_PROJ4 = "+proj=longlat +ellps=GRS80 +no_defs";

export const CRS_DEFINITIONS: Record<CrsCode, CrsDefinition> = {
  "EPSG:4490": {
    code: "EPSG:4490",
    srid: 4490,
    name: "CGCS2000 (lon/lat)",
    nameZh: "2000国家大地坐标系（经纬度）",
    kind: "geographic",
    proj4: GEOGRAPHIC_PROJ4,
  },
  "EPSG:4326": {
    code: "EPSG:4326",
    srid: 4326,
    name: "WGS 84 (lon/lat)",
    nameZh: "WGS84（经纬度）",
    kind: "geographic",
    // Taken as equal to CGCS2000 lon/lat (centimetres apart), so no datum shift is applied.
    proj4: GEOGRAPHIC_PROJ4,
  },
  "EPSG:4526": gaussKrugerDefinition(38, true, 4526),
  "EPSG:4527": gaussKrugerDefinition(39, true, 4527),
  "EPSG:4547": gaussKrugerDefinition(38, false, 4547),
  "EPSG:4548": gaussKrugerDefinition(39, false, 4548),
};

/** Web Mercator (spherical, EPSG:3857): the frame of the vector tiles only, never of stored data. */
export const WEB_MERCATOR = {
  code: "EPSG:3857",
  srid: 3857,
  name: "WGS 84 / Pseudo-Mercator",
  proj4:
    "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs",
} as const;

/** The SRID of a system we handle: `sridOf("EPSG:4548")` is 4548. */
export function sridOf(code: CrsCode | typeof WEB_MERCATOR.code): number {
  return code === WEB_MERCATOR.code ? WEB_MERCATOR.srid : CRS_DEFINITIONS[code].srid;
}

/** The system of a PostGIS SRID; undefined when it is not one of ours. */
export function crsOfSrid(srid: number): CrsCode | undefined {
  return CRS_CODES.find((code) => CRS_DEFINITIONS[code].srid === srid);
}

export const STORAGE_SRID = sridOf(STORAGE_CRS);

/** Accepts "EPSG:4548", "epsg:4548", "4548"; undefined when not one we handle. */
export function parseCrsCode(value: string): CrsCode | undefined {
  const match = /^\s*(?:epsg:)?(\d{4,5})\s*$/i.exec(value);
  if (!match) return undefined;
  return crsOfSrid(Number(match[1]));
}

/** The CGCS2000 GK system for a zone and prefix choice. */
export function gaussKrugerCrs(zone: GkZoneNumber, zonePrefix: boolean): CrsCode {
  if (zone === 38) return zonePrefix ? "EPSG:4526" : "EPSG:4547";
  return zonePrefix ? "EPSG:4527" : "EPSG:4548";
}

export const GK_ZONE_38: GkZone = { zone: 38, centralMeridianDeg: 114 };
export const GK_ZONE_39: GkZone = { zone: 39, centralMeridianDeg: 117 };

/** The 3° zone boundary between zones 38 and 39. */
export const GK_ZONE_BOUNDARY_LNG = 115.5;

/** Zone 38 or 39, whichever 3° strip holds the longitude (chosen by a geometry's centroid). */
export function gkZoneForLongitude(lng: number): GkZone {
  return lng < GK_ZONE_BOUNDARY_LNG ? GK_ZONE_38 : GK_ZONE_39;
}

/** Any 3° zone number: the zone whose central meridian (zone × 3°) is nearest, 39 for 115.5°E–118.5°E. */
export function gaussKrugerZone3(lng: number): number {
  return Math.round(lng / GK_ZONE_WIDTH_DEG);
}

/** The central meridian of a 3° zone in degrees east (zone 39: 117°E). */
export function centralMeridianOfZone3(zone: number): number {
  return zone * GK_ZONE_WIDTH_DEG;
}

/**
 * proj4 definition of a CGCS2000 3° Gauss-Krüger zone: transverse Mercator at scale 1 on GRS80, false
 * easting 500 000 m, with the zone number × 1 000 000 m added when the easting carries the zone prefix.
 */
export function gaussKrugerProj4(zone: number, zonePrefix: boolean): string {
  const centralMeridianDeg = centralMeridianOfZone3(zone);
  const falseEastingM = zonePrefix ? zone * 1_000_000 + 500_000 : 500_000;
  return (
    `+proj=tmerc +lat_0=0 +lon_0=${centralMeridianDeg} +k=1 +x_0=${falseEastingM} +y_0=0 ` +
    "+ellps=GRS80 +units=m +no_defs"
  );
}

function gaussKrugerDefinition(zone: GkZoneNumber, zonePrefix: boolean, srid: number): CrsDefinition {
  const centralMeridianDeg = centralMeridianOfZone3(zone);
  return {
    code: gaussKrugerCrs(zone, zonePrefix),
    srid,
    name: zonePrefix
      ? `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`
      : `CGCS2000 / 3-degree Gauss-Kruger CM ${centralMeridianDeg}E`,
    nameZh: `2000国家大地坐标系 高斯-克吕格投影 3度带 第${zone}带（中央经线${centralMeridianDeg}°E${
      zonePrefix ? "，横坐标含带号" : "，横坐标不含带号"
    }）`,
    kind: "projected",
    proj4: gaussKrugerProj4(zone, zonePrefix),
    gaussKruger: { zone, centralMeridianDeg, zonePrefix },
  };
}

/** Legacy national systems: recognised and flagged, never converted by guesswork (no public parameters). */
export const LEGACY_DATUMS = {
  "beijing-1954": "北京1954坐标系 (Beijing 1954, Krassowsky ellipsoid)",
  "xian-1980": "西安1980坐标系 (Xian 1980, IAG 1975 ellipsoid)",
} as const;
export type LegacyDatum = keyof typeof LEGACY_DATUMS;

/**
 * EPSG codes of the legacy systems (EPSG registry): Xian 1980 geographic 4610 and its Gauss-Krüger zones
 * 2327–2390 (6° zones 13–23 and CM 75–135°E, 3° zones 25–45 and CM); Beijing 1954 geographic 4214, its 6°
 * zones 21413–21423 and CM 21473–21483, 3° zones and CM 2401–2442.
 */
export function legacyDatumOfEpsg(code: number): LegacyDatum | undefined {
  if (code === 4610 || (code >= 2327 && code <= 2390)) return "xian-1980";
  if (code === 4214 || (code >= 21413 && code <= 21423) || (code >= 21473 && code <= 21483))
    return "beijing-1954";
  if (code >= 2401 && code <= 2442) return "beijing-1954";
  return undefined;
}
