/**
 * Generates the illustrative (示意) demo data set in geodata/: parks.json, zones.geojson and blocks.geojson.
 *
 * Every shape below is authored by hand for the demo from general knowledge of where Beijing's districts and
 * Zhongguancun sub-parks lie. Nothing is copied or derived from third-party boundary data. The shapes are NOT
 * official boundaries and must never be used for legal area statements.
 *
 * Coordinates: lon/lat in CGCS2000 (EPSG:4490), rounded to 6 decimals, exterior rings counter-clockwise and
 * holes clockwise (RFC 7946). Every area figure is ellipsoidal (GRS80, GeographicLib), never spherical.
 *
 * The script is deterministic (no randomness), validates everything and throws when a designed case of
 * DOMAIN.md §4.5 (exit rule) or an overlap/eco/multi-part/hole/concave case does not hold.
 *
 * Run: npx tsx scripts/generate-demo-geodata.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as turf from "@turf/turf";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";
import { STORAGE_CRS } from "../server/domain/crs.js";
import { GRS80 } from "../server/domain/geodesic.js";

// ───────────────────────────── types ─────────────────────────────

type LngLat = readonly [number, number];
/** [east, north] offset in kilometres from a shape's anchor (authoring frame only, never used for areas). */
type OffsetKm = readonly [number, number];
type ArealGeometry = Polygon | MultiPolygon;

/** A hand-drawn shape: parts → rings (first exterior, then holes) → vertices as km offsets from `anchor`. */
interface ShapeSpec {
  anchor: LngLat;
  parts: OffsetKm[][][];
}

type ParkCategory = "A" | "B";
interface Park {
  code: string;
  name: string;
  nameEn: string;
  district: string;
  category: ParkCategory;
}

interface DistrictSpec {
  code: string;
  name: string;
  nameEn: string;
  /** Voronoi seeds; the district is the union of their cells clipped to the outline. */
  seeds: LngLat[];
}

type ZoneKind =
  | "district"
  | "etdz"
  | "municipal-development-zone"
  | "district-development-zone"
  | "eco-conservation-area"
  | "declared-range";
type DeclaredAs = "national-high-tech" | "national-etdz";
interface ZoneProperties {
  code: string;
  kind: ZoneKind;
  name: string;
  nameEn: string;
  declaredAs?: DeclaredAs;
}
interface ZoneSpec {
  code: string;
  kind: "municipal-development-zone" | "district-development-zone";
  name: string;
  nameEn: string;
  shape: ShapeSpec;
}

type BlockLevel = "national" | "municipal";
type BlockStatus = "recognized" | "candidate" | "applied" | "rectifying";
interface BlockProperties {
  code: string;
  name: string;
  parkCode: string;
  level: BlockLevel;
  status: BlockStatus;
  recognizedOn?: string;
  note: string;
}

/** The cases the municipal blocks are designed to demonstrate; each is checked and the script throws if one fails. */
const DEMO_CASES = [
  "row1",
  "row2",
  "row2-floor-binds",
  "row3",
  "row4",
  "overlaps-national",
  "inside-national",
  "overlaps-etdz",
  "in-eco-area",
  "multipart",
  "hole",
  "concave",
] as const;
type DemoCase = (typeof DEMO_CASES)[number];

interface BlockSpec {
  code: string;
  name: string;
  parkCode: string;
  level: BlockLevel;
  status: BlockStatus;
  shape: ShapeSpec;
  demonstrates: DemoCase[];
}

type ZoneFeature = Feature<ArealGeometry, ZoneProperties>;
type BlockFeature = Feature<ArealGeometry, BlockProperties>;

/** §4.5 exit-table rows: 1 eliminate, 2 reduce by 50% (floor 0.5 km²), 3 reduce by 50%, 4 reduce by 25%. */
type ExitRow = 1 | 2 | 3 | 4;

// ───────────────────────────── policy constants and design margins ─────────────────────────────

const SMALL_BLOCK_MAX_KM2 = 2; // §4.5: a ≤ 2 km²
const SHARE_THRESHOLD = 0.2; // §4.5: s < 20% / s > 20%
const FLOOR_KM2 = 0.5; // §4.5: the remainder is never below 0.5 km²
/** Demo design margins: no municipal block within 2% of the area thresholds or 2 percentage points of 20%. */
const AREA_MARGIN_RELATIVE = 0.02;
const SHARE_MARGIN_ABSOLUTE = 0.02;
/** Tolerance for "fully inside" and "no overlap" checks, in m² (rounding to 6 decimals moves edges ≤ 0.1 m). */
const CONTAINMENT_TOLERANCE_M2 = 50;
/** Tolerance for gaps and overlaps between districts, in m² (planar slivers left by rounding to 6 decimals). */
const TILING_TOLERANCE_M2 = 5000;
/**
 * Illustrative recognition dates (示意): municipal blocks in 2023 so they take part in the 2024 and 2025
 * evaluations (a block takes part in year Y only if recognized by the end of Y); the national blocks with the
 * 2012 一区十六园 layout.
 */
const RECOGNIZED_ON = "2023-06-30";
const NATIONAL_RECOGNIZED_ON = "2012-10-13";
/** 杨宋 was recognized later, with its ecological transition (geodata/eco-transitions.json). */
const RECOGNIZED_ON_BY_CODE: Record<string, string> = { "huairou-yangsong": "2025-06-30" };

// ───────────────────────────── authoring helpers ─────────────────────────────

/** A one-part shape without holes. */
function ringShape(anchor: LngLat, ring: OffsetKm[]): ShapeSpec {
  return { anchor, parts: [[ring]] };
}

function national(code: string, name: string, parkCode: string, shape: ShapeSpec): BlockSpec {
  return { code, name, parkCode, level: "national", status: "recognized", shape, demonstrates: [] };
}

function municipal(
  code: string,
  name: string,
  parkCode: string,
  status: BlockStatus,
  demonstrates: DemoCase[],
  shape: ShapeSpec,
): BlockSpec {
  return { code, name, parkCode, level: "municipal", status, shape, demonstrates };
}

// ───────────────────────────── authored data: parks and districts ─────────────────────────────

const PARKS: Park[] = [
  { code: "dongcheng", name: "东城园", nameEn: "Dongcheng Park", district: "东城区", category: "A" },
  { code: "xicheng", name: "西城园", nameEn: "Xicheng Park", district: "西城区", category: "A" },
  { code: "chaoyang", name: "朝阳园", nameEn: "Chaoyang Park", district: "朝阳区", category: "A" },
  { code: "haidian", name: "海淀园", nameEn: "Haidian Park", district: "海淀区", category: "A" },
  { code: "fengtai", name: "丰台园", nameEn: "Fengtai Park", district: "丰台区", category: "A" },
  { code: "shijingshan", name: "石景山园", nameEn: "Shijingshan Park", district: "石景山区", category: "A" },
  { code: "mentougou", name: "门头沟园", nameEn: "Mentougou Park", district: "门头沟区", category: "B" },
  { code: "fangshan", name: "房山园", nameEn: "Fangshan Park", district: "房山区", category: "B" },
  { code: "tongzhou", name: "通州园", nameEn: "Tongzhou Park", district: "通州区", category: "B" },
  { code: "shunyi", name: "顺义园", nameEn: "Shunyi Park", district: "顺义区", category: "B" },
  {
    code: "daxing-yizhuang",
    name: "大兴-亦庄园",
    nameEn: "Daxing-Yizhuang Park",
    district: "大兴区",
    category: "A",
  },
  { code: "changping", name: "昌平园", nameEn: "Changping Park", district: "昌平区", category: "B" },
  { code: "pinggu", name: "平谷园", nameEn: "Pinggu Park", district: "平谷区", category: "B" },
  { code: "huairou", name: "怀柔园", nameEn: "Huairou Park", district: "怀柔区", category: "B" },
  { code: "miyun", name: "密云园", nameEn: "Miyun Park", district: "密云区", category: "B" },
  { code: "yanqing", name: "延庆园", nameEn: "Yanqing Park", district: "延庆区", category: "B" },
];

