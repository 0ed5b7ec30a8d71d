import type { OverlapEntry } from "./analysis-report.js";
import { type BlockStatus, IN_FORCE_STATUSES, PENDING_STATUSES } from "./block.js";

/**
 * 项目落地核查 — what applies at a site (DOMAIN.md §1, §5; policy text: 生态涵养区需纳入市级以上开发区，
 * 才可新增和扩建生产性制造业项目).
 */
export interface SiteFacts {
  inZgc: boolean;
  inEtdz: boolean;
  inMunicipalDevelopmentZone: boolean;
  inDistrictDevelopmentZone: boolean;
  /** Inside a municipal high-tech zone block that is recognized (or rectifying / reduced). */
  inRecognizedMunicipalBlock: boolean;
  /** Inside a municipal block still being applied for (candidate / applied): not yet a zone. */
  inCandidateMunicipalBlock: boolean;
  inEcoArea: boolean;
}

export type SitePolicy =
  | "zgc-national-policies"
  | "municipal-zgc-policies-only"
  | "municipal-high-tech-zone-support"
  | "etdz-policies";

export function sitePolicy(facts: SiteFacts) {
  // A recognized municipal high-tech zone is itself a development zone of municipal level (the Measures' aim).
  const insideMunicipalOrAboveZone =
    facts.inZgc || facts.inEtdz || facts.inMunicipalDevelopmentZone || facts.inRecognizedMunicipalBlock;
  const policies: SitePolicy[] = [];
  if (facts.inZgc) policies.push("zgc-national-policies");
  if (facts.inEtdz) policies.push("etdz-policies");
  if (facts.inRecognizedMunicipalBlock) {
    policies.push("municipal-high-tech-zone-support");
    // §5: parts of a municipal block outside Zhongguancun get only the municipal Zhongguancun policies.
    if (!facts.inZgc) policies.push("municipal-zgc-policies-only");
  }
  return {
    insideMunicipalOrAboveZone,
    // Outside the eco area there is no such restriction; inside, only within a zone of municipal level or above.
    newManufacturingAllowed: !facts.inEcoArea || insideMunicipalOrAboveZone,
    pendingRecognitionWouldAllow:
      facts.inEcoArea && !insideMunicipalOrAboveZone && facts.inCandidateMunicipalBlock,
    policies,
  };
}

/** A parcel counts as inside a layer when it lies in it entirely (to 1e-6 of its area). */
const WHOLLY_INSIDE_SHARE = 1 - 1e-6;

/** Facts about a parcel polygon from its overlap table: shares of the parcel inside each kind of area. */
export function parcelFacts(
  overlaps: readonly OverlapEntry[],
  shareInZgc: number,
): { shares: Record<string, number>; facts: SiteFacts } {
  const shareIn = (predicate: (entry: OverlapEntry) => boolean) =>
    overlaps.filter(predicate).reduce((sum, entry) => sum + entry.shareOfGeometry, 0);
  const shares = {
    zgc: shareInZgc,
    etdz: shareIn((entry) => entry.layer === "etdz"),
    municipalDevelopmentZone: shareIn((entry) => entry.layer === "municipal-development-zone"),
    districtDevelopmentZone: shareIn((entry) => entry.layer === "district-development-zone"),
    recognizedMunicipalBlock: shareIn(
      (entry) =>
        entry.layer === "block" && entry.level === "municipal" && isStatusIn(entry.status, IN_FORCE_STATUSES),
    ),
    candidateMunicipalBlock: shareIn(
      (entry) =>
        entry.layer === "block" && entry.level === "municipal" && isStatusIn(entry.status, PENDING_STATUSES),
    ),
    ecoArea: shareIn((entry) => entry.layer === "eco-conservation-area"),
  };
  const facts = {
    inZgc: shares.zgc >= WHOLLY_INSIDE_SHARE,
    inEtdz: shares.etdz >= WHOLLY_INSIDE_SHARE,
    inMunicipalDevelopmentZone: shares.municipalDevelopmentZone >= WHOLLY_INSIDE_SHARE,
    inDistrictDevelopmentZone: shares.districtDevelopmentZone >= WHOLLY_INSIDE_SHARE,
    inRecognizedMunicipalBlock: shares.recognizedMunicipalBlock >= WHOLLY_INSIDE_SHARE,
    inCandidateMunicipalBlock: shares.candidateMunicipalBlock >= WHOLLY_INSIDE_SHARE,
    inEcoArea: shares.ecoArea > 0,
  };
  return { shares, facts };
}

/** Facts about a point from what contains it: the kinds of zone, and the live blocks with level and status. */
export function pointFacts(
  zoneKinds: readonly string[],
  blocks: readonly { level: string; status: string }[],
): SiteFacts {
  const kinds = new Set(zoneKinds);
  const municipal = blocks.filter((block) => block.level === "municipal");
  return {
    inZgc: blocks.some((block) => block.level === "national"),
    inEtdz: kinds.has("etdz"),
    inMunicipalDevelopmentZone: kinds.has("municipal-development-zone"),
    inDistrictDevelopmentZone: kinds.has("district-development-zone"),
    inRecognizedMunicipalBlock: municipal.some((block) => isStatusIn(block.status, IN_FORCE_STATUSES)),
    inCandidateMunicipalBlock: municipal.some((block) => isStatusIn(block.status, PENDING_STATUSES)),
    inEcoArea: kinds.has("eco-conservation-area"),
  };
}

function isStatusIn(status: string | undefined, statuses: readonly BlockStatus[]): boolean {
  return (statuses as readonly string[]).includes(status ?? "");
}
