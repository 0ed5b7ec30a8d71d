/**
 * 指标 — the indicators of the comprehensive evaluation (综合评价, DOMAIN.md §4.1).
 *
 * Two lists: the INPUT FIELDS an import row carries (amounts, counts — what a district reports), and the
 * INDICATORS that are scored. Ratios (地均产出, 人均产出, 人均技术合同成交额, 研发投入强度) are derived by the app
 * from the inputs, never typed in: 地均产出 divides revenue by the block's stored ellipsoidal area, so it always
 * follows the map. Weights are data per year (evaluation config), not part of these definitions.
 */

export interface InputField {
  key: string;
  zh: string;
  en: string;
  unit: string;
  unitZh: string;
  /** Counts of people or firms are whole numbers. */
  integer: boolean;
  /** Only "revenue added" can be negative (revenue fell). */
  allowNegative: boolean;
}

export const INPUT_FIELDS = [
  field("totalRevenue", "总收入", "Total revenue", "10k CNY", "万元"),
  field("revenueAdded", "当年新增总收入", "Total revenue added this year", "10k CNY", "万元", {
    negative: true,
  }),
  field("employees", "从业人员数", "Employees", "persons", "人", { integer: true }),
  field(
    "techServiceRevenue",
    "科技服务业企业营业收入",
    "Revenue of technology-service firms",
    "10k CNY",
    "万元",
  ),
  field(
    "qualityEnterprises",
    "优质企业保有量（国家高新技术企业、专精特新“小巨人”等）",
    "Quality firms held (national high-tech, 'little giants' …)",
    "firms",
    "家",
    { integer: true },
  ),
  field("techContractTurnover", "技术合同成交额", "Technology-contract turnover", "10k CNY", "万元"),
  field("rdExpenditure", "企业研发投入", "Enterprise R&D spending", "10k CNY", "万元"),
  field(
    "newTechSmes",
    "当年登记入库的科技型及创新型中小企业数",
    "Tech-based and innovative SMEs registered this year",
    "firms",
    "家",
    { integer: true },
  ),
  field("taxesPaid", "实缴税费", "Taxes actually paid", "10k CNY", "万元"),
  field("newUnicorns", "新晋独角兽企业数", "New unicorns", "firms", "家", { integer: true }),
] as const satisfies readonly InputField[];

export type InputKey = (typeof INPUT_FIELDS)[number]["key"];
export type IndicatorInputs = Record<InputKey, number>;

/** 基础指标 (weights sum to 100%) or 加分项 (added on top). */
export type IndicatorKind = "base" | "bonus";

export interface IndicatorDefinition {
  key: string;
  kind: IndicatorKind;
  zh: string;
  en: string;
  unit: string;
  unitZh: string;
  /** How the value is obtained from the inputs, in words (shown with every score). */
  formula: string;
}

/** The eight base and two bonus indicators of DOMAIN.md §4.1, in the order of the policy's table. */
export const INDICATORS = [
  indicator(
    "revenueAdded",
    "base",
    "当年新增总收入",
    "Total revenue added this year",
    "10k CNY",
    "万元",
    "revenueAdded",
  ),
  indicator(
    "outputPerLand",
    "base",
    "地均产出",
    "Output per unit of land",
    "10k CNY per km²",
    "万元/平方公里",
    "totalRevenue ÷ block area (stored ellipsoidal area, km²)",
  ),
  indicator(
    "outputPerEmployee",
    "base",
    "人均产出",
    "Output per employee",
    "10k CNY per person",
    "万元/人",
    "totalRevenue ÷ employees",
  ),
  indicator(
    "techServiceRevenue",
    "base",
    "科技服务业企业营业收入",
    "Revenue of technology-service firms",
    "10k CNY",
    "万元",
    "techServiceRevenue",
  ),
  indicator(
    "qualityEnterprises",
    "base",
    "优质企业保有量",
    "Quality firms held",
    "firms",
    "家",
    "qualityEnterprises",
  ),
  indicator(
    "techContractPerEmployee",
    "base",
    "人均技术合同成交额",
    "Technology-contract turnover per employee",
    "10k CNY per person",
    "万元/人",
    "techContractTurnover ÷ employees",
  ),
  indicator(
    "rdIntensity",
    "base",
    "企业研发投入强度",
    "Enterprise R&D intensity",
    "share (0..1)",
    "比值",
    "rdExpenditure ÷ totalRevenue",
  ),
  indicator(
    "newTechSmes",
    "base",
    "当年登记入库的科技型及创新型中小企业数",
    "Tech-based and innovative SMEs registered this year",
    "firms",
    "家",
    "newTechSmes",
  ),
  indicator("taxesPaid", "bonus", "实缴税费", "Taxes actually paid", "10k CNY", "万元", "taxesPaid"),
  indicator("newUnicorns", "bonus", "新晋独角兽企业数", "New unicorns", "firms", "家", "newUnicorns"),
] as const satisfies readonly IndicatorDefinition[];