/** Coarse hand-drawn outline of Beijing (lon/lat), from general knowledge of its shape. */
// biome-ignore format: hand-authored coordinate table
const BEIJING_OUTLINE: LngLat[] = [
  [115.43, 39.62], [115.55, 39.57], [115.68, 39.57], [115.82, 39.55], [115.95, 39.57], [116.05, 39.57],
  [116.12, 39.55], [116.24, 39.5], [116.32, 39.44], [116.4, 39.47], [116.5, 39.52], [116.6, 39.58],
  [116.72, 39.6], [116.82, 39.6], [116.92, 39.64], [116.94, 39.72], [116.88, 39.8], [116.84, 39.88],
  [116.8, 39.95], [116.86, 40.0], [116.96, 40.02], [117.05, 40.02], [117.15, 40.05], [117.25, 40.08],
  [117.35, 40.12], [117.45, 40.16], [117.51, 40.22], [117.42, 40.28], [117.33, 40.35], [117.4, 40.46],
  [117.41, 40.55], [117.33, 40.63], [117.22, 40.66], [117.12, 40.69], [117.0, 40.73], [116.95, 40.8],
  [116.85, 40.88], [116.75, 40.98], [116.68, 41.06], [116.58, 41.02], [116.5, 40.92], [116.45, 40.8],
  [116.38, 40.75], [116.25, 40.78], [116.1, 40.71], [115.98, 40.65], [115.87, 40.6], [115.79, 40.52],
  [115.73, 40.42], [115.8, 40.33], [115.7, 40.22], [115.55, 40.14], [115.45, 40.05], [115.42, 39.95],
  [115.5, 39.87], [115.48, 39.78], [115.42, 39.7],
];

const VORONOI_BBOX: [number, number, number, number] = [115.2, 39.2, 117.8, 41.3];

/** Districts (code = administrative division code); seeds chosen so the six central ones are small and central. */
// biome-ignore format: hand-authored seed table, one district per line
const DISTRICTS: DistrictSpec[] = [
  { code: "110101", name: "东城区", nameEn: "Dongcheng District", seeds: [[116.415, 39.945], [116.415, 39.895]] },
  { code: "110102", name: "西城区", nameEn: "Xicheng District", seeds: [[116.365, 39.945], [116.365, 39.895]] },
  { code: "110105", name: "朝阳区", nameEn: "Chaoyang District", seeds: [[116.395, 40.0], [116.47, 39.96], [116.48, 39.895], [116.5, 39.865], [116.56, 39.94], [116.52, 40.03], [116.6, 40.02], [116.47, 40.045]] },
  { code: "110106", name: "丰台区", nameEn: "Fengtai District", seeds: [[116.42, 39.835], [116.33, 39.845], [116.24, 39.845], [116.15, 39.85]] },
  { code: "110107", name: "石景山区", nameEn: "Shijingshan District", seeds: [[116.19, 39.915], [116.17, 39.94]] },
  { code: "110108", name: "海淀区", nameEn: "Haidian District", seeds: [[116.31, 39.93], [116.33, 39.985], [116.28, 40.03], [116.2, 40.05], [116.14, 40.08], [116.33, 40.055]] },
  { code: "110109", name: "门头沟区", nameEn: "Mentougou District", seeds: [[116.08, 39.95], [115.95, 39.98], [115.62, 39.97], [115.8, 39.88], [115.55, 39.9]] },
  { code: "110111", name: "房山区", nameEn: "Fangshan District", seeds: [[116.14, 39.74], [115.98, 39.72], [115.75, 39.7], [115.6, 39.65], [116.0, 39.6], [116.05, 39.82]] },
  { code: "110112", name: "通州区", nameEn: "Tongzhou District", seeds: [[116.66, 39.91], [116.7, 39.8], [116.8, 39.7], [116.67, 39.67]] },
  { code: "110113", name: "顺义区", nameEn: "Shunyi District", seeds: [[116.65, 40.13], [116.57, 40.09], [116.8, 40.1], [116.72, 40.22], [116.88, 40.05]] },
  { code: "110114", name: "昌平区", nameEn: "Changping District", seeds: [[116.23, 40.22], [116.02, 40.2], [116.41, 40.1], [116.47, 40.13], [116.08, 40.2], [116.35, 40.25], [116.15, 40.32], [116.3, 40.125]] },
  { code: "110115", name: "大兴区", nameEn: "Daxing District", seeds: [[116.34, 39.73], [116.4, 39.6], [116.3, 39.52], [116.54, 39.79], [116.58, 39.76], [116.55, 39.65], [116.45, 39.7]] },
  { code: "110116", name: "怀柔区", nameEn: "Huairou District", seeds: [[116.63, 40.33], [116.55, 40.55], [116.65, 40.85], [116.5, 40.42], [116.6, 40.7]] },
  { code: "110117", name: "平谷区", nameEn: "Pinggu District", seeds: [[117.12, 40.14], [117.3, 40.18], [117.0, 40.12], [117.05, 40.08]] },
  { code: "110118", name: "密云区", nameEn: "Miyun District", seeds: [[116.85, 40.38], [117.08, 40.38], [117.3, 40.42], [117.0, 40.5], [117.25, 40.55], [116.85, 40.65], [117.05, 40.7]] },
  { code: "110119", name: "延庆区", nameEn: "Yanqing District", seeds: [[115.97, 40.46], [115.78, 40.27], [116.2, 40.55], [115.85, 40.5], [116.3, 40.68], [116.05, 40.62]] },
];

/** 生态涵养区: whole districts (DOMAIN.md §1). */
const ECO_DISTRICTS = ["门头沟区", "平谷区", "怀柔区", "密云区", "延庆区"];
/**
 * The mountain parts of 昌平 and 房山 (DOMAIN.md §1), cut by hand-drawn lines. Each ring's first run of vertices
 * is the line across the district; the rest of the ring closes it around the mountain side, outside the district.
 */
// biome-ignore format: hand-authored coordinate table
const MOUNTAIN_SIDES: { district: string; ring: LngLat[] }[] = [
  { district: "昌平区", ring: [[116.02, 40.12], [116.1, 40.19], [116.18, 40.24], [116.28, 40.27], [116.38, 40.29], [116.48, 40.3], [116.7, 40.3], [116.7, 40.7], [115.7, 40.7], [115.7, 40.12]] },
  { district: "房山区", ring: [[116.1, 39.92], [116.05, 39.83], [115.98, 39.76], [115.95, 39.68], [115.92, 39.58], [115.88, 39.4], [115.2, 39.4], [115.2, 40.0], [116.1, 40.0]] },
];

// ───────────────────────────── authored data: zones ─────────────────────────────

/** 北京经济技术开发区（亦庄）, roughly 116.50–116.58 E, 39.76–39.82 N. */
// biome-ignore format: hand-authored coordinate table
const ETDZ_SHAPE: ShapeSpec = ringShape([116.54, 39.79], [[-3.3, -2.6], [-0.8, -3.3], [2.6, -3.0], [3.4, -1.0], [3.2, 1.8], [1.5, 3.3], [-1.2, 3.2], [-3.4, 1.5], [-3.0, -0.5]]);

/** Development zones (市级开发区 / 区级开发区): illustrative names and shapes. */
// biome-ignore format: hand-authored coordinate table, one zone per line
const DEVELOPMENT_ZONES: ZoneSpec[] = [
  { code: "mdz-tongzhou", kind: "municipal-development-zone", name: "通州市级开发区（示意）", nameEn: "Tongzhou municipal development zone (illustrative)", shape: ringShape([116.705, 39.81], [[-1.0, -1.2], [1.6, -1.1], [1.5, 1.0], [-0.9, 1.1]]) },
  { code: "mdz-shunyi", kind: "municipal-development-zone", name: "顺义市级开发区（示意）", nameEn: "Shunyi municipal development zone (illustrative)", shape: ringShape([116.76, 40.1], [[-1.5, -1.2], [1.4, -1.3], [1.6, 1.1], [-1.4, 1.2]]) },
  { code: "mdz-fangshan", kind: "municipal-development-zone", name: "房山市级开发区（示意）", nameEn: "Fangshan municipal development zone (illustrative)", shape: ringShape([116.02, 39.68], [[-1.2, -1.0], [1.2, -1.1], [1.3, 1.0], [-1.1, 1.1]]) },
  { code: "mdz-huairou", kind: "municipal-development-zone", name: "怀柔市级开发区（示意）", nameEn: "Huairou municipal development zone (illustrative)", shape: ringShape([116.69, 40.31], [[-1.4, -1.2], [1.4, -1.2], [1.5, 1.2], [-1.3, 1.3]]) },
  { code: "ddz-daxing", kind: "district-development-zone", name: "大兴区级开发区（示意）", nameEn: "Daxing district-level development zone (illustrative)", shape: ringShape([116.46, 39.62], [[-1.3, -1.0], [1.2, -1.1], [1.3, 1.0], [-1.2, 1.1]]) },
  { code: "ddz-changping", kind: "district-development-zone", name: "昌平区级开发区（示意）", nameEn: "Changping district-level development zone (illustrative)", shape: ringShape([116.33, 40.225], [[-1.0, -0.8], [1.0, -0.9], [1.1, 0.8], [-1.0, 0.9]]) },
];

/** National blocks whose union is declared as national high-tech zone range (illustrative). */
const DECLARED_NATIONAL_HIGH_TECH_BLOCKS = ["haidian-zhongguancun", "haidian-shangdi"];

// ───────────────────────────── authored data: blocks ─────────────────────────────

