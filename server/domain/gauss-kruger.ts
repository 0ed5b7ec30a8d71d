/**
 * CGCS2000 3° Gauss-Krüger zones that cover Beijing (DOMAIN.md §6; STACK-NOTES.md): zone 39 (central
 * meridian 117°E) for nearly all of the city, zone 38 (114°E) west of 115.5°E, the boundary between them.
 */
export interface GkZone {
  zone: 38 | 39;
  centralMeridianDeg: number;
}

export const GK_ZONE_38: GkZone = { zone: 38, centralMeridianDeg: 114 };
export const GK_ZONE_39: GkZone = { zone: 39, centralMeridianDeg: 117 };

/** The 3° zone boundary between zones 38 and 39. */
export const GK_ZONE_BOUNDARY_LNG = 115.5;

/** The zone whose 3° strip holds the longitude (chosen by a geometry's centroid). */
export function gkZoneForLongitude(lng: number): GkZone {
  return lng < GK_ZONE_BOUNDARY_LNG ? GK_ZONE_38 : GK_ZONE_39;
}
