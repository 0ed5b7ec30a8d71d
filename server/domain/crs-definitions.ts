/**
 * The coordinate systems imports and exports understand (DOMAIN.md §6–7). proj4 has no built-in CGCS2000
 * definitions, so they are kept here (STACK-NOTES.md), all on the GRS80 ellipsoid. WGS84 lon/lat is
 * taken as equal to CGCS2000 lon/lat, as the storage does (they differ by centimetres).
 */
export const CRS_CODES = [
  "EPSG:4490",
  "EPSG:4326",
  "EPSG:4526",
  "EPSG:4527",
  "EPSG:4547",
  "EPSG:4548",
] as const;
export type CrsCode = (typeof CRS_CODES)[number];

export interface CrsDefinition {
  code: CrsCode;
  name: string;
  /** 中文名 for reports and file headers. */
  nameZh: string;
  kind: "geographic" | "projected";
  proj4: string;
  /** CGCS2000 3° Gauss-Krüger zone and whether the easting carries the zone number in front. */
  gaussKruger?: { zone: 38 | 39; centralMeridianDeg: number; zonePrefix: boolean };
}

export const CRS_DEFINITIONS: Record<CrsCode, CrsDefinition> = {
  "EPSG:4490": {
    code: "EPSG:4490",
    name: "CGCS2000 (lon/lat)",
    nameZh: "2000国家大地坐标系（经纬度）",
    kind: "geographic",
    proj4: "+proj=longlat +ellps=GRS80 +no_defs",
  },
  "EPSG:4326": {
    code: "EPSG:4326",
    name: "WGS 84 (lon/lat)",
    nameZh: "WGS84（经纬度）",
    kind: "geographic",
    // Taken as equal to CGCS2000 lon/lat (centimetres apart), so no datum shift is applied.
    proj4: "+proj=longlat +ellps=GRS80 +no_defs",
  },
  "EPSG:4526": gk(38, true),
  "EPSG:4527": gk(39, true),
  "EPSG:4547": gk(38, false),
  "EPSG:4548": gk(39, false),
};

/** The projected system of the 界址点 tables submitted to the ministries: zone 39 with the zone prefix. */
export const SUBMISSION_GK_CRS: CrsCode = "EPSG:4527";

function gk(zone: 38 | 39, zonePrefix: boolean): CrsDefinition {
  const centralMeridianDeg = zone * 3;
  const falseEasting = zonePrefix ? zone * 1_000_000 + 500_000 : 500_000;
  return {
    code: gaussKrugerCrs(zone, zonePrefix),
    name: zonePrefix
      ? `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`
      : `CGCS2000 / 3-degree Gauss-Kruger CM ${centralMeridianDeg}E`,
    nameZh: `2000国家大地坐标系 高斯-克吕格投影 3度带 第${zone}带（中央经线${centralMeridianDeg}°E${
      zonePrefix ? "，横坐标含带号" : "，横坐标不含带号"
    }）`,
    kind: "projected",
    proj4:
      `+proj=tmerc +lat_0=0 +lon_0=${centralMeridianDeg} +k=1 +x_0=${falseEasting} +y_0=0 ` +
      "+ellps=GRS80 +units=m +no_defs",
    gaussKruger: { zone, centralMeridianDeg, zonePrefix },
  };
}

/** Legacy national systems: recognised and flagged, never converted by guesswork (no public parameters). */
export const LEGACY_DATUMS = {
  "beijing-1954": "北京1954坐标系 (Beijing 1954, Krassowsky ellipsoid)",
  "xian-1980": "西安1980坐标系 (Xian 1980, IAG 1975 ellipsoid)",
} as const;
export type LegacyDatum = keyof typeof LEGACY_DATUMS;

/** Accepts "EPSG:4548", "epsg:4548", "4548"; undefined when not one we handle. */
export function parseCrsCode(value: string): CrsCode | undefined {
  const match = /^\s*(?:epsg:)?(\d{4,5})\s*$/i.exec(value);
  if (!match) return undefined;
  const code = `EPSG:${match[1]}`;
  return (CRS_CODES as readonly string[]).includes(code) ? (code as CrsCode) : undefined;
}

/** The CGCS2000 GK definition for a zone and prefix choice. */
export function gaussKrugerCrs(zone: 38 | 39, zonePrefix: boolean): CrsCode {
  if (zone === 38) return zonePrefix ? "EPSG:4526" : "EPSG:4547";
  return zonePrefix ? "EPSG:4527" : "EPSG:4548";
}