/** National blocks (国家级, recognized): their union is the Zhongguancun demonstration zone. */
// biome-ignore format: hand-authored coordinate table, one block per line
const NATIONAL_BLOCKS: BlockSpec[] = [
  national("dongcheng-yonghe", "雍和区块（示意）", "dongcheng", ringShape([116.415, 39.948], [[-0.55, -0.55], [0.55, -0.55], [0.6, 0.5], [-0.55, 0.55]])),
  national("dongcheng-longfusi", "隆福寺区块（示意）", "dongcheng", ringShape([116.415, 39.92], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
  national("xicheng-desheng", "德胜区块（示意）", "xicheng", ringShape([116.372, 39.952], [[-0.65, -0.58], [0.65, -0.58], [0.6, 0.58], [-0.65, 0.58]])),
  national("xicheng-jinrongjie", "金融街区块（示意）", "xicheng", ringShape([116.36, 39.915], [[-0.45, -0.6], [0.45, -0.65], [0.5, 0.6], [0.0, 0.7], [-0.45, 0.6]])),
  national("chaoyang-dianzicheng", "电子城-酒仙桥区块（示意）", "chaoyang", ringShape([116.495, 39.975], [[-1.5, -1.3], [1.4, -1.4], [1.6, 0.3], [1.2, 1.4], [-0.5, 1.5], [-1.6, 0.6]])),
  national("chaoyang-aoyun", "奥运科技园区块（示意）", "chaoyang", ringShape([116.4, 40.008], [[-1.2, -1.0], [1.1, -1.1], [1.3, 0.9], [-0.2, 1.3], [-1.3, 0.8]])),
  national("chaoyang-cbd", "CBD区块（示意）", "chaoyang", ringShape([116.474, 39.91], [[-0.9, -0.7], [0.9, -0.8], [1.0, 0.7], [-0.8, 0.8]])),
  national("haidian-zhongguancun", "中关村核心区（示意）", "haidian", ringShape([116.315, 39.98], [[-2.4, -1.9], [0.6, -2.1], [2.3, -1.7], [2.4, 0.2], [2.0, 1.9], [0.2, 2.0], [-1.6, 1.8], [-2.5, 0.4]])),
  national("haidian-shangdi", "上地-软件园区块（示意）", "haidian", ringShape([116.295, 40.045], [[-1.8, -1.5], [1.6, -1.6], [1.9, 0.0], [1.5, 1.6], [-0.4, 1.8], [-1.9, 1.2]])),
  national("haidian-yongfeng", "永丰区块（示意）", "haidian", ringShape([116.225, 40.075], [[-1.4, -1.1], [1.3, -1.2], [1.5, 0.6], [0.6, 1.3], [-1.2, 1.2]])),
  national("fengtai-kejiyuan", "丰台科技园区块（示意）", "fengtai", ringShape([116.285, 39.83], [[-1.3, -0.9], [0.2, -1.1], [1.2, -1.0], [1.4, 0.2], [1.1, 0.9], [-1.2, 0.9], [-1.4, 0.1]])),
  national("fengtai-changxindian", "长辛店区块（示意）", "fengtai", ringShape([116.2, 39.835], [[-0.8, -0.6], [0.8, -0.65], [0.85, 0.6], [0.1, 0.75], [-0.8, 0.65]])),
  national("shijingshan-bajiao", "八角区块（示意）", "shijingshan", ringShape([116.205, 39.91], [[-0.9, -0.7], [0.9, -0.7], [0.9, 0.7], [-0.85, 0.7]])),
  national("shijingshan-shougang", "首钢区块（示意）", "shijingshan", ringShape([116.165, 39.925], [[-0.8, -0.65], [0.8, -0.6], [0.8, 0.65], [-0.8, 0.65]])),
  national("mentougou-shilong", "石龙区块（示意）", "mentougou", ringShape([116.09, 39.925], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
  national("mentougou-binhe", "滨河区块（示意）", "mentougou", ringShape([116.07, 39.95], [[-0.55, -0.5], [0.55, -0.5], [0.55, 0.5], [-0.55, 0.5]])),
  national("fangshan-liangxiang", "良乡区块（示意）", "fangshan", ringShape([116.15, 39.73], [[-1.0, -0.8], [1.0, -0.9], [1.2, 0.1], [0.9, 0.8], [-0.3, 0.9], [-1.1, 0.6]])),
  national("fangshan-doudian", "窦店区块（示意）", "fangshan", ringShape([116.07, 39.645], [[-0.9, -0.7], [0.9, -0.7], [0.9, 0.7], [-0.9, 0.7]])),
  national("tongzhou-guangjidian", "光机电区块（示意）", "tongzhou", ringShape([116.69, 39.82], [[-1.0, -0.9], [0.4, -1.0], [1.0, -0.7], [1.1, 0.9], [-0.6, 1.0], [-1.1, 0.3]])),
  national("tongzhou-songzhuang", "宋庄区块（示意）", "tongzhou", ringShape([116.74, 39.92], [[-0.7, -0.55], [0.7, -0.55], [0.7, 0.55], [-0.7, 0.55]])),
  national("shunyi-tianzhu", "天竺区块（示意）", "shunyi", ringShape([116.575, 40.07], [[-1.1, -0.9], [1.0, -1.0], [1.2, 0.8], [0.2, 1.1], [-1.0, 1.0], [-1.2, 0.1]])),
  national("shunyi-linhe", "林河区块（示意）", "shunyi", ringShape([116.67, 40.15], [[-1.0, -0.9], [1.0, -0.9], [1.2, 0.2], [0.8, 0.9], [-1.0, 0.8]])),
  national("daxing-biomedicine", "生物医药基地区块（示意）", "daxing-yizhuang", ringShape([116.33, 39.665], [[-1.3, -1.0], [1.2, -1.1], [1.4, 0.8], [0.3, 1.2], [-1.2, 1.0]])),
  national("yizhuang-core", "亦庄核心区块（示意）", "daxing-yizhuang", ringShape([116.525, 39.795], [[-1.6, -1.3], [1.5, -1.4], [1.7, 0.4], [1.3, 1.5], [-1.0, 1.6], [-1.7, 0.5]])),
  national("yizhuang-south", "亦庄南区块（示意）", "daxing-yizhuang", ringShape([116.565, 39.772], [[-1.2, -1.0], [1.3, -1.0], [1.3, 1.0], [-1.1, 1.0]])),
  national("changping-kejiyuan", "昌平科技园区块（示意）", "changping", ringShape([116.235, 40.205], [[-1.4, -1.0], [1.3, -1.1], [1.5, 0.7], [0.4, 1.2], [-1.3, 1.0]])),
  national("changping-future", "未来科学城区块（示意）", "changping", ringShape([116.435, 40.105], [[-1.8, -1.2], [1.7, -1.3], [1.9, 0.5], [1.2, 1.4], [-1.0, 1.5], [-1.9, 0.6]])),
  national("changping-shengming", "生命科学园区块（示意）", "changping", ringShape([116.3, 40.103], [[-0.9, -0.7], [0.8, -0.8], [0.9, 0.7], [-0.8, 0.8]])),
  national("pinggu-xinggu", "兴谷区块（示意）", "pinggu", ringShape([117.08, 40.16], [[-0.55, -0.55], [0.55, -0.55], [0.55, 0.55], [-0.55, 0.55]])),
  national("pinggu-mafang", "马坊区块（示意）", "pinggu", ringShape([117.06, 40.075], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
  national("huairou-yanqi", "雁栖区块（示意）", "huairou", ringShape([116.67, 40.36], [[-1.0, -1.0], [0.6, -1.1], [1.1, -0.2], [1.0, 1.0], [-0.4, 1.1], [-1.1, 0.4]])),
  national("huairou-kexuecheng", "怀柔科学城区块（示意）", "huairou", ringShape([116.58, 40.38], [[-0.9, -0.8], [0.9, -0.8], [0.9, 0.8], [-0.9, 0.8]])),
  national("miyun-jingkai", "密云经开区块（示意）", "miyun", ringShape([116.87, 40.36], [[-0.9, -0.8], [0.9, -0.9], [1.0, 0.5], [0.6, 0.8], [-0.9, 0.8]])),
  national("miyun-xidaqiao", "西大桥区块（示意）", "miyun", ringShape([116.82, 40.39], [[-0.8, -0.75], [0.8, -0.75], [0.8, 0.75], [-0.8, 0.75]])),
  national("yanqing-chengqu", "延庆城区区块（示意）", "yanqing", ringShape([115.985, 40.455], [[-0.55, -0.55], [0.55, -0.55], [0.55, 0.55], [-0.55, 0.55]])),
  national("yanqing-zhangshanying", "张山营区块（示意）", "yanqing", ringShape([115.93, 40.47], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
];

/** Municipal blocks (市级): placed so that every §4.5 row and every spatial case shows up. */
// biome-ignore format: hand-authored coordinate table, one block per line
const MUNICIPAL_BLOCKS: BlockSpec[] = [
  municipal("haidian-shangdi-west", "上地西区块（示意）", "haidian", "recognized", ["row1", "overlaps-national"], ringShape([116.295, 40.045], [[-2.6, -0.6], [-1.35, -0.6], [-1.35, 0.6], [-2.5, 0.65]])),
  municipal("haidian-zgc-inner", "中关村大街内嵌区块（示意）", "haidian", "candidate", ["inside-national"], ringShape([116.315, 39.98], [[-0.45, -0.35], [0.45, -0.35], [0.45, 0.35], [-0.45, 0.35]])),
  municipal("haidian-wenquan", "温泉区块（示意）", "haidian", "recognized", ["row3", "hole"], { anchor: [116.185, 40.035], parts: [[[[-1.1, -0.9], [1.1, -0.9], [1.1, 0.9], [-1.1, 0.9]], [[-0.3, -0.25], [-0.3, 0.25], [0.3, 0.25], [0.3, -0.25]]]] }),
  municipal("chaoyang-jinzhan", "金盏区块（示意）", "chaoyang", "recognized", ["row3", "multipart"], { anchor: [116.585, 39.975], parts: [[[[-1.6, -0.5], [-0.3, -0.5], [-0.3, 0.5], [-1.6, 0.55]]], [[[0.5, -0.6], [1.5, -0.5], [1.5, 0.5], [0.5, 0.45]]]] }),
  municipal("chaoyang-dongba", "东坝区块（示意）", "chaoyang", "candidate", [], ringShape([116.545, 39.96], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
  municipal("yizhuang-east", "亦庄东扩区块（示意）", "daxing-yizhuang", "recognized", ["overlaps-etdz"], ringShape([116.576, 39.807], [[-0.7, -0.55], [0.8, -0.55], [0.8, 0.6], [-0.7, 0.6]])),
  municipal("daxing-xinmeiti", "新媒体基地L形区块（示意）", "daxing-yizhuang", "recognized", ["row3", "concave"], ringShape([116.32, 39.745], [[0, 0], [2.4, 0], [2.4, 0.9], [1.0, 0.9], [1.0, 2.1], [0, 2.1]])),
  municipal("changping-shahe", "沙河区块（示意）", "changping", "recognized", ["row3"], ringShape([116.29, 40.145], [[-1.0, -0.7], [1.0, -0.8], [1.1, 0.6], [-0.9, 0.65]])),
  municipal("changping-xiaotangshan", "小汤山区块（示意）", "changping", "applied", ["row1"], ringShape([116.39, 40.175], [[-0.6, -0.5], [0.6, -0.5], [0.6, 0.5], [-0.6, 0.5]])),
  municipal("huairou-yangsong", "杨宋区块（示意）", "huairou", "recognized", ["in-eco-area"], ringShape([116.685, 40.315], [[-0.6, -0.5], [0.6, -0.5], [0.6, 0.5], [-0.6, 0.5]])),
  municipal("mentougou-yongding", "永定区块（示意）", "mentougou", "rectifying", ["row2-floor-binds", "in-eco-area"], ringShape([116.065, 39.905], [[-0.45, -0.45], [0.45, -0.45], [0.45, 0.45], [-0.45, 0.45]])),
  municipal("yanqing-kangzhuang", "康庄区块（示意）", "yanqing", "recognized", ["row2", "in-eco-area"], ringShape([115.9, 40.4], [[-0.65, -0.55], [0.65, -0.6], [0.65, 0.6], [-0.65, 0.55]])),
  municipal("pinggu-donggaocun", "东高村U形区块（示意）", "pinggu", "rectifying", ["row4", "concave"], ringShape([117.14, 40.12], [[0, 0], [2.2, 0], [2.2, 1.8], [1.5, 1.8], [1.5, 0.7], [0.7, 0.7], [0.7, 1.8], [0, 1.8]])),
  municipal("miyun-tanying", "檀营区块（示意）", "miyun", "recognized", [], ringShape([116.885, 40.4], [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])),
  municipal("tongzhou-zhangjiawan", "张家湾区块（示意）", "tongzhou", "candidate", [], ringShape([116.7, 39.86], [[-0.45, -0.5], [0.45, -0.5], [0.45, 0.5], [-0.45, 0.5]])),
  municipal("tongzhou-taihu", "台湖区块（示意）", "tongzhou", "recognized", [], ringShape([116.645, 39.855], [[-0.9, -0.75], [0.9, -0.8], [1.0, 0.3], [0.7, 0.75], [-0.9, 0.75]])),
  municipal("shunyi-zhaoquanying", "赵全营区块（示意）", "shunyi", "applied", ["row4"], ringShape([116.6, 40.2], [[-0.9, -0.7], [0.9, -0.75], [1.0, 0.4], [0.7, 0.7], [-0.9, 0.7]])),
  municipal("fangshan-yancun", "阎村区块（示意）", "fangshan", "recognized", [], ringShape([116.1, 39.7], [[-0.45, -0.5], [0.45, -0.5], [0.45, 0.5], [-0.45, 0.5]])),
  municipal("fengtai-nanzhongzhou", "南中轴区块（示意）", "fengtai", "recognized", [], ringShape([116.4, 39.83], [[-0.6, -0.5], [0.6, -0.5], [0.6, 0.5], [-0.6, 0.5]])),
  municipal("shijingshan-wulituo", "五里坨区块（示意）", "shijingshan", "recognized", [], ringShape([116.15, 39.955], [[-0.4, -0.45], [0.4, -0.45], [0.4, 0.45], [-0.4, 0.45]])),
];

// ───────────────────────────── geometry helpers ─────────────────────────────

const KM_PER_DEGREE_LAT = 110.574; // authoring approximation only; areas are always ellipsoidal
const KM_PER_DEGREE_LNG_AT_EQUATOR = 111.32;

/** Converts a km offset from an anchor to lon/lat with a local equirectangular approximation (authoring only). */
function lngLatFromOffsetKm(anchor: LngLat, offset: OffsetKm): Position {
  const kmPerDegreeLng = KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((anchor[1] * Math.PI) / 180);
  return [anchor[0] + offset[0] / kmPerDegreeLng, anchor[1] + offset[1] / KM_PER_DEGREE_LAT];
}

function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

function geometryFromPolygons(polygons: Position[][][]): ArealGeometry {
  return polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] }
    : { type: "MultiPolygon", coordinates: polygons };
}

function polygonsOf(geometry: ArealGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

function geometryFromShape(shape: ShapeSpec): ArealGeometry {
  return geometryFromPolygons(
    shape.parts.map((rings) =>
      rings.map((ring) => closeRing(ring.map((offset) => lngLatFromOffsetKm(shape.anchor, offset)))),
    ),
  );
}

function polygonFromLngLats(ring: LngLat[]): Polygon {
  return { type: "Polygon", coordinates: [closeRing(ring.map(([lng, lat]) => [lng, lat]))] };
}

/** Rounds a coordinate to 6 decimals (≈ 0.1 m). */
function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Shoelace area in square degrees; positive for a counter-clockwise ring (only its sign is used). */
function signedPlanarArea(ring: Position[]): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    sum += ring[index][0] * ring[index + 1][1] - ring[index + 1][0] * ring[index][1];
  }
  return sum / 2;
}

/** |sin| of the turn at a vertex below which the vertex is dropped as collinear or as a zero-width spike. */
const DEGENERATE_TURN_SINE = 1e-4;

function isDegenerateVertex(previous: Position, current: Position, next: Position): boolean {
  const ux = current[0] - previous[0];
  const uy = current[1] - previous[1];
  const vx = next[0] - current[0];
  const vy = next[1] - current[1];
  const lengths = Math.hypot(ux, uy) * Math.hypot(vx, vy);
  return lengths === 0 || Math.abs(ux * vy - uy * vx) <= DEGENERATE_TURN_SINE * lengths;
}

/**
 * Drops repeated, collinear and spike vertices from a closed ring. Polygon clipping leaves zero-width spikes where
 * a cut line meets a shared district edge; they are invalid in OGC terms.
 */
function withoutDegenerateVertices(ring: Position[]): Position[] {
  const open = ring.slice(0, -1);
  let index = firstDegenerateVertex(open);
  while (index >= 0 && open.length > 3) {
    open.splice(index, 1);
    index = firstDegenerateVertex(open);
  }
  return closeRing(open);
}

/** Index of the first degenerate vertex of an open ring, or -1. */
function firstDegenerateVertex(open: Position[]): number {
  return open.findIndex((vertex, index) =>
    isDegenerateVertex(
      open[(index - 1 + open.length) % open.length],
      vertex,
      open[(index + 1) % open.length],
    ),
  );
}

function roundedRing(ring: Position[], counterClockwise: boolean): Position[] {
  const rounded = withoutDegenerateVertices(
    ring.map(([lng, lat]) => [roundCoordinate(lng), roundCoordinate(lat)]),
  );
  return signedPlanarArea(rounded) > 0 === counterClockwise ? rounded : [...rounded].reverse();
}

/** Rounds to 6 decimals and orients rings per RFC 7946: exterior counter-clockwise, holes clockwise. */
function normalisedGeometry(geometry: ArealGeometry): ArealGeometry {
  return geometryFromPolygons(
    polygonsOf(geometry).map((rings) => rings.map((ring, index) => roundedRing(ring, index === 0))),
  );
}

function asMultiPolygon(geometry: ArealGeometry): MultiPolygon {
  return { type: "MultiPolygon", coordinates: polygonsOf(geometry) };
}

/** Geodesic area of one ring on the GRS80 ellipsoid, in square metres (unsigned). */
function ringAreaM2(ring: Position[]): number {
  const polygon = GRS80.Polygon(false);
  for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
  const { area } = polygon.Compute(false, true);
  if (area === undefined) throw new Error("GeographicLib returned no area");
  return Math.abs(area);
}

/** Ellipsoidal (GRS80/CGCS2000) area in square metres: exteriors minus holes. */
function ellipsoidalAreaM2(geometry: ArealGeometry | null): number {
  if (!geometry) return 0;
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      total += index === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
    });
  }
  return total;
}

function km2(areaM2: number): number {
  return areaM2 / 1e6;
}

function intersection(a: ArealGeometry, b: ArealGeometry): ArealGeometry | null {
  return turf.intersect(turf.featureCollection([turf.feature(a), turf.feature(b)]))?.geometry ?? null;
}

function difference(a: ArealGeometry, b: ArealGeometry): ArealGeometry | null {
  return turf.difference(turf.featureCollection([turf.feature(a), turf.feature(b)]))?.geometry ?? null;
}

function union(geometries: ArealGeometry[]): ArealGeometry {
  if (geometries.length === 1) return geometries[0];
  const result = turf.union(turf.featureCollection(geometries.map((geometry) => turf.feature(geometry))));
  if (!result) throw new Error("union of an empty list");
  return result.geometry;
}

/** Ellipsoidal area of a ∩ b in square metres. */
function overlapAreaM2(a: ArealGeometry, b: ArealGeometry): number {
  return ellipsoidalAreaM2(intersection(a, b));
}

/** Ellipsoidal area of the part of `inner` outside `container`, in square metres. */
function outsideAreaM2(inner: ArealGeometry, container: ArealGeometry): number {
  return ellipsoidalAreaM2(difference(inner, container));
}

/** Shortest distance between the parts of a two-part MultiPolygon, in kilometres (spherical, for a design check). */
function gapBetweenPartsKm(geometry: MultiPolygon): number {
  const [first, second] = geometry.coordinates;
  const distanceToRing = (vertices: Position[], ring: Position[]): number =>
    Math.min(
      ...vertices.map((vertex) =>
        turf.pointToLineDistance(vertex, turf.lineString(ring), { units: "kilometers" }),
      ),
    );
  return Math.min(distanceToRing(first[0], second[0]), distanceToRing(second[0], first[0]));
}

/** Smallest ratio, over the parts, of a part's area to its convex hull's area (1 for convex parts). */
function convexity(geometry: ArealGeometry): number {
  const ratios = polygonsOf(geometry).map((rings) => {
    const part: Polygon = { type: "Polygon", coordinates: [rings[0]] };
    const hull = turf.convex(part) ?? fail("no convex hull");
    return ellipsoidalAreaM2(part) / ellipsoidalAreaM2(hull.geometry);
  });
  return Math.min(...ratios);
}

/** Reasons a geometry is not valid RFC 7946 / OGC simple-features data; empty when valid. */
function geometryProblems(geometry: ArealGeometry): string[] {
  const problems: string[] = [];
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, index) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4) problems.push("ring has fewer than 4 positions");
      if (first[0] !== last[0] || first[1] !== last[1]) problems.push("ring not closed");
      if (index === 0 && signedPlanarArea(ring) <= 0) problems.push("exterior ring not counter-clockwise");
      if (index > 0 && signedPlanarArea(ring) >= 0) problems.push("hole not clockwise");
      if (ring.some(([lng, lat]) => roundCoordinate(lng) !== lng || roundCoordinate(lat) !== lat)) {
        problems.push("coordinate with more than 6 decimals");
      }
    });
  }
  if (turf.kinks(geometry).features.length > 0) problems.push("self-intersection (turf kinks)");
  if (turf.booleanValid(geometry) !== true) problems.push("turf booleanValid is false");
  return problems;
}

