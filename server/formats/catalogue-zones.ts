import type { BlockFeature } from "../db/block-store.js";
import type { BlockLevel } from "../domain/block.js";
import type { FourBoundaries } from "../domain/four-boundaries.js";

/**
 * The catalogue's rows (《中国开发区审核公告目录》, DOMAIN.md §6): one row per zone — the national-level blocks
 * (the Zhongguancun demonstration zone) and the municipal high-tech zone — each listing its blocks once.
 * 批准时间 is the earliest approval date the blocks carry (attributes approvedOn / recognizedOn); a block's
 * 核准面积 is its approved-area attribute (公顷) when it has one, else its stored ellipsoidal area, labelled
 * 计算面积 (issue #12.9); the zone's area is the sum over its blocks, a block lying inside another block of
 * the same zone counted once (its land is the other block's); 主导产业 the industries the blocks name, most
 * named first.
 */
export interface CatalogueBlock {
  block: BlockFeature;
  district: string;
  boundaries: FourBoundaries;
  /** The block this one lies wholly inside (another block in the package), if any. */
  inside?: { id: number; name: string };
  /** "1-2": zone 1, block 2, also used to name the block's files. */
  number: string;
  /** 核准面积 (from the block's attribute) or 计算面积 (the stored ellipsoidal area). */
  area: CatalogueArea;
  /** 备注: which block it lies inside, and whether its area is left out of the zone's sum. */
  remark: string;
}

export type AreaBasis = "approved" | "computed";

export interface CatalogueArea {
  basis: AreaBasis;
  hectares: number;
  km2: number;
}

/** The words of the column saying which area a row holds. */
export const AREA_BASIS_NAMES: Record<AreaBasis, string> = { approved: "核准面积", computed: "计算面积" };

export interface CatalogueZone {
  number: number;
  name: string;
  level: BlockLevel;
  /** YYYY.MM, or "" when no block carries a date. */
  approvedOn: string;
  /** The sum of the blocks' areas (nested blocks once). */
  areaHectares: number;
  mainIndustries: string;
  blocks: CatalogueBlock[];
}

export const ZONE_NAMES: Record<BlockLevel, string> = {
  national: "中关村示范区（国家级区块）",
  municipal: "北京市级高新区（市级区块）",
};

const DATE_KEYS = ["approvedOn", "recognizedOn", "批准时间"];
const INDUSTRY_KEYS = ["mainIndustries", "industries", "主导产业"];
/** Attributes holding the block's approved area in 公顷 (核准面积). */
export const APPROVED_AREA_KEYS = ["approvedAreaHectares", "核准面积"];

export function catalogueZones(
  blocks: Omit<CatalogueBlock, "number" | "area" | "remark">[],
): CatalogueZone[] {
  const levels: BlockLevel[] = ["national", "municipal"];
  const seen = new Set<number>();
  const unique = blocks.filter((entry) => {
    if (seen.has(entry.block.properties.id)) return false;
    seen.add(entry.block.properties.id);
    return true;
  });
  return levels
    .map((level) => unique.filter((entry) => entry.block.properties.level === level))
    .filter((entries) => entries.length > 0)
    .map((entries, zoneIndex) => {
      const level = entries[0].block.properties.level;
      const zoneIds = new Set(entries.map((entry) => entry.block.properties.id));
      const nestedInZone = (entry: (typeof entries)[number]) =>
        entry.inside !== undefined && zoneIds.has(entry.inside.id);
      const listed = entries.map((entry, blockIndex) => ({
        ...entry,
        number: `${zoneIndex + 1}-${blockIndex + 1}`,
        area: catalogueArea(entry.block),
        remark: entry.inside
          ? `位于${entry.inside.name}内${nestedInZone(entry) ? "，面积不重复计入本开发区核准面积" : ""}`
          : "",
      }));
      const counted = listed.filter((entry) => !nestedInZone(entry));
      return {
        number: zoneIndex + 1,
        name: ZONE_NAMES[level],
        level,
        approvedOn: earliestMonth(entries.map((entry) => entry.block)),
        areaHectares: counted.reduce((sum, entry) => sum + entry.area.hectares, 0),
        mainIndustries: industries(entries.map((entry) => entry.block)),
        blocks: listed,
      };
    });
}

/** The block's approved area (a positive number of 公顷 in its attributes), else its stored area. */
export function catalogueArea(block: BlockFeature): CatalogueArea {
  const approved = APPROVED_AREA_KEYS.map((key) => Number(block.properties.attributes?.[key])).find(
    (value) => Number.isFinite(value) && value > 0,
  );
  if (approved !== undefined) return { basis: "approved", hectares: approved, km2: approved / 100 };
  return { basis: "computed", hectares: block.properties.areaHectares, km2: block.properties.areaKm2 };
}

/** The earliest YYYY-MM(-DD) / YYYY.MM date in the blocks' attributes, as YYYY.MM. */
function earliestMonth(blocks: BlockFeature[]): string {
  const months = blocks
    .flatMap((block) => DATE_KEYS.map((key) => block.properties.attributes?.[key]))
    .map((value) => /^(\d{4})[-./年](\d{1,2})/.exec(String(value ?? "")))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]}.${match[2].padStart(2, "0")}`)
    .sort();
  return months[0] ?? "";
}

function industries(blocks: BlockFeature[]): string {
  const counts = new Map<string, number>();
  for (const block of blocks) {
    for (const key of INDUSTRY_KEYS) {
      const value = block.properties.attributes?.[key];
      const names = Array.isArray(value)
        ? value.map(String)
        : typeof value === "string"
          ? value.split(/[、,，;；/]/)
          : [];
      for (const name of names.map((item) => item.trim()).filter(Boolean))
        counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name)
    .join("、");
}
