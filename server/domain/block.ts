/** 区块 — a block: the unit drawn, evaluated, reduced and exported (DOMAIN.md §1). */

/** 国家级 / 市级 */
export const BLOCK_LEVELS = ["national", "municipal"] as const;
export type BlockLevel = (typeof BLOCK_LEVELS)[number];

/**
 * The lifecycle of DOMAIN.md §1: candidate → applied → recognized → rectifying → reduced | exited.
 * `withdrawn` (已撤回) is our addition: ending a block that was never recognized is not an exit (退出).
 * Which action moves a block between them is the rule in block-lifecycle.ts.
 */
export const BLOCK_STATUSES = [
  "candidate",
  "applied",
  "recognized",
  "rectifying",
  "reduced",
  "exited",
  "withdrawn",
] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

/** A block in force: recognized (and still so while rectifying or after a reduction). */
export const IN_FORCE_STATUSES: readonly BlockStatus[] = ["recognized", "rectifying", "reduced"];

/** A block still being applied for: not yet a zone. */
export const PENDING_STATUSES: readonly BlockStatus[] = ["candidate", "applied"];

/** Statuses of blocks that no longer count towards any park's area. */
export const ENDED_STATUSES: readonly BlockStatus[] = ["exited", "withdrawn"];

export function isBlockLevel(value: unknown): value is BlockLevel {
  return typeof value === "string" && (BLOCK_LEVELS as readonly string[]).includes(value);
}

export function isBlockStatus(value: unknown): value is BlockStatus {
  return typeof value === "string" && (BLOCK_STATUSES as readonly string[]).includes(value);
}