function assertValid(label: string, geometry: ArealGeometry): void {
  const problems = geometryProblems(geometry);
  if (problems.length > 0) throw new Error(`${label}: invalid geometry: ${problems.join("; ")}`);
}

function fail(message: string): never {
  throw new Error(message);
}

// ───────────────────────────── districts and the ecological conservation area ─────────────────────────────

const CENTRAL_DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区"];

/** Partitions the outline: union of each district's Voronoi cells, clipped to the outline. */
function buildDistricts(outline: Polygon): Map<string, ArealGeometry> {
  const seeds = DISTRICTS.flatMap((spec) =>
    spec.seeds.map((seed) => turf.point([seed[0], seed[1]], { district: spec.name })),
  );
  const cells = turf.voronoi(turf.featureCollection(seeds), { bbox: VORONOI_BBOX }).features;
  const districts = new Map<string, ArealGeometry>();
  for (const spec of DISTRICTS) {
    const ownCells = cells
      .filter((_cell, index) => seeds[index].properties.district === spec.name)
      .map((cell) => cell?.geometry ?? fail(`${spec.name}: duplicate Voronoi seed`));
    const clipped = intersection(union(ownCells), outline) ?? fail(`${spec.name}: outside the outline`);
    districts.set(spec.name, normalisedGeometry(clipped));
  }
  return districts;
}

