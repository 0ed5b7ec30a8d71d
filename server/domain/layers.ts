/**
 * Reference layers (参考图层): the zone kinds stored in `zones`, plus `zgc`, the Zhongguancun
 * Demonstration Zone, derived as the union of the national-level blocks (GLOSSARY.md).
 */
export const ZONE_KINDS = [
  "district",
  "etdz",
  "municipal-development-zone",
  "district-development-zone",
  "eco-conservation-area",
  "declared-range",
] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const LAYER_IDS = [...ZONE_KINDS, "zgc"] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface LayerInfo {
  id: LayerId;
  name: string;
  nameEn: string;
}

export const LAYERS: readonly LayerInfo[] = [
  { id: "district", name: "行政区", nameEn: "Districts" },
  { id: "zgc", name: "中关村示范区", nameEn: "Zhongguancun Demonstration Zone" },
  { id: "etdz", name: "国家级经济技术开发区（亦庄）", nameEn: "National ETDZ (Yizhuang)" },
  { id: "municipal-development-zone", name: "市级开发区", nameEn: "Municipal development zones" },
  { id: "district-development-zone", name: "区级开发区", nameEn: "District-level development zones" },
  { id: "eco-conservation-area", name: "生态涵养区", nameEn: "Ecological conservation area" },
  { id: "declared-range", name: "拟申报国家级范围", nameEn: "Ranges declared for the national catalogue" },
];

export function isLayerId(value: unknown): value is LayerId {
  return typeof value === "string" && (LAYER_IDS as readonly string[]).includes(value);
}

export function isZoneKind(value: unknown): value is ZoneKind {
  return typeof value === "string" && (ZONE_KINDS as readonly string[]).includes(value);
}
