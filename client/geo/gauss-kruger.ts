import proj4 from "proj4";
import {
  CRS_DEFINITIONS,
  centralMeridianOfZone3,
  gaussKrugerProj4,
  gaussKrugerZone3,
  STORAGE_CRS,
} from "../../server/domain/crs.js";

/**
 * CGCS2000 3-degree Gauss-Krüger coordinates for the status bar (DOMAIN.md §6). Beijing lies in zone 39
 * (central meridian 117°E, EPSG:4548 without the zone prefix); west of 115.5°E it is zone 38 (114°E,
 * EPSG:4547). Easting carries the false easting of 500 000 m, no zone prefix. The definitions come from the
 * one CRS table (server/domain/crs.ts).
 */
export interface GaussKrugerPoint {
  zone: number;
  centralMeridianDegrees: number;
  eastingM: number;
  northingM: number;
}

const converters = new Map<number, proj4.Converter>();

function converterFor(zone: number): proj4.Converter {
  let converter = converters.get(zone);
  if (!converter) {
    converter = proj4(CRS_DEFINITIONS[STORAGE_CRS].proj4, gaussKrugerProj4(zone, false));
    converters.set(zone, converter);
  }
  return converter;
}

/** Lon/lat (CGCS2000 degrees) → Gauss-Krüger metres in the zone that contains the point. */
export function toGaussKruger3(lngLat: [number, number]): GaussKrugerPoint {
  const zone = gaussKrugerZone3(lngLat[0]);
  const [eastingM, northingM] = converterFor(zone).forward(lngLat);
  return { zone, centralMeridianDegrees: centralMeridianOfZone3(zone), eastingM, northingM };
}

/**
 * Gauss-Krüger metres of zone 39 (central meridian 117°E) → lon/lat (CGCS2000 degrees). `zonePrefix`: the
 * easting carries the zone number in front (39 500 000 m at the central meridian), as boundary-point files
 * write it (EPSG:4527); without it, EPSG:4548.
 */
export function fromGaussKrugerZone39(
  eastingM: number,
  northingM: number,
  zonePrefix: boolean,
): [number, number] {
  const key = zonePrefix ? 3900 : 39;
  let converter = converters.get(key);
  if (!converter) {
    converter = proj4(CRS_DEFINITIONS[STORAGE_CRS].proj4, gaussKrugerProj4(39, zonePrefix));
    converters.set(key, converter);
  }
  const [lng, lat] = converter.inverse([eastingM, northingM]);
  return [lng, lat];
}
