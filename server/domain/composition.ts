import { m2ToKm2 } from "./units.js";

/** The measured terms of the §3 computation in m² (ellipsoidal), each counted once (unions). */
export interface CompositionInput {
  zgcM2: number;
  municipalBlocksM2: number;
  municipalBlocksOutsideZgcM2: number;
  municipalZonesM2: number;
  municipalZonesOutsideZgcM2: number;
  districtZonesM2: number;
  unionM2: number;
  declaredHighTechM2: number;
  declaredEtdzM2: number;
  /** The union minus both declared ranges: the most that can be recognized as municipal high-tech zone. */
  maxMunicipalM2: number;
  /** Parts of live municipal blocks lying in a declared range (they cannot stay municipal there). */
  municipalInDeclaredM2: number;
}

export type CompositionTermKey =
  | "zgc"
  | "municipal-blocks-outside-zgc"
  | "municipal-zones-outside-zgc"
  | "district-zones"
  | "union"
  | "declared-national-high-tech"
  | "declared-national-etdz"
  | "max-municipal";

export interface CompositionTerm {
  key: CompositionTermKey;
  /** "+" adds to the union, "−" is subtracted from it, "=" a result. */
  operation: "+" | "-" | "=";
  areaKm2: number;
}

/** The policy's preliminary figure for the union (DOMAIN.md §3), shown for comparison only. */
export const POLICY_PRELIMINARY_UNION_KM2 = 718;

/**
 * 空间构成 (DOMAIN.md §3): the terms in order, the result, and the warning when the live municipal blocks
 * (recognized + candidates, counted once) exceed the maximum recognisable area.
 */
export function composition(input: CompositionInput) {
  const terms: CompositionTerm[] = [
    { key: "zgc", operation: "+", areaKm2: m2ToKm2(input.zgcM2) },
    {
      key: "municipal-blocks-outside-zgc",
      operation: "+",
      areaKm2: m2ToKm2(input.municipalBlocksOutsideZgcM2),
    },
    {
      key: "municipal-zones-outside-zgc",
      operation: "+",
      areaKm2: m2ToKm2(input.municipalZonesOutsideZgcM2),
    },
    { key: "district-zones", operation: "+", areaKm2: m2ToKm2(input.districtZonesM2) },
    { key: "union", operation: "=", areaKm2: m2ToKm2(input.unionM2) },
    { key: "declared-national-high-tech", operation: "-", areaKm2: m2ToKm2(input.declaredHighTechM2) },
    { key: "declared-national-etdz", operation: "-", areaKm2: m2ToKm2(input.declaredEtdzM2) },
    { key: "max-municipal", operation: "=", areaKm2: m2ToKm2(input.maxMunicipalM2) },
  ];
  const municipalBlocksKm2 = m2ToKm2(input.municipalBlocksM2);
  const maxMunicipalKm2 = m2ToKm2(input.maxMunicipalM2);
  return {
    terms,
    unionKm2: m2ToKm2(input.unionM2),
    maxMunicipalKm2,
    municipalBlocksKm2,
    municipalZonesKm2: m2ToKm2(input.municipalZonesM2),
    municipalInDeclaredKm2: m2ToKm2(input.municipalInDeclaredM2),
    policyPreliminaryUnionKm2: POLICY_PRELIMINARY_UNION_KM2,
    exceedsMaximum: input.municipalBlocksM2 > input.maxMunicipalM2,
    headroomKm2: maxMunicipalKm2 - municipalBlocksKm2,
  };
}
