import { fromGaussKrugerZone39 } from "./gauss-kruger.js";

/**
 * 坐标输入 (issue #18 item 8): a vertex typed instead of clicked, as lon/lat (CGCS2000 or WGS84 degrees —
 * the two differ by centimetres, below what a typed vertex carries) or as CGCS2000 3° Gauss-Krüger X/Y of
 * zone 39, the way boundary-point files (界址点) write them: X the NORTHING, Y the EASTING with the zone
 * number in front (39 500 000 m at 117°E). A Y without the prefix (six integer digits) is read as zone 39
 * too (EPSG:4548). Decision: only points in and around Beijing (the box below) are accepted, so a slipped
 * digit (11.64 for 116.4) is named instead of putting a vertex in another province.
 */
export type CoordinateSystem = "lonlat" | "gk39";
export type CoordinateField = "lng" | "lat" | "x" | "y";
export type CoordinateProblem = "empty" | "not-a-number" | "outside-beijing" | "swapped" | "not-zone-39";

export type CoordinateEntry =
  | { ok: true; lngLat: [number, number] }
  | { ok: false; field: CoordinateField; problem: CoordinateProblem };

/** Beijing municipality (115.4–117.5°E, 39.4–41.1°N) with about 30 km around it. */
export const ENTRY_EXTENT_DEG = { west: 115.0, south: 39.1, east: 117.9, north: 41.4 } as const;

/** The easting with the zone-39 prefix lies in 39 000 000 … 39 999 999 m. */
const ZONE_39_PREFIXED_M = { min: 39_000_000, max: 40_000_000 } as const;
/** An easting without prefix: the false easting 500 000 m ± the zone's half width. */
const UNPREFIXED_EASTING_M = { min: 100_000, max: 1_000_000 } as const;

/** A number as people type it: spaces and thousands separators allowed, a comma as decimal mark too. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/[\s\u00a0]/g, "");
  if (trimmed === "") return null;
  const normal = /^[+-]?\d+,\d+$/.test(trimmed) ? trimmed.replace(",", ".") : trimmed.replace(/,/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal)) return Number.NaN;
  return Number(normal);
}

function read(text: string, field: CoordinateField): number | CoordinateEntry {
  const value = parseNumber(text);
  if (value === null) return { ok: false, field, problem: "empty" };
  if (!Number.isFinite(value)) return { ok: false, field, problem: "not-a-number" };
  return value;
}

function inExtent([lng, lat]: [number, number]): boolean {
  const box = ENTRY_EXTENT_DEG;
  return lng >= box.west && lng <= box.east && lat >= box.south && lat <= box.north;
}

/** The typed pair as lon/lat, or the field that is wrong and why. */
export function parseCoordinateEntry(
  system: CoordinateSystem,
  first: string,
  second: string,
): CoordinateEntry {
  if (system === "lonlat") {
    const lng = read(first, "lng");
    if (typeof lng !== "number") return lng;
    const lat = read(second, "lat");
    if (typeof lat !== "number") return lat;
    // 40, 116: latitude typed first.
    if (inExtent([lat, lng]) && !inExtent([lng, lat])) return { ok: false, field: "lng", problem: "swapped" };
    if (lng < ENTRY_EXTENT_DEG.west || lng > ENTRY_EXTENT_DEG.east)
      return { ok: false, field: "lng", problem: "outside-beijing" };
    if (lat < ENTRY_EXTENT_DEG.south || lat > ENTRY_EXTENT_DEG.north)
      return { ok: false, field: "lat", problem: "outside-beijing" };
    return { ok: true, lngLat: [lng, lat] };
  }
  const northingM = read(first, "x");
  if (typeof northingM !== "number") return northingM;
  const eastingM = read(second, "y");
  if (typeof eastingM !== "number") return eastingM;
  // X is the northing: an X that looks like a zone-39 easting means the two were typed the other way round.
  if (northingM >= ZONE_39_PREFIXED_M.min && northingM < ZONE_39_PREFIXED_M.max)
    return { ok: false, field: "x", problem: "swapped" };
  const prefixed = eastingM >= ZONE_39_PREFIXED_M.min && eastingM < ZONE_39_PREFIXED_M.max;
  const unprefixed = eastingM >= UNPREFIXED_EASTING_M.min && eastingM < UNPREFIXED_EASTING_M.max;
  if (!prefixed && !unprefixed) return { ok: false, field: "y", problem: "not-zone-39" };
  const lngLat = fromGaussKrugerZone39(eastingM, northingM, prefixed);
  if (lngLat[0] < ENTRY_EXTENT_DEG.west || lngLat[0] > ENTRY_EXTENT_DEG.east)
    return { ok: false, field: "y", problem: "outside-beijing" };
  if (!inExtent(lngLat)) return { ok: false, field: "x", problem: "outside-beijing" };
  return { ok: true, lngLat };
}
