import type { BlockFeature } from "../db/block-store.js";
import type { BlockLevel } from "../domain/block.js";
import type { FourBoundaries } from "../domain/four-boundaries.js";

/**
 * The catalogue's rows (《中国开发区审核公告目录》, DOMAIN.md §6): one row per zone — the national-level blocks
 * (the Zhongguancun demonstration zone) and the municipal high-tech zone — each listing its blocks.
 * 批准时间 is the earliest approval date the blocks carry (attributes approvedOn / recognizedOn), 核准面积
 * the sum of the blocks' stored ellipsoidal areas, 主导产业 the industries the blocks name, most named first.
 */
export interface CatalogueBlock {
  block: BlockFeature;
  district: string;
  boundaries: FourBoundaries;
  /** "1-2": zone 1, block 2, also used to name the block's files. */
  number: string;
}

export interface CatalogueZone {
  number: number;
  name: string;
  level: BlockLevel;
  /** YYYY.MM, or "" when no block carries a date. */
  approvedOn: string;
  approvedAreaHectares: number;
  mainIndustries: string;
  blocks: CatalogueBlock[];
}

export const ZONE_NAMES: Record<BlockLevel, string> = {
  national: "中关村示范区（国家级区块）",
  municipal: "北京市级高新区（市级区块）",
};

const DATE_KEYS = ["approvedOn", "recognizedOn", "批准时间"];
const INDUSTRY_KEYS = ["mainIndustries", "industries", "主导产业"];

export function catalogueZones(blocks: Omit<CatalogueBlock, "number">[]): CatalogueZone[] {
  const levels: BlockLevel[] = ["national", "municipal"];
  return levels
    .map((level) => blocks.filter((entry) => entry.block.properties.level === level))
    .filter((entries) => entries.length > 0)
    .map((entries, zoneIndex) => {
      const level = entries[0].block.properties.level;
      return {
        number: zoneIndex + 1,
        name: ZONE_NAMES[level],
        level,
        approvedOn: earliestMonth(entries.map((entry) => entry.block)),
        approvedAreaHectares: entries.reduce((sum, entry) => sum + entry.block.properties.areaHectares, 0),
        mainIndustries: industries(entries.map((entry) => entry.block)),
        blocks: entries.map((entry, blockIndex) => ({
          ...entry,
          number: `${zoneIndex + 1}-${blockIndex + 1}`,
        })),
      };
    });
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