function districtGeometry(districts: Map<string, ArealGeometry>, name: string): ArealGeometry {
  return districts.get(name) ?? fail(`unknown district ${name}`);
}

/**
 * Approximate area in m² of a shape read with straight lon/lat edges (local equirectangular shoelace).
 * Only for sliver tests: where a Voronoi edge splits a long outline edge, the pieces are collinear in lon/lat but
 * not on the ellipsoid (a geodesic bows by metres over 10 km), so ellipsoidal areas of such slivers are not ~0.
 */
function planarSliverAreaM2(geometry: ArealGeometry | null): number {
  if (!geometry) return 0;
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    const latitude = rings[0][0][1];
    const metresPerDegree2 =
      KM_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((latitude * Math.PI) / 180) * KM_PER_DEGREE_LAT * 1e6;
    for (const ring of rings) total += signedPlanarArea(ring) * metresPerDegree2;
  }
  return Math.abs(total);
}

/** Throws unless the districts cover the outline without gaps or overlaps (within rounding tolerance). */
function assertDistrictsTileOutline(outline: Polygon, districts: Map<string, ArealGeometry>): void {
  const entries = [...districts.entries()];
  const gapM2 = planarSliverAreaM2(difference(outline, union(entries.map(([, geometry]) => geometry))));
  if (gapM2 > TILING_TOLERANCE_M2) fail(`districts leave ${gapM2.toFixed(0)} m² of the outline uncovered`);
  entries.forEach(([name, geometry], index) => {
    assertValid(`district ${name}`, geometry);
    if (planarSliverAreaM2(difference(geometry, outline)) > TILING_TOLERANCE_M2) {
      fail(`district ${name} leaves the outline`);
    }
    for (const [otherName, other] of entries.slice(index + 1)) {
      const overlapM2 = planarSliverAreaM2(intersection(geometry, other));
      if (overlapM2 > TILING_TOLERANCE_M2) {
        fail(`districts ${name} and ${otherName} overlap by ${overlapM2.toFixed(0)} m²`);
      }
    }
    const areaKm2 = km2(ellipsoidalAreaM2(geometry));
    const central = CENTRAL_DISTRICTS.includes(name);
    if (central ? areaKm2 > 600 : areaKm2 < 600) {
      fail(`district ${name}: implausible area ${areaKm2.toFixed(0)} km²`);
    }
  });
  const outlineKm2 = km2(ellipsoidalAreaM2(outline));
  const sumKm2 = entries.reduce((sum, [, geometry]) => sum + km2(ellipsoidalAreaM2(geometry)), 0);
  if (Math.abs(sumKm2 / outlineKm2 - 1) > 1e-5) {
    fail(`districts sum to ${sumKm2} km², outline is ${outlineKm2} km²`);
  }
  // Beijing is about 16,410 km²; a coarse outline drawn around a jagged border comes out somewhat larger.
  if (outlineKm2 < 15500 || outlineKm2 > 18500) {
    fail(`outline area ${outlineKm2.toFixed(0)} km² is not Beijing-sized`);
  }
}

