import { cutNormal, isKeepSide, type KeepSide } from "./reduction-cut.js";
import { isReductionStrategy, type ReductionStrategy } from "./reduction-result.js";

/** What a planner asks for when previewing or proposing a reduced boundary. */
export interface ReductionRequest {
  strategy: ReductionStrategy;
  /** Overrides the §4.5 keep ratio (a what-if); the row's floor still applies. */
  keepRatio?: number;
  largestPartOnly: boolean;
  /** Cut only: grid bearing of the cut line, degrees clockwise from north. Default 0 (a north–south line). */
  angleDegrees: number;
  /** Cut only: which side to keep. Default "left" (west of a north–south line). */
  keepSide: KeepSide;
  /** Cut only, keepSide "anchor": a lon/lat point on the side to keep (e.g. on the road). */
  anchor?: [number, number];
}

export type ReductionRequestCheck =
  | { valid: true; request: ReductionRequest }
  | { valid: false; field: string; message: string };

const FIELDS = [
  "action",
  "strategy",
  "keepRatio",
  "largestPartOnly",
  "angleDegrees",
  "keepSide",
  "anchor",
  "note",
  "settings",
];

/**
 * Checks a preview/proposal body (`action`, `note` and `settings` are read by the route). Unknown fields are
 * refused so a typo is not silently ignored.
 */
export function checkReductionRequest(body: unknown): ReductionRequestCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { valid: false, field: "", message: "The request body must be a JSON object." };
  }
  const value = body as Record<string, unknown>;
  const unknown = Object.keys(value).find((key) => !FIELDS.includes(key));
  if (unknown) return { valid: false, field: unknown, message: `Unknown field "${unknown}".` };
  const strategy = value.strategy ?? "inset";
  if (!isReductionStrategy(strategy)) {
    return { valid: false, field: "strategy", message: 'strategy must be "inset" or "cut".' };
  }
  const { keepRatio, largestPartOnly = false, angleDegrees = 0, keepSide = "left", anchor } = value;
  if (keepRatio !== undefined && !(typeof keepRatio === "number" && keepRatio > 0 && keepRatio < 1)) {
    return {
      valid: false,
      field: "keepRatio",
      message: "keepRatio must be a number between 0 and 1 (exclusive).",
    };
  }
  if (typeof largestPartOnly !== "boolean") {
    return { valid: false, field: "largestPartOnly", message: "largestPartOnly must be true or false." };
  }
  if (typeof angleDegrees !== "number" || !Number.isFinite(angleDegrees)) {
    return { valid: false, field: "angleDegrees", message: "angleDegrees must be a finite number." };
  }
  if (!isKeepSide(keepSide)) {
    return {
      valid: false,
      field: "keepSide",
      message: "keepSide must be left, right, north, south, east, west or anchor.",
    };
  }
  if (anchor !== undefined && !isLngLat(anchor)) {
    return { valid: false, field: "anchor", message: "anchor must be [longitude, latitude] in degrees." };
  }
  if (keepSide === "anchor" && anchor === undefined) {
    return {
      valid: false,
      field: "anchor",
      message: 'keepSide "anchor" needs an anchor [longitude, latitude].',
    };
  }
  if (strategy === "cut" && keepSide !== "anchor") {
    const side = cutNormal(angleDegrees, keepSide);
    if (!side.ok) return { valid: false, field: "keepSide", message: side.message };
  }
  return {
    valid: true,
    request: {
      strategy,
      ...(keepRatio === undefined ? {} : { keepRatio }),
      largestPartOnly,
      angleDegrees: ((angleDegrees % 360) + 360) % 360,
      keepSide,
      ...(anchor === undefined ? {} : { anchor }),
    },
  };
}

function isLngLat(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => typeof n === "number" && Number.isFinite(n)) &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}
