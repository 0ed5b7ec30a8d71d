/**
 * Decisions the Measures leave open (《管理办法》第三部分 · 动态调整 and 需要说明的是 三 · 淘汰方式): each is a setting
 * with a documented default, and every result that depends on one reports the settings it used.
 */
export interface PolicySettings {
  /** 淘汰方式: how a share of exactly 20% is treated. Default "above". */
  shareAtThreshold: "above" | "below";
  /**
   * 淘汰方式 · 区块面积占分园面积比例: how the sub-park's area (the divisor of the share) is computed when the park has
   * no official area entered (an official area with its 批复文号 always wins where entered). Default
   * "in-force-union": the area of the union of the park's blocks in force (recognized, rectifying, reduced —
   * national and municipal), overlapping land counted once, drafts and applications never. "in-force-sum":
   * the sum of the same blocks' areas (overlaps counted twice).
   */
  parkAreaBasis: "in-force-union" | "in-force-sum";
  /**
   * 淘汰方式 (≤ 2 km², > 20%: keep 50%, never below 0.5 km²) for a block already under 0.5 km².
   * Default "manual-review": no reduction is possible, a person decides. "eliminate": treat as 直接淘汰.
   */
  underFloorAction: "manual-review" | "eliminate";
  /** 动态调整 · 排名后5%: how 5% of n blocks becomes a count (at least 1 when n ≥ 1). Default "floor". */
  bottomShareRounding: "floor" | "round" | "ceil";
  /**
   * 动态调整 applies to 市级高新区 only, so national blocks are ranked but never in the bottom 5%. This setting says
   * what n of "5%" counts: "all-ranked" (default: the category's whole ranking, the bottom places then taken by
   * municipal blocks, national ones skipped) or "municipal-only" (5% of the ranked municipal blocks).
   */
  bottomShareBase: "all-ranked" | "municipal-only";
  /**
   * A block with missing indicator data in the flag run: "refuse" (default: the run waits for complete data),
   * "leave-out" (the block is not ranked and not judged this year), or "count-as-lowest" (each missing indicator
   * scores 0 points and the block is ranked, so not reporting cannot escape the 5%).
   */
  missingDataPolicy: "refuse" | "leave-out" | "count-as-lowest";
}

export const DEFAULT_SETTINGS: PolicySettings = {
  shareAtThreshold: "above",
  parkAreaBasis: "in-force-union",
  underFloorAction: "manual-review",
  bottomShareRounding: "floor",
  bottomShareBase: "all-ranked",
  missingDataPolicy: "refuse",
};

const ALLOWED: { [K in keyof PolicySettings]: readonly PolicySettings[K][] } = {
  shareAtThreshold: ["above", "below"],
  parkAreaBasis: ["in-force-union", "in-force-sum"],
  underFloorAction: ["manual-review", "eliminate"],
  bottomShareRounding: ["floor", "round", "ceil"],
  bottomShareBase: ["all-ranked", "municipal-only"],
  missingDataPolicy: ["refuse", "leave-out", "count-as-lowest"],
};

export type SettingsCheck =
  | { valid: true; settings: Partial<PolicySettings> }
  | { valid: false; key: string; message: string };

/** Checks a partial settings object (from a PUT or from query overrides). */
export function checkSettings(value: unknown): SettingsCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { valid: false, key: "", message: "Settings must be an object." };
  }
  const settings: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(value)) {
    // Object.hasOwn: a key such as "toString" must not find Object.prototype's (issue 15).
    const allowed = Object.hasOwn(ALLOWED, key)
      ? (ALLOWED as Record<string, readonly unknown[]>)[key]
      : undefined;
    if (!allowed) return { valid: false, key, message: `Unknown setting "${key}".` };
    if (!allowed.includes(setting)) {
      return { valid: false, key, message: `Setting "${key}" must be one of ${allowed.join(", ")}.` };
    }
    settings[key] = setting;
  }
  return { valid: true, settings: settings as Partial<PolicySettings> };
}

/** Stored values over the defaults; a stored value no longer allowed (an older setting's value) is ignored. */
export function settingsInForce(stored: Record<string, unknown>): PolicySettings {
  const check = Object.entries(stored).filter(([key, value]) =>
    Object.hasOwn(ALLOWED, key)
      ? (ALLOWED as Record<string, readonly unknown[]>)[key].includes(value)
      : false,
  );
  return { ...DEFAULT_SETTINGS, ...(Object.fromEntries(check) as Partial<PolicySettings>) };
}
