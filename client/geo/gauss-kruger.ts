import proj4 from "proj4";

/**
 * CGCS2000 3-degree Gauss-Krüger coordinates for the status bar (DOMAIN.md §6). Beijing lies in zone 39
 * (central meridian 117°E, EPSG:4548 without the zone prefix); west of 115.5°E it is zone 38 (114°E,
 * EPSG:4547). Easting carries the false easting of 500 000 m, no zone prefix.
 */
export interface GaussKrugerPoint {
  zone: number;
  centralMeridianDegrees: number;
  eastingM: number;
  northingM: number;
}

const ZONE_WIDTH_DEGREES = 3;

/** The 3° zone whose central meridian is nearest: 39 for 115.5°E–118.5°E. */
export function gaussKrugerZone3(lngDegrees: number): number {
  return Math.round(lngDegrees / ZONE_WIDTH_DEGREES);
}

export function gaussKrugerDefinition(centralMeridianDegrees: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridianDegrees} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

const converters = new Map<number, proj4.Converter>();

function converterFor(centralMeridianDegrees: number): proj4.Converter {
  let converter = converters.get(centralMeridianDegrees);
  if (!converter) {
    // CGCS2000 geographic on GRS80; proj4 has no EPSG:4490 built in.
    converter = proj4("+proj=longlat +ellps=GRS80 +no_defs", gaussKrugerDefinition(centralMeridianDegrees));
    converters.set(centralMeridianDegrees, converter);
  }
  return converter;
}

/** Lon/lat (CGCS2000 degrees) → Gauss-Krüger metres in the zone that contains the point. */
export function toGaussKruger3(lngLat: [number, number]): GaussKrugerPoint {
  const zone = gaussKrugerZone3(lngLat[0]);
  const centralMeridianDegrees = zone * ZONE_WIDTH_DEGREES;
  const [eastingM, northingM] = converterFor(centralMeridianDegrees).forward(lngLat);
  return { zone, centralMeridianDegrees, eastingM, northingM };
}
