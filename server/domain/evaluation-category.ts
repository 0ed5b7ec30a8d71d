/**
 * 分类考核 (《管理办法》需要说明的是 二): category A is 城六区与亦庄, B the other sub-parks. The park's category is the
 * default; a block can carry an override with a reason (attribute `categoryOverride: { category, reason }`), e.g.
 * a 大兴-亦庄园 block outside 亦庄 (生物医药基地) that is not obviously "亦庄". The ranking says which applied.
 */
export type CategorySource = "park" | "override";

export interface BlockCategory {
  category: "A" | "B";
  source: CategorySource;
  /** The override's reason (null for the park's category). */
  reason: string | null;
}

/** The category a block is ranked in: a valid override (A or B, with a reason) wins over its park's. */
export function blockCategory(parkCategory: "A" | "B", override: unknown): BlockCategory {
  if (typeof override === "object" && override !== null && !Array.isArray(override)) {
    const { category, reason } = override as Record<string, unknown>;
    if ((category === "A" || category === "B") && typeof reason === "string" && reason.trim() !== "") {
      return { category, source: "override", reason: reason.trim() };
    }
  }
  return { category: parkCategory, source: "park", reason: null };
}