/** 生态涵养区: five whole districts plus the mountain sides of 昌平 and 房山, as one MultiPolygon. */
function buildEcoArea(districts: Map<string, ArealGeometry>): MultiPolygon {
  const wholeDistricts = ECO_DISTRICTS.map((name) => districtGeometry(districts, name));
  const mountainParts = MOUNTAIN_SIDES.map(
    ({ district, ring }) =>
      intersection(districtGeometry(districts, district), polygonFromLngLats(ring)) ??
      fail(`${district}: mountain line misses the district`),
  );
  return asMultiPolygon(normalisedGeometry(union([...wholeDistricts, ...mountainParts])));
}

// ───────────────────────────── zones ─────────────────────────────

function zoneFeature(properties: ZoneProperties, geometry: ArealGeometry): ZoneFeature {
  assertValid(`zone ${properties.code}`, geometry);
  return { type: "Feature", properties, geometry };
}

function buildZones(
  districts: Map<string, ArealGeometry>,
  etdz: ArealGeometry,
  eco: MultiPolygon,
  declaredNationalHighTech: ArealGeometry,
): ZoneFeature[] {
  const districtZones = DISTRICTS.map((spec) =>
    zoneFeature(
      { code: spec.code, kind: "district", name: spec.name, nameEn: spec.nameEn },
      districtGeometry(districts, spec.name),
    ),
  );
  const developmentZones = DEVELOPMENT_ZONES.map((spec) =>
    zoneFeature(
      { code: spec.code, kind: spec.kind, name: spec.name, nameEn: spec.nameEn },
      normalisedGeometry(geometryFromShape(spec.shape)),
    ),
  );
  return [
    ...districtZones,
    zoneFeature(
      {
        code: "etdz-yizhuang",
        kind: "etdz",
        name: "北京经济技术开发区（亦庄）",
        nameEn: "Beijing Economic-Technological Development Area (Yizhuang)",
      },
      etdz,
    ),
    ...developmentZones,
    zoneFeature(
      {
        code: "eco-conservation",
        kind: "eco-conservation-area",
        name: "生态涵养区",
        nameEn: "Ecological conservation area",
      },
      eco,
    ),
    zoneFeature(
      {
        code: "declared-national-high-tech",
        kind: "declared-range",
        name: "拟申报国家级高新区范围（示意）",
        nameEn: "Range declared as national high-tech zone (illustrative)",
        declaredAs: "national-high-tech",
      },
      declaredNationalHighTech,
    ),
    zoneFeature(
      {
        code: "declared-national-etdz",
        kind: "declared-range",
        name: "拟申报国家级经开区范围（示意）",
        nameEn: "Range declared as national economic-technological development zone (illustrative)",
        declaredAs: "national-etdz",
      },
      etdz,
    ),
  ];
}

/** Throws unless the development zones show the designed overlaps with the Zhongguancun zone. */
function assertDevelopmentZones(zones: ZoneFeature[], zgc: ArealGeometry): void {
  const municipalZones = zones.filter((zone) => zone.properties.kind === "municipal-development-zone");
  const districtZones = zones.filter((zone) => zone.properties.kind === "district-development-zone");
  if (municipalZones.length < 3 || municipalZones.length > 4) fail("need 3–4 municipal development zones");
  if (districtZones.length !== 2) fail("need 2 district-level development zones");
  const shares = municipalZones.map(
    (zone) => overlapAreaM2(zone.geometry, zgc) / ellipsoidalAreaM2(zone.geometry),
  );
  if (!shares.some((share) => share > 0.05 && share < 0.95)) {
    fail("no municipal development zone partly in Zhongguancun");
  }
  if (!shares.some((share) => share === 0)) fail("no municipal development zone fully outside Zhongguancun");
}

// ───────────────────────────── blocks and the §4.5 exit rule ─────────────────────────────

/** §4.5 row for a block of `areaKm2` with `shareOfPark` (0..1); s exactly 20% counts as "above" (DOMAIN default). */
function exitRow(areaKm2: number, shareOfPark: number): ExitRow {
  const small = areaKm2 <= SMALL_BLOCK_MAX_KM2;
  const large = shareOfPark >= SHARE_THRESHOLD;
  if (small) return large ? 2 : 1;
  return large ? 4 : 3;
}

/** Area kept after the §4.5 action, in km² (0 when eliminated). */
function keptAreaKm2(row: ExitRow, areaKm2: number): number {
  switch (row) {
    case 1:
      return 0;
    case 2:
      return Math.max(areaKm2 * 0.5, FLOOR_KM2);
    case 3:
      return areaKm2 * 0.5;
    case 4:
      return areaKm2 * 0.75;
  }
}

function exitRowPhrase(row: ExitRow, floorBinds: boolean): string {
  switch (row) {
    case 1:
      return "§4.5 第1行情形（a≤2 km²，s<20%：退出时直接淘汰）";
    case 2:
      return floorBinds
        ? "§4.5 第2行情形（a≤2 km²，s>20%：按50%压减，但不低于0.5 km²；本区块触及下限，保留0.5 km²）"
        : "§4.5 第2行情形（a≤2 km²，s>20%：按50%压减，不触及0.5 km²下限）";
    case 3:
      return "§4.5 第3行情形（a>2 km²，s<20%：按50%压减）";
    case 4:
      return "§4.5 第4行情形（a>2 km²，s>20%：按25%压减）";
  }
}

interface MunicipalAnalysis {
  spec: BlockSpec;
  geometry: ArealGeometry;
  areaKm2: number;
  /** share of park with the park area = area of the union of its blocks in force (the default basis) */
  shareOfPark: number;
  /** share of park with the park area = sum of the areas of its blocks in force (the in-force-sum basis) */
  shareOfParkBySum: number;
  row: ExitRow;
  keptKm2: number;
  floorBinds: boolean;
  /** shares (0..1) of the block inside the Zhongguancun zone, 亦庄 and the ecological conservation area */
  zgcShare: number;
  etdzShare: number;
  ecoShare: number;
  /** share (0..1) of the block inside a municipal development zone (市级开发区) */
  municipalZoneShare: number;
  partCount: number;
  holeCount: number;
  convexity: number;
  gapKm: number | null;
}

interface SpatialLayers {
  districts: Map<string, ArealGeometry>;
  zgc: ArealGeometry;
  etdz: ArealGeometry;
  eco: MultiPolygon;
  municipalZones: ArealGeometry;
}

function parkOf(code: string): Park {
  return PARKS.find((park) => park.code === code) ?? fail(`unknown park ${code}`);
}

function analyseMunicipalBlock(
  spec: BlockSpec,
  geometry: ArealGeometry,
  parkBlocks: ArealGeometry[],
  layers: SpatialLayers,
): MunicipalAnalysis {
  const areaM2 = ellipsoidalAreaM2(geometry);
  const areaKm2 = km2(areaM2);
  const parkSumM2 = parkBlocks.reduce((sum, block) => sum + ellipsoidalAreaM2(block), 0);
  const shareOfPark = areaM2 / ellipsoidalAreaM2(union(parkBlocks));
  const row = exitRow(areaKm2, shareOfPark);
  const polygons = polygonsOf(geometry);
  return {
    spec,
    geometry,
    areaKm2,
    shareOfPark,
    shareOfParkBySum: areaM2 / parkSumM2,
    row,
    keptKm2: keptAreaKm2(row, areaKm2),
    floorBinds: row === 2 && areaKm2 * 0.5 < FLOOR_KM2,
    zgcShare: overlapAreaM2(geometry, layers.zgc) / areaM2,
    etdzShare: overlapAreaM2(geometry, layers.etdz) / areaM2,
    ecoShare: overlapAreaM2(geometry, layers.eco) / areaM2,
    municipalZoneShare: overlapAreaM2(geometry, layers.municipalZones) / areaM2,
    partCount: polygons.length,
    holeCount: polygons.reduce((sum, rings) => sum + rings.length - 1, 0),
    convexity: convexity(geometry),
    gapKm: geometry.type === "MultiPolygon" ? gapBetweenPartsKm(geometry) : null,
  };
}

/** True when a share (0..1) of a block of `areaKm2` lies inside a layer up to the rounding tolerance. */
function isFullyInside(share: number, areaKm2: number): boolean {
  return share >= 1 - CONTAINMENT_TOLERANCE_M2 / (areaKm2 * 1e6);
}

