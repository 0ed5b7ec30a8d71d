/**
 * Generates the illustrative (示意) indicator data of the demo: geodata/indicators-2024.csv,
 * geodata/indicators-2025.csv (one row per block that has not ended, by block code) and
 * geodata/eco-transitions.json (one ecological transition, DOMAIN.md §4.4).
 *
 * The numbers are INVENTED for the demo: plausible orders of magnitude for Zhongguancun sub-parks, nothing
 * more. They come from a seeded generator (deterministic: the same input writes byte-identical files) and a
 * hand-set "strength" for the blocks whose outcome the demo is designed to show. The script then ranks both
 * years with the app's own pure evaluation code and the §4.1 weights, and throws unless:
 * - each category has a bottom-5% block in both years;
 * - 2024: 五里坨 (A) and 永定 (B) are the bottom 5%; 2025: 南中轴 (A) and 永定 (B) again — so 永定, flagged
 *   for 2024, is flagged again in 2025 and gets its §4.5 exit decision, while 五里坨 passes its rectification;
 * - 杨宋 (huairou-yangsong) has a transition (2025-06-30 → 2028-12-31) and in 2025 ranks low in B but is not
 *   counted in the bottom 5% while the transition runs; 石龙 (mentougou-shilong, national) ranks last in B in
 *   2025 and is never in the bottom 5% (动态调整 is for municipal blocks only);
 * - every category lists at least one municipal block recommended for the national zone in both years.
 *
 * Run: npx tsx scripts/generate-demo-indicators.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";
import { POLICY_WEIGHTS_PERCENT } from "../migrations/20261129_04_evaluations.js";
import type { BlockLevel, BlockStatus } from "../server/domain/block.js";
import type { EvaluationConfig } from "../server/domain/evaluation-config.js";
import { INPUT_FIELDS, type IndicatorInputs } from "../server/domain/evaluation-indicators.js";
import { recommendedForNational } from "../server/domain/evaluation-recommendations.js";
import { headerLabel, TEMPLATE_COLUMNS } from "../server/domain/evaluation-table.js";
import { CATEGORIES, type EvaluationBlock, evaluateYear } from "../server/domain/evaluation-year.js";
import { GRS80 } from "../server/domain/geodesic.js";
import { isInTransitionAtYearEnd, type Transition } from "../server/domain/transition.js";
import { csvCell } from "../server/formats/csv-table.js";

const GEODATA = path.resolve(import.meta.dirname, "../geodata");
const YEARS = [2024, 2025] as const;
const SEED = 20_250_630;

/** Hand-set strengths (1 = a typical national block of category A) for the designed outcomes. */
const DESIGNED_STRENGTH: Record<string, Record<(typeof YEARS)[number], number>> = {
  "shijingshan-wulituo": { 2024: 0.22, 2025: 0.85 }, // A bottom 2024, rectified by 2025
  "fengtai-nanzhongzhou": { 2024: 0.7, 2025: 0.22 }, // A bottom 2025
  "mentougou-yongding": { 2024: 0.2, 2025: 0.22 }, // B bottom 2024 and 2025 → exit decision
  "huairou-yangsong": { 2024: 0.62, 2025: 0.15 }, // B second to last in 2025, not counted (transition)
  "mentougou-shilong": { 2024: 0.9, 2025: 0.12 }, // national, B last in 2025: ranked, never adjusted
  "pinggu-donggaocun": { 2024: 0.75, 2025: 0.8 }, // rectifying from an earlier year, mid-table
  "yizhuang-east": { 2024: 1.25, 2025: 1.3 }, // recommended (A)
  "changping-shahe": { 2024: 1.05, 2025: 1.1 }, // recommended (B)
};

const TRANSITION: Transition & { blockCode: string; note: string } = {
  blockCode: "huairou-yangsong",
  blockId: 0,
  recognizedOn: "2025-06-30",
  endsOn: "2028-12-31",
  decidedOn: "2025-06-30",
  commitments: {},
  note: "示意：生态涵养区区块按预估经济指标承诺认定，过渡期至2028年底（《管理办法》第三部分 · 过渡培育）。Illustrative.",
};

const DEMO_RULES = {
  bottomShareRounding: "floor",
  bottomShareBase: "all-ranked",
  missingDataPolicy: "refuse",
} as const;

