import { m2ToKm2 } from "./units.js";

/**
 * 空间构成 (《管理办法》需要说明的是 四): the union of the current Zhongguancun range, the blocks the districts intend
 * to include (意向纳入区块), the municipal development zones outside Zhongguancun and selected district-level zones
 * — "约为718km2" in the text — minus the ranges declared as national high-tech zone and national ETDZ = the
 * maximum recognisable municipal area. The union is frozen as a dated baseline on demand, so new candidates do
 * not enlarge it; then headroom = maximum − municipal blocks in force − municipal blocks applied for, and the cap
 * can fire. Every list of terms adds up: overlaps between terms are rows of their own.
 */

/** The measured terms in m² (ellipsoidal), each counted once (unions). */
export interface CompositionInput {
  zgcM2: number;
  /** Live municipal blocks (any status not ended): the districts' intended blocks of the union. */
  municipalBlocksM2: number;
  municipalBlocksOutsideZgcM2: number;
  municipalZonesM2: number;
  municipalZonesOutsideZgcM2: number;
  districtZonesM2: number;
  /** The union used: the frozen baseline's when there is one, else computed now. */
  unionM2: number;
  /** Declared ranges ∩ the union, and their overlap ∩ the union. */
  declaredHighTechM2: number;
  declaredEtdzM2: number;
  declaredOverlapM2: number;
  /** The union minus both declared ranges: the most that can be recognized as municipal high-tech zone. */
  maxMunicipalM2: number;
  /** Parts of live municipal blocks lying in a declared range (they cannot stay municipal there). */
  municipalInDeclaredM2: number;
  /** Municipal blocks in force (recognized, rectifying, reduced) and applied for, and their overlap. */
  inForceMunicipalM2: number;
  appliedMunicipalM2: number;
  inForceAppliedOverlapM2: number;
}

export type CompositionTermKey =
  | "zgc"
  | "municipal-blocks-outside-zgc"
  | "municipal-zones-outside-zgc"
  | "district-zones"
  | "overlap-between-terms"
  | "union"
  | "declared-national-high-tech"
  | "declared-national-etdz"
  | "declared-overlap"
  | "max-municipal";

export type CapTermKey =
  | "max-municipal"
  | "municipal-in-force"
  | "municipal-applied"
  | "in-force-applied-overlap"
  | "headroom";

export interface CompositionTerm<K extends string = CompositionTermKey> {
  key: K;
  /** "+" adds, "−" is subtracted, "=" a result. */
  operation: "+" | "-" | "=";
  areaKm2: number;
  /** The term is the part inside the union (shown as "∩"). */
  insideUnion: boolean;
}

/** The text's preliminary figure for the union (需要说明的是 四: 约为718km2), shown for comparison only. */
export const POLICY_PRELIMINARY_UNION_KM2 = 718;

export interface Baseline {
  id: number;
  frozenAt: string;
  frozenBy: string;
  unionKm2: number;
  districtZoneIds: number[];
}

const term = <K extends string>(key: K, operation: "+" | "-" | "=", areaM2: number, insideUnion = false) => ({
  key,
  operation,
  areaKm2: m2ToKm2(areaM2),
  insideUnion,
});

export function composition(input: CompositionInput, baseline: Baseline | null = null) {
  const termSumM2 =
    input.zgcM2 +
    input.municipalBlocksOutsideZgcM2 +
    input.municipalZonesOutsideZgcM2 +
    input.districtZonesM2;
  // With a frozen baseline the terms are those frozen with it, and the overlap row makes them add up to it.
  const terms: CompositionTerm[] = [
    term("zgc", "+", input.zgcM2),
    term("municipal-blocks-outside-zgc", "+", input.municipalBlocksOutsideZgcM2),
    term("municipal-zones-outside-zgc", "+", input.municipalZonesOutsideZgcM2),
    term("district-zones", "+", input.districtZonesM2),
    term("overlap-between-terms", "-", Math.max(0, termSumM2 - input.unionM2)),
    term("union", "=", input.unionM2),
    term("declared-national-high-tech", "-", input.declaredHighTechM2, true),
    term("declared-national-etdz", "-", input.declaredEtdzM2, true),
    term("declared-overlap", "+", input.declaredOverlapM2, true),
    term("max-municipal", "=", input.maxMunicipalM2),
  ];
  const usedM2 = input.inForceMunicipalM2 + input.appliedMunicipalM2 - input.inForceAppliedOverlapM2;
  const headroomM2 = input.maxMunicipalM2 - usedM2;
  const cap: CompositionTerm<CapTermKey>[] = [
    term("max-municipal", "=", input.maxMunicipalM2),
    term("municipal-in-force", "-", input.inForceMunicipalM2),
    term("municipal-applied", "-", input.appliedMunicipalM2),
    term("in-force-applied-overlap", "+", input.inForceAppliedOverlapM2),
    term("headroom", "=", headroomM2),
  ];
  const maxMunicipalKm2 = m2ToKm2(input.maxMunicipalM2);
  return {
    baseline,
    terms,
    cap,
    unionKm2: m2ToKm2(input.unionM2),
    maxMunicipalKm2,
    /** Municipal blocks in force and applied for, counted once: what the cap is checked against. */
    municipalBlocksKm2: m2ToKm2(usedM2),
    municipalZonesKm2: m2ToKm2(input.municipalZonesM2),
    municipalInDeclaredKm2: m2ToKm2(input.municipalInDeclaredM2),
    policyPreliminaryUnionKm2: POLICY_PRELIMINARY_UNION_KM2,
    exceedsMaximum: usedM2 > input.maxMunicipalM2,
    headroomKm2: m2ToKm2(headroomM2),
  };
}