/** Spatial facts of a municipal block as short Chinese phrases (for the note and the printed table). */
function spatialPhrases(analysis: MunicipalAnalysis): string[] {
  const phrases: string[] = [];
  if (isFullyInside(analysis.zgcShare, analysis.areaKm2)) {
    phrases.push("完全位于国家级区块内（叠加分析）");
  } else if (analysis.zgcShare > 0) {
    phrases.push(`部分与国家级区块重叠（约${Math.round(analysis.zgcShare * 100)}%位于中关村示范区内）`);
  }
  if (analysis.etdzShare > 0) {
    phrases.push(`部分与亦庄经开区重叠（约${Math.round(analysis.etdzShare * 100)}%）`);
  }
  if (isFullyInside(analysis.ecoShare, analysis.areaKm2)) {
    phrases.push("位于生态涵养区（§4.4，可设不超过五年的过渡期）");
  }
  if (isFullyInside(analysis.municipalZoneShare, analysis.areaKm2)) phrases.push("位于市级开发区内");
  if (analysis.partCount > 1) {
    phrases.push(`多部件区块（${analysis.partCount}部分，间距约${analysis.gapKm?.toFixed(1)} km）`);
  }
  if (analysis.holeCount > 0) phrases.push("含内部空洞（内环）");
  if (analysis.convexity <= 0.85) phrases.push("凹多边形（L/U形），用于测试压减预览");
  return phrases;
}

function municipalNote(analysis: MunicipalAnalysis): string {
  return `示意：${[exitRowPhrase(analysis.row, analysis.floorBinds), ...spatialPhrases(analysis)].join("；")}`;
}

/** Throws unless the block's row is robust: away from every threshold and the same for both park-area readings. */
function assertRowMargins(analysis: MunicipalAnalysis): void {
  const { code } = analysis.spec;
  const { areaKm2, shareOfPark, shareOfParkBySum } = analysis;
  if (Math.abs(areaKm2 / SMALL_BLOCK_MAX_KM2 - 1) < AREA_MARGIN_RELATIVE) {
    fail(`${code}: area too close to 2 km²`);
  }
  for (const share of [shareOfPark, shareOfParkBySum]) {
    if (Math.abs(share - SHARE_THRESHOLD) < SHARE_MARGIN_ABSOLUTE) fail(`${code}: share too close to 20%`);
  }
  if (exitRow(areaKm2, shareOfParkBySum) !== analysis.row) {
    fail(`${code}: row depends on how the park area is read`);
  }
  if (analysis.row === 2) {
    const halfKm2 = areaKm2 * 0.5;
    if (areaKm2 <= FLOOR_KM2 * (1 + AREA_MARGIN_RELATIVE)) {
      fail(`${code}: already at or below the 0.5 km² floor (an undesigned special case)`);
    }
    if (Math.abs(halfKm2 / FLOOR_KM2 - 1) < AREA_MARGIN_RELATIVE) {
      fail(`${code}: half its area is too close to 0.5 km²`);
    }
  }
}

/** Throws unless the designed case holds for the block. */
function assertDemoCase(analysis: MunicipalAnalysis, demoCase: DemoCase): void {
  const { code } = analysis.spec;
  const holds = ((): boolean => {
    switch (demoCase) {
      case "row1":
        return analysis.row === 1;
      case "row2":
        return analysis.row === 2 && !analysis.floorBinds && analysis.areaKm2 >= 1.2;
      case "row2-floor-binds":
        return (
          analysis.row === 2 && analysis.floorBinds && analysis.areaKm2 >= 0.7 && analysis.areaKm2 <= 0.9
        );
      case "row3":
        return analysis.row === 3;
      case "row4":
        return analysis.row === 4;
      case "overlaps-national":
        return analysis.zgcShare >= 0.3 && analysis.zgcShare <= 0.5;
      case "inside-national":
        return isFullyInside(analysis.zgcShare, analysis.areaKm2);
      case "overlaps-etdz":
        return analysis.etdzShare >= 0.2 && analysis.etdzShare <= 0.8;
      case "in-eco-area":
        return isFullyInside(analysis.ecoShare, analysis.areaKm2);
      case "multipart":
        return (
          analysis.partCount === 2 && analysis.gapKm !== null && analysis.gapKm >= 0.2 && analysis.gapKm <= 2
        );
      case "hole":
        return analysis.holeCount > 0;
      case "concave":
        return analysis.convexity <= 0.85;
    }
  })();
  if (!holds) fail(`${code}: designed case "${demoCase}" does not hold`);
}

/** Throws when a municipal block overlaps something it was not designed to overlap. */
function assertNoUndesignedOverlap(analysis: MunicipalAnalysis): void {
  const { code } = analysis.spec;
  const designed = new Set(analysis.spec.demonstrates);
  const designedZgc = designed.has("overlaps-national") || designed.has("inside-national");
  if (analysis.zgcShare > 0 && !designedZgc) fail(`${code}: undesigned overlap with a national block`);
  if (analysis.etdzShare > 0 && !designed.has("overlaps-etdz")) fail(`${code}: undesigned overlap with 亦庄`);
}

// ───────────────────────────── assembling and checking the blocks ─────────────────────────────

interface BuiltBlock {
  spec: BlockSpec;
  geometry: ArealGeometry;
}

/** Note of a national block; the two declared ones say so. */
function nationalNote(code: string): string {
  return DECLARED_NATIONAL_HIGH_TECH_BLOCKS.includes(code)
    ? "示意：国家级区块（中关村示范区范围）；纳入拟申报国家级高新区范围"
    : "示意：国家级区块（中关村示范区范围）";
}

function buildBlocks(specs: BlockSpec[]): BuiltBlock[] {
  return specs.map((spec) => {
    const geometry = normalisedGeometry(geometryFromShape(spec.shape));
    assertValid(`block ${spec.code}`, geometry);
    return { spec, geometry };
  });
}

/**
 * The blocks that make up a park's area for `forBlock`'s share (server/db/park-share.ts): the park's blocks in
 * force (recognized, rectifying), plus the block itself when it is a draft or an application.
 */
function parkBlockGeometries(blocks: BuiltBlock[], forBlock: BuiltBlock): ArealGeometry[] {
  const inForce = (block: BuiltBlock) =>
    block.spec.status === "recognized" || block.spec.status === "rectifying";
  return blocks
    .filter(
      (block) => block.spec.parkCode === forBlock.spec.parkCode && (inForce(block) || block === forBlock),
    )
    .map((block) => block.geometry);
}

/** Throws unless codes are unique and every block lies in its park's district. */
function assertBlockPlacement(blocks: BuiltBlock[], districts: Map<string, ArealGeometry>): void {
  const codes = new Set(blocks.map((block) => block.spec.code));
  if (codes.size !== blocks.length) fail("duplicate block codes");
  const problems = blocks.flatMap(({ spec, geometry }) => {
    const district = districtGeometry(districts, parkOf(spec.parkCode).district);
    const outsideM2 = outsideAreaM2(geometry, district);
    return outsideM2 > CONTAINMENT_TOLERANCE_M2
      ? [`${spec.code}: ${outsideM2.toFixed(0)} m² outside its district`]
      : [];
  });
  if (problems.length > 0) fail(problems.join("\n"));
}

/** Throws unless every park has 2–4 national blocks of 1–25 km² that do not overlap each other. */
function assertNationalBlocks(blocks: BuiltBlock[]): void {
  for (const park of PARKS) {
    const count = blocks.filter((block) => block.spec.parkCode === park.code).length;
    if (count < 2 || count > 4) fail(`${park.name}: ${count} national blocks`);
  }
  blocks.forEach(({ spec, geometry }, index) => {
    const areaKm2 = km2(ellipsoidalAreaM2(geometry));
    if (areaKm2 < 1 || areaKm2 > 25) fail(`${spec.code}: national block of ${areaKm2.toFixed(2)} km²`);
    for (const other of blocks.slice(index + 1)) {
      if (overlapAreaM2(geometry, other.geometry) > 0) fail(`${spec.code} overlaps ${other.spec.code}`);
    }
  });
}

/** Throws unless the municipal blocks together show every designed case, with two under rectification. */
function assertMunicipalSet(analyses: MunicipalAnalysis[]): void {
  if (analyses.length < 18 || analyses.length > 22) {
    fail(`${analyses.length} municipal blocks, want about 20`);
  }
  const rectifying = analyses.filter((analysis) => analysis.spec.status === "rectifying").length;
  if (rectifying !== 2) fail(`${rectifying} rectifying municipal blocks, want 2`);
  for (const demoCase of DEMO_CASES) {
    if (!analyses.some((analysis) => analysis.spec.demonstrates.includes(demoCase))) {
      fail(`no block shows ${demoCase}`);
    }
  }
  analyses.forEach((analysis, index) => {
    for (const other of analyses.slice(index + 1)) {
      if (overlapAreaM2(analysis.geometry, other.geometry) > 0) {
        fail(`${analysis.spec.code} overlaps ${other.spec.code}`);
      }
    }
  });
}

