import { describe, expect, it } from "vitest";
import { type CompositionInput, composition } from "../../../../server/domain/composition.js";

/** 空间构成 (DOMAIN.md §3): union of the terms, minus the declared national ranges = the maximum municipal area. */
const KM2 = 1_000_000;
const INPUT: CompositionInput = {
  zgcM2: 500 * KM2,
  municipalBlocksM2: 60 * KM2,
  municipalBlocksOutsideZgcM2: 40 * KM2,
  municipalZonesM2: 120 * KM2,
  municipalZonesOutsideZgcM2: 100 * KM2,
  districtZonesM2: 30 * KM2,
  unionM2: 650 * KM2,
  declaredHighTechM2: 400 * KM2,
  declaredEtdzM2: 150 * KM2,
  maxMunicipalM2: 100 * KM2,
  municipalInDeclaredM2: 5 * KM2,
};

describe("composition", () => {
  it("lists the terms in the §3 order with their operations, in km²", () => {
    expect(composition(INPUT).terms).toEqual([
      { key: "zgc", operation: "+", areaKm2: 500 },
      { key: "municipal-blocks-outside-zgc", operation: "+", areaKm2: 40 },
      { key: "municipal-zones-outside-zgc", operation: "+", areaKm2: 100 },
      { key: "district-zones", operation: "+", areaKm2: 30 },
      { key: "union", operation: "=", areaKm2: 650 },
      { key: "declared-national-high-tech", operation: "-", areaKm2: 400 },
      { key: "declared-national-etdz", operation: "-", areaKm2: 150 },
      { key: "max-municipal", operation: "=", areaKm2: 100 },
    ]);
  });

  it("60 km² of municipal blocks under a 100 km² maximum: 40 km² headroom, no warning; 718 km² shown for comparison", () => {
    expect(composition(INPUT)).toMatchObject({
      unionKm2: 650,
      maxMunicipalKm2: 100,
      municipalBlocksKm2: 60,
      municipalZonesKm2: 120,
      municipalInDeclaredKm2: 5,
      policyPreliminaryUnionKm2: 718,
      exceedsMaximum: false,
      headroomKm2: 40,
    });
  });

  it("blocks over the maximum are flagged, with a negative headroom; exactly at it is not", () => {
    expect(composition({ ...INPUT, municipalBlocksM2: 101 * KM2 })).toMatchObject({
      exceedsMaximum: true,
      headroomKm2: -1,
    });
    expect(composition({ ...INPUT, municipalBlocksM2: 100 * KM2 }).exceedsMaximum).toBe(false);
  });
});