export type IndicatorKey = (typeof INDICATORS)[number]["key"];
export const INDICATOR_KEYS: readonly IndicatorKey[] = INDICATORS.map((definition) => definition.key);
export const INPUT_KEYS: readonly InputKey[] = INPUT_FIELDS.map((definition) => definition.key);

/** Why an indicator has no value: no data row for the block, or a ratio whose denominator is zero. */
export type MissingReason = "no-data" | "zero-area" | "zero-employees" | "zero-revenue";

export type IndicatorValue =
  | { value: number; missing: null; derivedFrom: Record<string, number> }
  | { value: null; missing: MissingReason; derivedFrom: Record<string, number> };

/**
 * The scored indicator values of one block from its inputs (undefined: no data row this year) and its
 * stored ellipsoidal area in km². A ratio with a zero denominator is missing, never zero.
 */
export function deriveIndicators(
  inputs: IndicatorInputs | undefined,
  areaKm2: number,
): Record<IndicatorKey, IndicatorValue> {
  const entries = INDICATORS.map((definition) => [definition.key, derive(definition.key, inputs, areaKm2)]);
  return Object.fromEntries(entries) as Record<IndicatorKey, IndicatorValue>;
}

function derive(key: IndicatorKey, inputs: IndicatorInputs | undefined, areaKm2: number): IndicatorValue {
  if (!inputs) return { value: null, missing: "no-data", derivedFrom: {} };
  switch (key) {
    case "revenueAdded":
    case "techServiceRevenue":
    case "qualityEnterprises":
    case "newTechSmes":
    case "taxesPaid":
    case "newUnicorns":
      return { value: inputs[key], missing: null, derivedFrom: { [key]: inputs[key] } };
    case "outputPerLand":
      return ratio({ totalRevenue: inputs.totalRevenue }, { areaKm2 }, "zero-area");
    case "outputPerEmployee":
      return ratio({ totalRevenue: inputs.totalRevenue }, { employees: inputs.employees }, "zero-employees");
    case "techContractPerEmployee":
      return ratio(
        { techContractTurnover: inputs.techContractTurnover },
        { employees: inputs.employees },
        "zero-employees",
      );
    case "rdIntensity":
      return ratio(
        { rdExpenditure: inputs.rdExpenditure },
        { totalRevenue: inputs.totalRevenue },
        "zero-revenue",
      );
  }
}

function ratio(
  numerator: Record<string, number>,
  denominator: Record<string, number>,
  whenZero: MissingReason,
): IndicatorValue {
  const [top] = Object.values(numerator);
  const [bottom] = Object.values(denominator);
  const derivedFrom = { ...numerator, ...denominator };
  if (!(bottom > 0)) return { value: null, missing: whenZero, derivedFrom };
  return { value: top / bottom, missing: null, derivedFrom };
}

export function isIndicatorKey(value: unknown): value is IndicatorKey {
  return typeof value === "string" && (INDICATOR_KEYS as readonly string[]).includes(value);
}

export function indicatorDefinition(key: IndicatorKey): IndicatorDefinition {
  return INDICATORS.find((definition) => definition.key === key) as IndicatorDefinition;
}

function field<K extends string>(
  key: K,
  zh: string,
  en: string,
  unit: string,
  unitZh: string,
  options: { integer?: boolean; negative?: boolean } = {},
) {
  return {
    key,
    zh,
    en,
    unit,
    unitZh,
    integer: options.integer ?? false,
    allowNegative: options.negative ?? false,
  };
}

function indicator<K extends string>(
  key: K,
  kind: IndicatorKind,
  zh: string,
  en: string,
  unit: string,
  unitZh: string,
  formula: string,
) {
  return { key, kind, zh, en, unit, unitZh, formula };
}
