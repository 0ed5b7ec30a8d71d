/** Unit conversions for areas. 1 km² = 100 公顷 (hectares) = 1,000,000 m². */
export const M2_PER_KM2 = 1_000_000;
export const M2_PER_HECTARE = 10_000;

export function m2ToKm2(areaM2: number): number {
  return areaM2 / M2_PER_KM2;
}

export function m2ToHectares(areaM2: number): number {
  return areaM2 / M2_PER_HECTARE;
}
