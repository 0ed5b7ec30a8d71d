import type {
  BlockSpec,
  BlockStatus,
  DemoCase,
  DistrictSpec,
  LngLat,
  OffsetKm,
  Park,
  ShapeSpec,
  ZoneSpec,
} from "./types.js";

/** The hand-authored demo data: policy constants and design margins, parks, districts, zones, blocks. */

export const SMALL_BLOCK_MAX_KM2 = 2; // §4.5: a ≤ 2 km²
export const SHARE_THRESHOLD = 0.2; // §4.5: s < 20% / s > 20%
export const FLOOR_KM2 = 0.5; // §4.5: the remainder is never below 0.5 km²
/** Demo design margins: no municipal block within 2% of the area thresholds or 2 percentage points of 20%. */
export const AREA_MARGIN_RELATIVE = 0.02;
export const SHARE_MARGIN_ABSOLUTE = 0.02;
/** Tolerance for "fully inside" and "no overlap" checks, in m² (rounding to 6 decimals moves edges ≤ 0.1 m). */
export const CONTAINMENT_TOLERANCE_M2 = 50;
/** Tolerance for gaps and overlaps between districts, in m² (planar slivers left by rounding to 6 decimals). */
export const TILING_TOLERANCE_M2 = 5000;
/**
 * Illustrative recognition dates (示意): municipal blocks in 2023 so they take part in the 2024 and 2025
 * evaluations (a block takes part in year Y only if recognized by the end of Y); the national blocks with the
 * 2012 一区十六园 layout.
 */
export const RECOGNIZED_ON = "2023-06-30";
export const NATIONAL_RECOGNIZED_ON = "2012-10-13";
/** 杨宋 was recognized later, with its ecological transition (geodata/eco-transitions.json). */
export const RECOGNIZED_ON_BY_CODE: Record<string, string> = { "huairou-yangsong": "2025-06-30" };

// ───────────────────────────── authoring helpers ─────────────────────────────

/** A one-part shape without holes. */
export function ringShape(anchor: LngLat, ring: OffsetKm[]): ShapeSpec {
  return { anchor, parts: [[ring]] };
}

export function national(code: string, name: string, parkCode: string, shape: ShapeSpec): BlockSpec {
  return { code, name, parkCode, level: "national", status: "recognized", shape, demonstrates: [] };
}

export function municipal(
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

export const PARKS: Park[] = [
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
export const BEIJING_OUTLINE: LngLat[] = [
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

export const VORONOI_BBOX: [number, number, number, number] = [115.2, 39.2, 117.8, 41.3];

/** Districts (code = administrative division code); seeds chosen so the six central ones are small and central. */
// biome-ignore format: hand-authored seed table, one district per line
export const DISTRICTS: DistrictSpec[] = [
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
export const ECO_DISTRICTS = ["门头沟区", "平谷区", "怀柔区", "密云区", "延庆区"];
/**
 * The mountain parts of 昌平 and 房山 (DOMAIN.md §1), cut by hand-drawn lines. Each ring's first run of vertices
 * is the line across the district; the rest of the ring closes it around the mountain side, outside the district.
 */
// biome-ignore format: hand-authored coordinate table
export const MOUNTAIN_SIDES: { district: string; ring: LngLat[] }[] = [
  { district: "昌平区", ring: [[116.02, 40.12], [116.1, 40.19], [116.18, 40.24], [116.28, 40.27], [116.38, 40.29], [116.48, 40.3], [116.7, 40.3], [116.7, 40.7], [115.7, 40.7], [115.7, 40.12]] },
  { district: "房山区", ring: [[116.1, 39.92], [116.05, 39.83], [115.98, 39.76], [115.95, 39.68], [115.92, 39.58], [115.88, 39.4], [115.2, 39.4], [115.2, 40.0], [116.1, 40.0]] },
];

// ───────────────────────────── authored data: zones ─────────────────────────────

/** 北京经济技术开发区（亦庄）, roughly 116.50–116.58 E, 39.76–39.82 N. */
// biome-ignore format: hand-authored coordinate table
export const ETDZ_SHAPE: ShapeSpec = ringShape([116.54, 39.79], [[-3.3, -2.6], [-0.8, -3.3], [2.6, -3.0], [3.4, -1.0], [3.2, 1.8], [1.5, 3.3], [-1.2, 3.2], [-3.4, 1.5], [-3.0, -0.5]]);

/** Development zones (市级开发区 / 区级开发区): illustrative names and shapes. */
// biome-ignore format: hand-authored coordinate table, one zone per line
export const DEVELOPMENT_ZONES: ZoneSpec[] = [
  { code: "mdz-tongzhou", kind: "municipal-development-zone", name: "通州市级开发区（示意）", nameEn: "Tongzhou municipal development zone (illustrative)", shape: ringShape([116.705, 39.81], [[-1.0, -1.2], [1.6, -1.1], [1.5, 1.0], [-0.9, 1.1]]) },
  { code: "mdz-shunyi", kind: "municipal-development-zone", name: "顺义市级开发区（示意）", nameEn: "Shunyi municipal development zone (illustrative)", shape: ringShape([116.76, 40.1], [[-1.5, -1.2], [1.4, -1.3], [1.6, 1.1], [-1.4, 1.2]]) },
  { code: "mdz-fangshan", kind: "municipal-development-zone", name: "房山市级开发区（示意）", nameEn: "Fangshan municipal development zone (illustrative)", shape: ringShape([116.02, 39.68], [[-1.2, -1.0], [1.2, -1.1], [1.3, 1.0], [-1.1, 1.1]]) },
  { code: "mdz-huairou", kind: "municipal-development-zone", name: "怀柔市级开发区（示意）", nameEn: "Huairou municipal development zone (illustrative)", shape: ringShape([116.69, 40.31], [[-1.4, -1.2], [1.4, -1.2], [1.5, 1.2], [-1.3, 1.3]]) },
  { code: "ddz-daxing", kind: "district-development-zone", name: "大兴区级开发区（示意）", nameEn: "Daxing district-level development zone (illustrative)", shape: ringShape([116.46, 39.62], [[-1.3, -1.0], [1.2, -1.1], [1.3, 1.0], [-1.2, 1.1]]) },
  { code: "ddz-changping", kind: "district-development-zone", name: "昌平区级开发区（示意）", nameEn: "Changping district-level development zone (illustrative)", shape: ringShape([116.33, 40.225], [[-1.0, -0.8], [1.0, -0.9], [1.1, 0.8], [-1.0, 0.9]]) },
];

/** National blocks whose union is declared as national high-tech zone range (illustrative). */
export const DECLARED_NATIONAL_HIGH_TECH_BLOCKS = ["haidian-zhongguancun", "haidian-shangdi"];

// ───────────────────────────── authored data: blocks ─────────────────────────────

/** National blocks (国家级, recognized): their union is the Zhongguancun demonstration zone. */
// biome-ignore format: hand-authored coordinate table, one block per line
export const NATIONAL_BLOCKS: BlockSpec[] = [
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
export const MUNICIPAL_BLOCKS: BlockSpec[] = [
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
