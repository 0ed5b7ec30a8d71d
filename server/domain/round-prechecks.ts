import { type OverlapEntry, overlapFlags, zgcSplit } from "./analysis-report.js";
import { type Precheck, recognitionCommitmentCheck, recognitionPrechecks } from "./recognition-checks.js";
import { ECO_AREA_MIN_SHARE } from "./transition-eligibility.js";
import { m2ToKm2 } from "./units.js";

/**
 * 认定预检, frozen with an application when it is submitted (《管理办法》第二部分 认定 · 认定条件): per block the overlaps
 * with Zhongguancun, the national zones and other blocks, the layout checks, the eco area and its commitments, the
 * growth of its indicators against its district's average (发展质效指标增速原则上高于所在区平均水平); per application
 * the composition headroom after it (需要说明的是 四). They warn; the joint review decides.
 */

/** Conditions a person judges (产业导向, 基础设施, 安全生产、环境保护): the reviewer's checklist (met / not met, reason). */
export const JUDGEMENT_CONDITIONS = [
  "industry-orientation",
  "infrastructure",
  "safety-and-environment",
] as const;
export type JudgementCondition = (typeof JUDGEMENT_CONDITIONS)[number];

/** A block overlapped by 5% of either block's area or more is named a warning (our threshold). */
export const BLOCK_OVERLAP_WARN_SHARE = 0.05;

export interface BlockPrecheckFacts {
  blockId: number;
  code: string;
  name: string;
  parkId: number;
  level: "national" | "municipal";
  areaM2: number;
  perimeterM: number;
  parts: number;
  partGapsM: number[];
  zoneOverlaps: OverlapEntry[];
  insideZgcM2: number;
  /** From the kept block-to-block overlap table (block_pair_overlaps), other live blocks only. */
  otherBlocks: {
    id: number;
    name: string;
    level: string;
    status: string;
    overlapM2: number;
    otherAreaM2: number;
  }[];
  commitments: Readonly<Record<string, number | undefined>> | undefined;
  growth: GrowthFacts;
}

/**
 * 发展质效指标增速原则上高于所在区平均水平: the text names no indicators. Our reading: the growth of the amounts the
 * evaluation's quality indicators are built from (总收入, 科技服务业企业营业收入, 优质企业保有量, 技术合同成交额,
 * 企业研发投入, 实缴税费), each for the block against its district's other blocks in force taken together (the
 * district's sum), over the block's two latest years with data. Flows that are already a year's increase
 * (当年新增总收入, 新登记中小企业数, 新晋独角兽) are left out. "原则上" → a warning, never a refusal.
 */
export const GROWTH_INDICATORS = [
  "totalRevenue",
  "techServiceRevenue",
  "qualityEnterprises",
  "techContractTurnover",
  "rdExpenditure",
  "taxesPaid",
] as const;
export type GrowthIndicator = (typeof GROWTH_INDICATORS)[number];

/** One indicator's amounts in the two years: the block's and the sum of its district's other blocks in force. */
export interface GrowthAmounts {
  indicator: GrowthIndicator;
  block: { from: number; to: number } | null;
  district: { from: number; to: number; blocks: number } | null;
}

export interface GrowthFacts {
  fromYear: number | null;
  toYear: number | null;
  indicators: GrowthAmounts[];
}

type GrowthStatus = "pass" | "warn" | "no-data";

export function growthCheck(facts: GrowthFacts) {
  const rate = (pair: { from: number; to: number } | null) =>
    pair && pair.from > 0 ? (pair.to - pair.from) / pair.from : null;
  const indicators = facts.indicators.map((amounts) => {
    const blockGrowth = rate(amounts.block);
    const districtGrowth = rate(amounts.district);
    const status: GrowthStatus =
      blockGrowth === null || districtGrowth === null
        ? "no-data"
        : blockGrowth > districtGrowth
          ? "pass"
          : "warn";
    return {
      indicator: amounts.indicator,
      blockGrowth,
      districtGrowth,
      districtBlocks: amounts.district?.blocks ?? 0,
      status,
    };
  });
  const compared = indicators.filter((entry) => entry.status !== "no-data");
  const status: GrowthStatus =
    compared.length === 0 ? "no-data" : compared.some((entry) => entry.status === "warn") ? "warn" : "pass";
  return { fromYear: facts.fromYear, toYear: facts.toYear, indicators, status };
}