function blockFeature(block: BuiltBlock, note: string): BlockFeature {
  const { code, name, parkCode, level, status } = block.spec;
  const recognized = status === "recognized" || status === "rectifying";
  const recognizedOn =
    RECOGNIZED_ON_BY_CODE[code] ?? (level === "national" ? NATIONAL_RECOGNIZED_ON : RECOGNIZED_ON);
  const properties: BlockProperties = recognized
    ? { code, name, parkCode, level, status, recognizedOn, note }
    : { code, name, parkCode, level, status, note };
  return { type: "Feature", properties, geometry: block.geometry };
}

// ───────────────────────────── report ─────────────────────────────

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Short English tags for the printed table. */
function caseTags(analysis: MunicipalAnalysis): string {
  const tags: string[] = [];
  if (analysis.zgcShare > 0) tags.push(`in-ZGC ${percent(analysis.zgcShare)}`);
  if (analysis.etdzShare > 0) tags.push(`in-etdz ${percent(analysis.etdzShare)}`);
  if (analysis.ecoShare > 0) tags.push(`in-eco ${percent(analysis.ecoShare)}`);
  if (analysis.municipalZoneShare > 0) {
    tags.push(`in-municipal-dev-zone ${percent(analysis.municipalZoneShare)}`);
  }
  if (analysis.partCount > 1) tags.push(`${analysis.partCount} parts, gap ${analysis.gapKm?.toFixed(2)} km`);
  if (analysis.holeCount > 0) tags.push(`${analysis.holeCount} hole`);
  if (analysis.convexity <= 0.85) tags.push(`concave (area/hull ${analysis.convexity.toFixed(2)})`);
  if (analysis.spec.demonstrates.length > 0) tags.push(`designed: ${analysis.spec.demonstrates.join(", ")}`);
  return tags.join("; ");
}

function printParkTable(blocks: BuiltBlock[], analyses: MunicipalAnalysis[]): void {
  console.log("park / municipal block          status      area km²   share s  §4.5 row  keeps km²  cases");
  for (const park of PARKS) {
    const parkBlocks = blocks.filter((block) => block.spec.parkCode === park.code);
    const nationalKm2 = parkBlocks
      .filter((block) => block.spec.level === "national")
      .reduce((sum, block) => sum + km2(ellipsoidalAreaM2(block.geometry)), 0);
    const totalKm2 = parkBlocks.reduce((sum, block) => sum + km2(ellipsoidalAreaM2(block.geometry)), 0);
    console.log(
      `${park.code} ${park.name} (${park.category}): total ${totalKm2.toFixed(3)} km², ` +
        `national ${nationalKm2.toFixed(3)} km² in ${parkBlocks.filter((b) => b.spec.level === "national").length} blocks`,
    );
    for (const analysis of analyses.filter((item) => item.spec.parkCode === park.code)) {
      console.log(
        `  ${analysis.spec.code.padEnd(30)} ${analysis.spec.status.padEnd(11)} ${analysis.areaKm2.toFixed(3).padStart(8)}` +
          `  ${percent(analysis.shareOfPark).padStart(7)}  row ${analysis.row}${analysis.floorBinds ? " floor" : "      "}` +
          `  ${analysis.keptKm2.toFixed(3).padStart(8)}  ${caseTags(analysis)}`,
      );
    }
  }
}

/** Prints the §3 spatial composition of the demo layers (overlaps counted once). */
function printComposition(zgc: ArealGeometry, municipalBlocks: BuiltBlock[], zones: ZoneFeature[]): void {
  const ofKind = (kind: ZoneKind): ArealGeometry[] =>
    zones.filter((zone) => zone.properties.kind === kind).map((zone) => zone.geometry);
  const municipalZonesOutside = difference(union(ofKind("municipal-development-zone")), zgc);
  const terms = [
    zgc,
    ...municipalBlocks.map((block) => block.geometry),
    ...ofKind("district-development-zone"),
  ];
  const composition = union(municipalZonesOutside ? [...terms, municipalZonesOutside] : terms);
  const remaining = difference(composition, union(ofKind("declared-range")));
  console.log(
    `§3 composition (illustrative): Zhongguancun ${km2(ellipsoidalAreaM2(zgc)).toFixed(2)} km², ` +
      `union of all terms ${km2(ellipsoidalAreaM2(composition)).toFixed(2)} km², ` +
      `after subtracting declared ranges ${km2(ellipsoidalAreaM2(remaining)).toFixed(2)} km²`,
  );
}

function printDistrictAreas(outline: Polygon, districts: Map<string, ArealGeometry>): void {
  const parts = [...districts.entries()].map(
    ([name, geometry]) => `${name} ${km2(ellipsoidalAreaM2(geometry)).toFixed(0)}`,
  );
  console.log(
    `outline ${km2(ellipsoidalAreaM2(outline)).toFixed(0)} km²; districts (km²): ${parts.join(", ")}`,
  );
}

// ───────────────────────────── output ─────────────────────────────

const OUTPUT_DIRECTORY = fileURLToPath(new URL("../geodata/", import.meta.url));
const COLLECTION_METADATA = {
  crs: STORAGE_CRS,
  illustrative: true,
  note: "示意数据，为演示而绘制，非官方边界，无审图号，不得用于法定面积表述。Illustrative shapes authored for the demo; not official boundaries.",
  generator: "scripts/generate-demo-geodata.ts",
};

/** GeoJSON FeatureCollection text with one feature per line (compact, stable diffs). */
function featureCollectionText(features: Feature[]): string {
  const lines = features.map((feature) => `    ${JSON.stringify(feature)}`);
  return `{\n  "type": "FeatureCollection",\n  "metadata": ${JSON.stringify(COLLECTION_METADATA)},\n  "features": [\n${lines.join(",\n")}\n  ]\n}\n`;
}

function writeOutput(fileName: string, text: string): void {
  writeFileSync(`${OUTPUT_DIRECTORY}${fileName}`, text, "utf8");
  console.log(`wrote geodata/${fileName} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
}

function asPolygon(geometry: ArealGeometry): Polygon {
  return geometry.type === "Polygon" ? geometry : fail("expected a single polygon");
}

function main(): void {
  const outline = asPolygon(normalisedGeometry(polygonFromLngLats(BEIJING_OUTLINE)));
  assertValid("outline", outline);
  const districts = buildDistricts(outline);
  assertDistrictsTileOutline(outline, districts);
  const eco = buildEcoArea(districts);
  const etdz = normalisedGeometry(geometryFromShape(ETDZ_SHAPE));
  const etdzKm2 = km2(ellipsoidalAreaM2(etdz));
  if (etdzKm2 < 20 || etdzKm2 > 60) fail(`亦庄 of ${etdzKm2.toFixed(1)} km² is not a few tens of km²`);

  const nationalBlocks = buildBlocks(NATIONAL_BLOCKS);
  const municipalBlocks = buildBlocks(MUNICIPAL_BLOCKS);
  const allBlocks = [...nationalBlocks, ...municipalBlocks];
  assertBlockPlacement(allBlocks, districts);
  assertNationalBlocks(nationalBlocks);
  const zgc = union(nationalBlocks.map((block) => block.geometry));
  const declaredNationalHighTech = normalisedGeometry(
    union(
      nationalBlocks
        .filter((block) => DECLARED_NATIONAL_HIGH_TECH_BLOCKS.includes(block.spec.code))
        .map((block) => block.geometry),
    ),
  );
  const zones = buildZones(districts, etdz, eco, declaredNationalHighTech);
  assertDevelopmentZones(zones, zgc);

  const municipalZones = union(
    zones
      .filter((zone) => zone.properties.kind === "municipal-development-zone")
      .map((zone) => zone.geometry),
  );
  const layers: SpatialLayers = { districts, zgc, etdz, eco, municipalZones };
  const analyses = municipalBlocks.map((block) =>
    analyseMunicipalBlock(block.spec, block.geometry, parkBlockGeometries(allBlocks, block), layers),
  );
  printDistrictAreas(outline, districts);
  printParkTable(allBlocks, analyses);
  printComposition(zgc, municipalBlocks, zones);
  for (const analysis of analyses) {
    assertRowMargins(analysis);
    for (const demoCase of analysis.spec.demonstrates) assertDemoCase(analysis, demoCase);
    assertNoUndesignedOverlap(analysis);
  }
  assertMunicipalSet(analyses);

  const blockFeatures = [
    ...nationalBlocks.map((block) => blockFeature(block, nationalNote(block.spec.code))),
    ...analyses.map((analysis) => blockFeature(analysis, municipalNote(analysis))),
  ];
  mkdirSync(OUTPUT_DIRECTORY, { recursive: true });
  writeOutput("parks.json", `${JSON.stringify(PARKS, null, 2)}\n`);
  writeOutput("zones.geojson", featureCollectionText(zones));
  writeOutput("blocks.geojson", featureCollectionText(blockFeatures));
}

main();
