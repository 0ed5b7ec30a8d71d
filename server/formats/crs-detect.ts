import { CRS_DEFINITIONS, type CrsCode, STORAGE_CRS } from "../domain/crs.js";
import { transformPosition } from "../domain/crs-transform.js";

/**
 * Which coordinate system a file's numbers are in when it says nothing (no .prj or metadata): lon/lat, or
 * the CGCS2000 Gauss-Krüger variant (zone 38/39, with or without the zone prefix) that puts them in
 * Beijing. 6° zone-20 numbers are flagged as legacy (Beijing 1954 / Xian 1980) rather than guessed.
 */
/** [minX, minY, maxX, maxY] of a file's coordinates as written (x first). */
export type Bbox = [number, number, number, number];

/** Beijing's extent with a margin of about 20 km (the city spans 115.42–117.51°E, 39.44–41.06°N). */
export const BEIJING_REGION = { west: 115.2, south: 39.25, east: 117.75, north: 41.25 };

const CHINA_REGION = { west: 73, south: 3, east: 136, north: 54 };

export type CoordinateGuess =
  | { outcome: "detected"; code: CrsCode; axesSwapped: boolean; reason: string }
  | { outcome: "legacy-suspected"; reason: string }
  | { outcome: "ambiguous"; candidates: CrsCode[]; reason: string }
  | { outcome: "unknown"; reason: string };

const PROJECTED_CANDIDATES: CrsCode[] = ["EPSG:4548", "EPSG:4547", "EPSG:4527", "EPSG:4526"];

/** Detects the system from the numbers alone (no metadata): lon/lat, or which CGCS2000 GK zone fits Beijing. */
export function detectCrsFromBbox(bbox: Bbox): CoordinateGuess {
  const [minX, minY, maxX, maxY] = bbox;
  if (inRegion(bbox, CHINA_REGION)) {
    return {
      outcome: "detected",
      code: STORAGE_CRS,
      axesSwapped: false,
      reason: "longitude/latitude in degrees",
    };
  }
  if (inRegion([minY, minX, maxY, maxX], CHINA_REGION)) {
    return {
      outcome: "detected",
      code: STORAGE_CRS,
      axesSwapped: true,
      reason: "latitude/longitude in degrees, latitude first",
    };
  }
  const fits = (swapped: boolean) =>
    PROJECTED_CANDIDATES.filter((code) =>
      projectedFitsBeijing(code, swapped ? [minY, minX, maxY, maxX] : bbox),
    );
  for (const swapped of [false, true]) {
    const candidates = fits(swapped);
    if (candidates.length === 1) {
      const definition = CRS_DEFINITIONS[candidates[0]];
      return {
        outcome: "detected",
        code: candidates[0],
        axesSwapped: swapped,
        reason:
          `eastings ${swapped ? minY : minX}–${swapped ? maxY : maxX} m and northings ` +
          `${swapped ? minX : minY}–${swapped ? maxX : maxY} m fit Beijing only in ${definition.name}` +
          (swapped ? " (northing written first)" : ""),
      };
    }
    if (candidates.length > 1) {
      return { outcome: "ambiguous", candidates, reason: "the numbers fit more than one Gauss-Krüger zone" };
    }
  }
  const easting = [minX, maxX];
  if (easting.every((value) => value >= 20_000_000 && value < 21_000_000) && minY > 4_000_000) {
    return {
      outcome: "legacy-suspected",
      reason:
        "eastings with the prefix 20 are a 6° zone (zone 20), the usual layout of Beijing 1954 / Xian 1980 " +
        "maps; convert the file to CGCS2000 first, or say its coordinate system",
    };
  }
  return {
    outcome: "unknown",
    reason:
      `coordinates x ${minX}–${maxX}, y ${minY}–${maxY} are neither lon/lat nor CGCS2000 Gauss-Krüger in ` +
      "Beijing (a local grid such as 北京地方坐标系, or a legacy system?)",
  };
}

function inRegion(bbox: Bbox, region: typeof CHINA_REGION): boolean {
  const [minX, minY, maxX, maxY] = bbox;
  return minX >= region.west && maxX <= region.east && minY >= region.south && maxY <= region.north;
}

/** Whether the projected bbox, taken in `code`, lands inside Beijing's region. */
function projectedFitsBeijing(code: CrsCode, bbox: Bbox): boolean {
  const [minX, minY, maxX, maxY] = bbox;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minY < 1_000_000 || minX < 0) return false;
  const corners = [
    [minX, minY],
    [maxX, maxY],
  ].map((corner) => transformPosition(code, STORAGE_CRS, corner));
  return corners.every(
    ([lng, lat]) =>
      lng >= BEIJING_REGION.west &&
      lng <= BEIJING_REGION.east &&
      lat >= BEIJING_REGION.south &&
      lat <= BEIJING_REGION.north,
  );
}

/** What the file says about its system, before looking at the numbers. */
