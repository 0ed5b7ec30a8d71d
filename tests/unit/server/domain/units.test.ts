import { describe, expect, it } from "vitest";
import { M2_PER_HECTARE, M2_PER_KM2, m2ToHectares, m2ToKm2 } from "../../../../server/domain/units.js";

describe("area units: 1 km² = 100 公顷 = 1,000,000 m²", () => {
  it("converts m² to km² and hectares", () => {
    expect(M2_PER_KM2).toBe(1_000_000);
    expect(M2_PER_HECTARE).toBe(10_000);
    expect(m2ToKm2(2_500_000)).toBe(2.5);
    expect(m2ToHectares(2_500_000)).toBe(250);
    expect(m2ToHectares(M2_PER_KM2)).toBe(100);
    expect(m2ToKm2(0)).toBe(0);
  });
});