const DEMO_CONFIG: EvaluationConfig = {
  method: "share-of-best",
  weightsPercent: POLICY_WEIGHTS_PERCENT,
  recommendationTopPercent: 20,
  exemptTransitionBlocks: true,
};

interface Park {
  code: string;
  name: string;
  category: "A" | "B";
}
interface BlockProperties {
  code: string;
  name: string;
  parkCode: string;
  level: BlockLevel;
  status: BlockStatus;
  recognizedOn?: string;
}

function ringAreaM2(ring: Position[]): number {
  const polygon = GRS80.Polygon(false);
  for (const [lng, lat] of ring.slice(0, -1)) polygon.AddPoint(lat, lng);
  return Math.abs(polygon.Compute(false, true).area ?? Number.NaN);
}

function areaKm2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let m2 = 0;
  for (const [outer, ...holes] of polygons)
    m2 += ringAreaM2(outer) - holes.reduce((s, h) => s + ringAreaM2(h), 0);
  return m2 / 1e6;
}

/** mulberry32 seeded per block and year, so adding a block never changes another block's numbers. */
function random(code: string, year: number): () => number {
  let state = SEED ^ year;
  for (const char of code) state = Math.imul(state ^ char.charCodeAt(0), 2_654_435_761) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function inputsFor(block: BlockProperties, category: "A" | "B", area: number, year: number): IndicatorInputs {
  const next = random(block.code, year);
  const jitter = () => 0.9 + 0.2 * next();
  const typical = (block.level === "national" ? 1 : 0.8) * (category === "A" ? 1 : 0.8);
  const strength = DESIGNED_STRENGTH[block.code]?.[year as 2024 | 2025] ?? typical * (0.8 + 0.4 * next());
  const employees = Math.round((category === "A" ? 14_000 : 6_000) * strength * area ** 0.6 * jitter());
  const totalRevenue = round1(employees * (category === "A" ? 160 : 110) * (0.5 + 0.5 * strength) * jitter());
  return {
    totalRevenue,
    revenueAdded: round1(totalRevenue * (-0.02 + 0.1 * strength * jitter())),
    employees,
    techServiceRevenue: round1(totalRevenue * (0.1 + 0.12 * strength * jitter())),
    qualityEnterprises: Math.round((employees / 220) * (0.5 + 0.5 * strength) * jitter()),
    techContractTurnover: round1(employees * (category === "A" ? 12 : 6) * strength * jitter()),
    rdExpenditure: round1(totalRevenue * (0.02 + 0.04 * strength) * jitter()),
    newTechSmes: Math.round((employees / 500) * strength * jitter()),
    taxesPaid: round1(totalRevenue * 0.045 * jitter()),
    newUnicorns: strength > 1.2 && next() < 0.6 ? 1 : 0,
  };
}

function main(): void {
  const parks = JSON.parse(readFileSync(path.join(GEODATA, "parks.json"), "utf8")) as Park[];
  const features = JSON.parse(readFileSync(path.join(GEODATA, "blocks.geojson"), "utf8")).features as Feature<
    Polygon | MultiPolygon,
    BlockProperties
  >[];
  const parkByCode = new Map(parks.map((park, index) => [park.code, { ...park, id: index + 1 }]));
  const live = features.filter((feature) => !["exited", "withdrawn"].includes(feature.properties.status));

  for (const year of YEARS) {
    const rows = live.map((feature, index) => {
      const park = parkByCode.get(feature.properties.parkCode);
      if (!park) throw new Error(`unknown park ${feature.properties.parkCode}`);
      const area = areaKm2(feature.geometry);
      return {
        feature,
        park,
        area,
        id: index + 1,
        inputs: inputsFor(feature.properties, park.category, area, year),
      };
    });
    if (year === 2025)
      setCommitments(rows.find((row) => row.feature.properties.code === TRANSITION.blockCode));
    writeCsv(year, rows);
    const blocks: EvaluationBlock[] = rows.map((row) => ({
      blockId: row.id,
      code: row.feature.properties.code,
      name: row.feature.properties.name,
      park: { id: row.park.id, code: row.park.code, name: row.park.name },
      category: row.park.category,
      level: row.feature.properties.level,
      status: row.feature.properties.status,
      statusAtYearEnd: row.feature.properties.status,
      recognizedOn: row.feature.properties.recognizedOn ?? null,
      areaKm2: row.area,
      inputs: row.inputs,
      inTransition:
        row.feature.properties.code === TRANSITION.blockCode && isInTransitionAtYearEnd(TRANSITION, year),
    }));
    checkDesign(year, blocks);
  }
  const { blockId: _unused, ...transition } = TRANSITION;
  writeFileSync(
    path.join(GEODATA, "eco-transitions.json"),
    `${JSON.stringify([transition], null, 2)}\n`,
    "utf8",
  );
  console.log("wrote geodata/indicators-2024.csv, geodata/indicators-2025.csv, geodata/eco-transitions.json");
}

/** Commitments a little above the block's 2025 level: growth the transition is meant to bring. */
function setCommitments(row: { inputs: IndicatorInputs; area: number } | undefined): void {
  if (!row) throw new Error(`transition block ${TRANSITION.blockCode} not found`);
  TRANSITION.commitments = {
    revenueAdded: Math.round(Math.max(row.inputs.revenueAdded, 0) * 4 + 5_000),
    outputPerLand: Math.round(((row.inputs.totalRevenue / row.area) * 1.5) / 1_000) * 1_000,
    taxesPaid: Math.round(row.inputs.taxesPaid * 1.5),
  };
}

function writeCsv(
  year: number,
  rows: { feature: Feature<Polygon | MultiPolygon, BlockProperties>; park: Park; inputs: IndicatorInputs }[],
) {
  const columns = TEMPLATE_COLUMNS.filter(
    (column) => ["blockCode", "blockName", "park"].includes(column.key) || column.role === "input",
  );
  const lines = [
    columns.map((column) => csvCell(headerLabel(column))).join(","),
    columns.map((column) => column.key).join(","),
    ...rows.map(({ feature, park, inputs }) =>
      [
        feature.properties.code,
        feature.properties.name,
        park.name,
        ...INPUT_FIELDS.map((definition) => inputs[definition.key]),
      ]
        .map(csvCell)
        .join(","),
    ),
  ];
  writeFileSync(path.join(GEODATA, `indicators-${year}.csv`), `${lines.join("\n")}\n`, "utf8");
}

const EXPECTED_BOTTOM: Record<number, Record<"A" | "B", string[]>> = {
  2024: { A: ["shijingshan-wulituo"], B: ["mentougou-yongding"] },
  2025: { A: ["fengtai-nanzhongzhou"], B: ["mentougou-yongding"] },
};

function checkDesign(year: number, blocks: EvaluationBlock[]): void {
  const evaluation = evaluateYear(year, blocks, DEMO_CONFIG, DEMO_RULES);
  const codeOf = new Map(blocks.map((block) => [block.blockId, block.code as string]));
  for (const category of CATEGORIES) {
    const entries = evaluation.categories[category];
    const bottom = evaluation.summary[category].bottom5.map((id) => codeOf.get(id));
    const { recommended } = recommendedForNational(entries, evaluation.summary[category].ranked, 20);
    const last = entries[entries.length - 1];
    console.log(
      `${year} ${category}: n=${evaluation.summary[category].ranked}, bottom 5% = ${bottom.join(", ")}; ` +
        `last = ${last.code} (${last.score.toFixed(2)}${last.exempt ? `, exempt: ${last.exempt}` : ""}); ` +
        `recommended = ${recommended.map((entry) => `${entry.code} #${entry.rank}`).join(", ")}`,
    );
    if (JSON.stringify(bottom) !== JSON.stringify(EXPECTED_BOTTOM[year][category])) {
      throw new Error(
        `${year} ${category}: bottom 5% is ${bottom.join(", ")}, designed ${EXPECTED_BOTTOM[year][category]}`,
      );
    }
    if (recommended.length === 0) throw new Error(`${year} ${category}: no municipal block is recommended`);
  }
  const yangsong = evaluation.categories.B.find((entry) => entry.code === TRANSITION.blockCode);
  const last = evaluation.categories.B.at(-1);
  if (
    year === 2025 &&
    (yangsong?.exempt !== "transition" || last?.code !== "mentougou-shilong" || last.exempt !== "national")
  ) {
    throw new Error(
      "2025: mentougou-shilong (national) should rank last in B, huairou-yangsong be in transition",
    );
  }
}

main();
