/**
 * 分园面积 — the divisor of 区块面积占分园面积比例 (《管理办法》需要说明的是 三 · 淘汰方式). The text does not say how
 * the sub-park's area is measured; where an official area has been entered for the park with its approval
 * reference (批复文号) and date, it is used; otherwise the parkAreaBasis setting decides (settings.ts).
 */
export type ParkAreaBasisUsed = "official" | "in-force-union" | "in-force-sum";

export interface OfficialAreaReference {
  areaKm2: number;
  /** 批复文号 */
  approvalReference: string;
  /** Date of the approval, YYYY-MM-DD. */
  approvedOn: string;
}

export type OfficialAreaCheck =
  | { valid: true; value: OfficialAreaReference }
  | { valid: false; field: string; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an official park area entered by a user: a positive area in km², a 批复文号 and a date. */
export function checkOfficialArea(body: unknown): OfficialAreaCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { valid: false, field: "", message: "The body is { areaKm2, approvalReference, approvedOn }." };
  }
  const { areaKm2, approvalReference, approvedOn } = body as Record<string, unknown>;
  if (typeof areaKm2 !== "number" || !Number.isFinite(areaKm2) || areaKm2 <= 0) {
    return { valid: false, field: "areaKm2", message: "areaKm2 must be a number above 0 (km²)." };
  }
  if (typeof approvalReference !== "string" || approvalReference.trim() === "") {
    return { valid: false, field: "approvalReference", message: "approvalReference (批复文号) is needed." };
  }
  if (typeof approvedOn !== "string" || !ISO_DATE.test(approvedOn) || !isCalendarDate(approvedOn)) {
    return { valid: false, field: "approvedOn", message: "approvedOn must be a date YYYY-MM-DD." };
  }
  return {
    valid: true,
    value: { areaKm2, approvalReference: approvalReference.trim().slice(0, 200), approvedOn },
  };
}

/** A real day: "2023-02-29" and "2024-13-01" are not (an invalid Date has no ISO string: it throws). */
function isCalendarDate(isoDate: string): boolean {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === isoDate;
}

/** Names the basis and the value used, in the words of the text. */
export function parkAreaExplanation(
  basis: ParkAreaBasisUsed,
  parkAreaKm2: number,
  official: Pick<OfficialAreaReference, "approvalReference" | "approvedOn"> | null,
): { zh: string; en: string } {
  const value = `${parkAreaKm2.toFixed(4)} km²`;
  switch (basis) {
    case "official":
      return {
        zh: `分园面积 ${value}：批复面积（${official?.approvalReference ?? ""}，${official?.approvedOn ?? ""}）`,
        en: `Sub-park area ${value}: the approved area (${official?.approvalReference ?? ""}, ${official?.approvedOn ?? ""})`,
      };
    case "in-force-union":
      return {
        zh: `分园面积 ${value}：分园内已认定区块（含整改中、已压减，国家级与市级）的并集面积，重叠部分只计一次，不含意向纳入区块与申报中区块`,
        en: `Sub-park area ${value}: the area of the union of the park's blocks in force (recognized, rectifying, reduced; national and municipal), overlaps counted once, drafts and applications left out`,
      };
    case "in-force-sum":
      return {
        zh: `分园面积 ${value}：分园内已认定区块（含整改中、已压减，国家级与市级）面积之和，不含意向纳入区块与申报中区块`,
        en: `Sub-park area ${value}: the sum of the areas of the park's blocks in force (recognized, rectifying, reduced; national and municipal), drafts and applications left out`,
      };
  }
}