export function blockPrechecks(facts: BlockPrecheckFacts) {
  const ecoOverlapM2 = facts.zoneOverlaps
    .filter((entry) => entry.layer === "eco-conservation-area")
    .reduce((sum, entry) => sum + entry.overlapKm2 * 1_000_000, 0);
  const layout = recognitionPrechecks({
    parkId: facts.parkId,
    parts: facts.parts,
    partGapsM: facts.partGapsM,
    areaM2: facts.areaM2,
    perimeterM: facts.perimeterM,
    ecoOverlapM2,
  });
  const otherBlocks = facts.otherBlocks.map((other) => ({
    id: other.id,
    name: other.name,
    level: other.level,
    status: other.status,
    overlapKm2: m2ToKm2(other.overlapM2),
    shareOfBlock: facts.areaM2 > 0 ? other.overlapM2 / facts.areaM2 : 0,
    shareOfOther: other.otherAreaM2 > 0 ? other.overlapM2 / other.otherAreaM2 : 0,
  }));
  const commitment = recognitionCommitmentCheck({
    level: facts.level,
    ecoShareOfBlock: layout.ecoShare,
    commitments: facts.commitments,
  });
  const growth = growthCheck(facts.growth);
  const national = facts.zoneOverlaps.filter(
    (entry) => entry.layer === "etdz" || entry.layer === "declared-range",
  );
  const checks: { key: string; status: Precheck["status"] | "no-data" }[] = [
    ...layout.checks.map(({ key, status }) => ({ key, status })),
    {
      key: "other-blocks",
      status: otherBlocks.some((o) => Math.max(o.shareOfBlock, o.shareOfOther) >= BLOCK_OVERLAP_WARN_SHARE)
        ? "warn"
        : "pass",
    },
    { key: "national-zones", status: national.length > 0 || flagsOf(facts).length > 0 ? "warn" : "pass" },
    { key: "eco-commitments", status: commitment.ready ? "pass" : "warn" },
    { key: "growth-above-district-average", status: growth.status },
  ];
  return {
    blockId: facts.blockId,
    code: facts.code,
    name: facts.name,
    areaKm2: m2ToKm2(facts.areaM2),
    zgc: zgcSplit(facts.areaM2, facts.insideZgcM2),
    nationalZones: national.map(({ layer, id, name, overlapKm2, shareOfGeometry }) => ({
      layer,
      id,
      name,
      overlapKm2,
      shareOfBlock: shareOfGeometry,
    })),
    otherBlocks,
    compactness: layout.compactness,
    maxGapKm: layout.maxGapKm,
    parts: facts.parts,
    eco: {
      share: layout.ecoShare,
      needsCommitments: layout.ecoShare > ECO_AREA_MIN_SHARE && facts.level === "municipal",
      commitmentsRecorded: Object.values(facts.commitments ?? {}).some((v) => typeof v === "number"),
    },
    growth,
    checks,
    warnings: checks.filter((check) => check.status === "warn").map((check) => check.key),
  };
}

function flagsOf(facts: BlockPrecheckFacts) {
  return overlapFlags(
    facts.otherBlocks.map((o) => ({
      layer: "block",
      id: o.id,
      name: o.name,
      nameEn: o.name,
      level: o.level,
      overlapKm2: 0,
      shareOfGeometry: 0,
      shareOfTarget: 0,
    })),
  );
}

/**
 * 空间构成 headroom after the application: today's headroom (which already counts blocks applied for) minus the area
 * of its blocks not counted yet (still 意向纳入). Overlaps of these blocks with blocks already counted are not
 * removed: the figure errs on the side of less headroom.
 */
export function headroomAfter(headroomKm2: number, uncountedAreaKm2: number) {
  const afterKm2 = headroomKm2 - uncountedAreaKm2;
  return {
    headroomKm2,
    applicationAreaKm2: uncountedAreaKm2,
    headroomAfterKm2: afterKm2,
    exceeds: afterKm2 < 0,
  };
}

export type BlockPrechecks = ReturnType<typeof blockPrechecks>;
