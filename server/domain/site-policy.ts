import type { OverlapEntry } from "./analysis-report.js";
import { type BlockStatus, IN_FORCE_STATUSES, PENDING_STATUSES } from "./block.js";

/**
 * 项目落地核查 — what applies at a site (《管理办法》第四部分 政策支持; the drafting explanation: 根据《北京市新增产业
 * 的禁止和限制目录（2022年版）》，生态涵养区需纳入市级以上开发区，才可新增和扩建生产性制造业项目).
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
    // 第四部分 · 适用政策: parts outside Zhongguancun get only Beijing's municipal Zhongguancun policies.
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

/** One sentence of the site check in the words of the texts it rests on, with where it comes from. */
export interface PolicyStatement {
  key:
    | SitePolicy
    | "manufacturing-allowed"
    | "manufacturing-not-restricted"
    | "manufacturing-not-allowed"
    | "recognition-pending"
    | "recognition-not-approval";
  zh: string;
  en: string;
  source: { zh: string; en: string };
}

const MEASURES_SUPPORT = { zh: "《管理办法》第四部分 政策支持", en: "Measures, part 4 Policy support" };
const MEASURES_APPLICABLE = {
  zh: "《管理办法》第四部分 政策支持 · 适用政策",
  en: "Measures, part 4 Policy support · applicable policies",
};
const INDUSTRY_CATALOGUE = {
  zh: "《北京市新增产业的禁止和限制目录（2022年版）》",
  en: "Beijing catalogue of prohibited and restricted new industries (2022)",
};
const MEASURES_RECOGNITION = { zh: "《管理办法》第二部分 认定", en: "Measures, part 2 Recognition" };

/** The Measures' own words for each policy a site gets (issue #12.10: 优先保障发展建设用地空间, 仅享受…). */
export const SITE_POLICY_STATEMENTS: Record<SitePolicy, PolicyStatement> = {
  "zgc-national-policies": {
    key: "zgc-national-policies",
    zh: "位于中关村示范区内：适用中关村国家自主创新示范区政策。",
    en: "Inside the Zhongguancun Demonstration Zone: the national demonstration-zone policies apply.",
    source: { zh: "中关村国家自主创新示范区", en: "Zhongguancun National Innovation Demonstration Zone" },
  },
  "etdz-policies": {
    key: "etdz-policies",
    zh: "位于国家级经济技术开发区（亦庄）内：适用国家级经开区政策。",
    en: "Inside the national ETDZ (Yizhuang): the national ETDZ policies apply.",
    source: { zh: "国家级经济技术开发区", en: "national economic-technological development zone" },
  },
  "municipal-high-tech-zone-support": {
    key: "municipal-high-tech-zone-support",
    zh: "位于已认定的市级高新区区块内：享受市级开发区在产业项目落地方面的政策；市级部门优先保障发展建设用地空间；设有专项支持资金，支持引进紧缺人才，定期发布应用场景建设需求清单。",
    en: "In a recognized municipal high-tech zone block: the municipal development-zone policies for siting industrial projects; municipal departments give priority to its land for development and construction; a dedicated support fund, support for scarce talent, and published lists of application-scenario needs.",
    source: MEASURES_SUPPORT,
  },
  "municipal-zgc-policies-only": {
    key: "municipal-zgc-policies-only",
    zh: "位于市级高新区范围内但在中关村国家自主创新示范区外：仅享受北京市支持中关村发展的市级相关政策。",
    en: "In the municipal high-tech zone but outside the Zhongguancun Demonstration Zone: only Beijing's municipal policies supporting Zhongguancun apply.",
    source: MEASURES_APPLICABLE,
  },
};

/**
 * The site check in sentences: the policies, new productive manufacturing (生态涵养区需纳入市级以上开发区，才可
 * 新增和扩建生产性制造业项目), and, wherever a municipal block is involved, that recognition is not a project
 * approval (认定不等于项目审批: projects inside still go through their own approvals).
 */
export function sitePolicyStatements(
  facts: SiteFacts,
  answer: ReturnType<typeof sitePolicy>,
): PolicyStatement[] {
  const statements = answer.policies.map((policy) => SITE_POLICY_STATEMENTS[policy]);
  if (!facts.inEcoArea) {
    statements.push({
      key: "manufacturing-not-restricted",
      zh: `不在生态涵养区：不受“生态涵养区需纳入市级以上开发区，才可新增和扩建生产性制造业项目”的限制（${INDUSTRY_CATALOGUE.zh}）。`,
      en: `Outside the ecological conservation area: not subject to its rule that new or expanded productive manufacturing projects need a development zone of municipal level or above (${INDUSTRY_CATALOGUE.en}).`,
      source: INDUSTRY_CATALOGUE,
    });
  } else if (answer.newManufacturingAllowed) {
    statements.push({
      key: "manufacturing-allowed",
      zh: `位于生态涵养区内的市级以上开发区：可新增和扩建生产性制造业项目（${INDUSTRY_CATALOGUE.zh}）。`,
      en: `In the ecological conservation area, inside a development zone of municipal level or above: new and expanded productive manufacturing projects are possible (${INDUSTRY_CATALOGUE.en}).`,
      source: INDUSTRY_CATALOGUE,
    });
  } else {
    statements.push({
      key: "manufacturing-not-allowed",
      zh: `位于生态涵养区且不在市级以上开发区内：不得新增和扩建生产性制造业项目（${INDUSTRY_CATALOGUE.zh}）。`,
      en: `In the ecological conservation area and outside any development zone of municipal level or above: no new or expanded productive manufacturing projects (${INDUSTRY_CATALOGUE.en}).`,
      source: INDUSTRY_CATALOGUE,
    });
  }
  if (answer.pendingRecognitionWouldAllow) {
    statements.push({
      key: "recognition-pending",
      zh: "所在市级区块尚未认定：认定为市级高新区后，方可新增和扩建生产性制造业项目。",
      en: "The municipal block here is not yet recognized: once recognized, new and expanded productive manufacturing projects become possible.",
      source: MEASURES_RECOGNITION,
    });
  }
  if (facts.inRecognizedMunicipalBlock || facts.inCandidateMunicipalBlock) {
    statements.push(RECOGNITION_IS_NOT_APPROVAL);
  }
  return statements;
}

/** Recognition makes land part of the municipal zone; it approves no project (issue #12.10). */
export const RECOGNITION_IS_NOT_APPROVAL: PolicyStatement = {
  key: "recognition-not-approval",
  zh: "认定为市级高新区不等于项目审批：区块内的具体项目仍须按有关规定办理审批手续。",
  en: "Recognition as a municipal high-tech zone is not a project approval: each project inside still goes through its own approvals.",
  source: MEASURES_RECOGNITION,
};

/** What the site check answers: the policy outcome and its sentences. */
export function siteAnswer(facts: SiteFacts) {
  const answer = sitePolicy(facts);
  return { ...answer, statements: sitePolicyStatements(facts, answer) };
}
