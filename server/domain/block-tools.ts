import type { LineString } from "geojson";
import { type BlockLevel, type BlockStatus, PENDING_STATUSES } from "./block.js";

/**
 * Split, merge and restore (issue #18 item 8) as rules, no IO.
 *
 * Decisions where the Measures are silent (named on purpose; README "Decisions"):
 * - Only blocks still being applied for (意向纳入 / 已申报) are split or merged. A block in force has the boundary
 *   its 批复 recognized (《管理办法》第二部分 认定); it changes only through a reduction or an exit
 *   (第三部分 管理考核 · 动态调整), and a split piece would be a recognized block no 批复 ever named.
 * - A split keeps the block's uncut parts and its largest cut piece; every other piece becomes a new block with
 *   the same park, level, status and attributes (and no code: codes are unique).
 * - A merge keeps the first block (its id, code, name and attributes) with the union of both boundaries; the
 *   second is withdrawn (its lifecycle end for a pending block), the change recorded as `merge`. Both must be of
 *   the same park, level and status.
 * - A restore brings back an earlier version's boundary, name, park, level and attributes as a new version; the
 *   status stays (only a lifecycle action changes it) and so does the code (history rows keep none).
 */

/** Why a tool refuses: constants asserted in tests and mapped to UI strings. */
export const TOOL_REASONS = {
  notPending: "block-not-pending",
  lineTooShort: "line-too-short",
  lineOutOfRange: "line-out-of-range",
  lineMissesBlock: "line-misses-block",
  sameBlock: "merge-same-block",
  parkDiffers: "merge-park-differs",
  levelDiffers: "merge-level-differs",
  statusDiffers: "merge-status-differs",
  versionUnknown: "version-unknown",
  versionIsCurrent: "version-is-current",
} as const;
export type ToolReason = (typeof TOOL_REASONS)[keyof typeof TOOL_REASONS];

export type ToolCheck = { valid: true } | { valid: false; reason: ToolReason; message: string };

const OK: ToolCheck = { valid: true };

/** A block may be split or merged only while it is being applied for (see the decision above). */
export function checkToolStatus(status: BlockStatus, tool: "split" | "merge"): ToolCheck {
  if (PENDING_STATUSES.includes(status)) return OK;
  return {
    valid: false,
    reason: TOOL_REASONS.notPending,
    message:
      `A block that is "${status}" cannot be ${tool === "split" ? "split" : "merged"}: only blocks being applied ` +
      `for (${PENDING_STATUSES.join(", ")}) can; a block in force changes through a reduction or an exit.`,
  };
}

/** Longitudes and latitudes a split line may have (China, with margin: a typo in degrees is caught). */
const LINE_BOUNDS = { west: 70, east: 140, south: 0, north: 60 };

/** A split line: at least two distinct points, every one a finite lon/lat inside the bounds. */
export function checkSplitLine(line: LineString): ToolCheck {
  const points = line.coordinates;
  const distinct = new Set(points.map(([lng, lat]) => `${lng},${lat}`));
  if (points.length < 2 || distinct.size < 2) {
    return {
      valid: false,
      reason: TOOL_REASONS.lineTooShort,
      message: "The split line needs at least two different points.",
    };
  }
  const outside = points.findIndex(
    ([lng, lat]) =>
      !Number.isFinite(lng) ||
      !Number.isFinite(lat) ||
      lng < LINE_BOUNDS.west ||
      lng > LINE_BOUNDS.east ||
      lat < LINE_BOUNDS.south ||
      lat > LINE_BOUNDS.north,
  );
  if (outside >= 0) {
    return {
      valid: false,
      reason: TOOL_REASONS.lineOutOfRange,
      message: `Point ${outside} of the split line is not a lon/lat in China (${points[outside].join(", ")}).`,
    };
  }
  return OK;
}

/** One polygon of a block's part after the cut. */
export interface CutPiece<G> {
  /** Which part of the block it came from (1-based, as ST_Dump numbers them). */
  partNumber: number;
  areaM2: number;
  geometry: G;
}

/** What a split produces: the polygons the block keeps, and one polygon list per new block. */
export interface SplitPlan<G> {
  kept: G[];
  newBlocks: G[];
}

/**
 * Which pieces stay with the block: parts the line did not cut, and the largest cut piece; the other cut pieces
 * become new blocks, largest first. Null when the line cut no part into two or more pieces.
 */
export function planSplit<G>(pieces: readonly CutPiece<G>[]): SplitPlan<G> | null {
  const byPart = new Map<number, CutPiece<G>[]>();
  for (const piece of pieces) byPart.set(piece.partNumber, [...(byPart.get(piece.partNumber) ?? []), piece]);
  const uncut = [...byPart.values()].filter((part) => part.length === 1).flat();
  const cut = [...byPart.values()]
    .filter((part) => part.length > 1)
    .flat()
    .sort((a, b) => b.areaM2 - a.areaM2);
  if (cut.length < 2) return null;
  return {
    kept: [...uncut, cut[0]].map((piece) => piece.geometry),
    newBlocks: cut.slice(1).map((piece) => piece.geometry),
  };
}

/** Default names of the new blocks: the block's name with 2, 3, … (the block itself is piece 1). */
export function splitPieceNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${name}-${index + 2}`);
}

interface MergeSide {
  id: number;
  parkId: number;
  level: BlockLevel;
  status: BlockStatus;
}

/** Two blocks may be merged when they are two blocks of the same park, level and status, both pending. */
export function checkMerge(first: MergeSide, second: MergeSide): ToolCheck {
  if (first.id === second.id) {
    return { valid: false, reason: TOOL_REASONS.sameBlock, message: "A block cannot be merged with itself." };
  }
  const status = checkToolStatus(first.status, "merge");
  if (!status.valid) return status;
  const otherStatus = checkToolStatus(second.status, "merge");
  if (!otherStatus.valid) return otherStatus;
  const differs = (field: string, reason: ToolReason, a: unknown, b: unknown): ToolCheck => ({
    valid: false,
    reason,
    message: `Blocks ${first.id} and ${second.id} differ in ${field} (${a} / ${b}): only blocks of the same ${field} merge.`,
  });
  if (first.parkId !== second.parkId)
    return differs("sub-park", TOOL_REASONS.parkDiffers, first.parkId, second.parkId);
  if (first.level !== second.level)
    return differs("level", TOOL_REASONS.levelDiffers, first.level, second.level);
  if (first.status !== second.status)
    return differs("status", TOOL_REASONS.statusDiffers, first.status, second.status);
  return OK;
}

/** The version to restore must be an earlier version of the block. */
export function checkRestoreVersion(fromVersion: number, currentVersion: number, exists: boolean): ToolCheck {
  if (fromVersion === currentVersion) {
    return {
      valid: false,
      reason: TOOL_REASONS.versionIsCurrent,
      message: `Version ${fromVersion} is the current version: restore an earlier one.`,
    };
  }
  if (!exists || fromVersion > currentVersion) {
    return {
      valid: false,
      reason: TOOL_REASONS.versionUnknown,
      message: `The block has no version ${fromVersion} (its versions are 1–${currentVersion}).`,
    };
  }
  return OK;
}
