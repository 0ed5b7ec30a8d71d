/**
 * Decisions the policy text leaves open (DOMAIN.md §4.3, §4.5): each is a setting with a documented default,
 * and every result that depends on one reports the settings it used.
 */
export interface PolicySettings {
  /** §4.5: how a share of exactly 20% is treated. Default "above" (DOMAIN.md §4.5). */
  shareAtThreshold: "above" | "below";
  /**
   * §4.5: the sub-park area that a block's share s is divided by. Default "all-blocks": the total area of all
   * the park's live blocks, national and municipal. "municipal-blocks": only its municipal blocks.
   */
  parkAreaBasis: "all-blocks" | "municipal-blocks";
  /**
   * §4.5 row 2 (a ≤ 2 km², s > 20%: keep 50%, never below 0.5 km²) for a block already under 0.5 km².
   * Default "manual-review": no reduction is possible, a person decides. "eliminate": treat as row 1.
   */
  underFloorAction: "manual-review" | "eliminate";
  /** §4.3: how "bottom 5%" of n blocks becomes a count (at least 1 when n ≥ 1). Default "floor". */
  bottomShareRounding: "floor" | "round" | "ceil";
}

export const DEFAULT_SETTINGS: PolicySettings = {
  shareAtThreshold: "above",
  parkAreaBasis: "all-blocks",
  underFloorAction: "manual-review",
  bottomShareRounding: "floor",
};

const ALLOWED: { [K in keyof PolicySettings]: readonly PolicySettings[K][] } = {
  shareAtThreshold: ["above", "below"],
  parkAreaBasis: ["all-blocks", "municipal-blocks"],
  underFloorAction: ["manual-review", "eliminate"],
  bottomShareRounding: ["floor", "round", "ceil"],
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
    const allowed = (ALLOWED as Record<string, readonly unknown[]>)[key];
    if (!allowed) return { valid: false, key, message: `Unknown setting "${key}".` };
    if (!allowed.includes(setting)) {
      return { valid: false, key, message: `Setting "${key}" must be one of ${allowed.join(", ")}.` };
    }
    settings[key] = setting;
  }
  return { valid: true, settings: settings as Partial<PolicySettings> };
}
