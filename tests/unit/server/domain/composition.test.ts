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
  declaredOverlapM2: 0,
  maxMunicipalM2: 100 * KM2,
  municipalInDeclaredM2: 5 * KM2,
  inForceMunicipalM2: 60 * KM2,
  appliedMunicipalM2: 0,
  inForceAppliedOverlapM2: 0,
};

describe("composition", () => {
  it("lists the terms in the §3 order with their operations, in km²", () => {
    // 500 + 40 + 100 + 30 = 670 − 20 of overlap between the terms = the 650 km² union.
    expect(composition(INPUT).terms).toEqual([
      { key: "zgc", operation: "+", areaKm2: 500, insideUnion: false },
      { key: "municipal-blocks-outside-zgc", operation: "+", areaKm2: 40, insideUnion: false },
      { key: "municipal-zones-outside-zgc", operation: "+", areaKm2: 100, insideUnion: false },
      { key: "district-zones", operation: "+", areaKm2: 30, insideUnion: false },
      { key: "overlap-between-terms", operation: "-", areaKm2: 20, insideUnion: false },
      { key: "union", operation: "=", areaKm2: 650, insideUnion: false },
      { key: "declared-national-high-tech", operation: "-", areaKm2: 400, insideUnion: true },
      { key: "declared-national-etdz", operation: "-", areaKm2: 150, insideUnion: true },
      { key: "declared-overlap", operation: "+", areaKm2: 0, insideUnion: true },
      { key: "max-municipal", operation: "=", areaKm2: 100, insideUnion: false },
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
    expect(composition({ ...INPUT, inForceMunicipalM2: 101 * KM2 })).toMatchObject({
      exceedsMaximum: true,
      headroomKm2: -1,
    });
    expect(composition({ ...INPUT, inForceMunicipalM2: 100 * KM2 }).exceedsMaximum).toBe(false);
    // 60 in force + 60 applied − 10 of both = 110 km² over a 100 km² maximum: the cap fires.
    const applied = composition({
      ...INPUT,
      appliedMunicipalM2: 60 * KM2,
      inForceAppliedOverlapM2: 10 * KM2,
    });
    expect(applied).toMatchObject({ exceedsMaximum: true, headroomKm2: -10, municipalBlocksKm2: 110 });
    expect(applied.cap.map((term) => [term.key, term.operation, term.areaKm2])).toEqual([
      ["max-municipal", "=", 100],
      ["municipal-in-force", "-", 60],
      ["municipal-applied", "-", 60],
      ["in-force-applied-overlap", "+", 10],
      ["headroom", "=", -10],
    ]);
  });
});
