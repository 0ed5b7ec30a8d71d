import type { Composition as CompositionSchema } from "../../server/schemas/analysis.js";
import { type ApiResult, getJson } from "./request.js";

export type CompositionTerm = CompositionSchema["terms"][number];

/**
 * GET /api/composition. The route schema (server/schemas/analysis.ts) does not yet name `baseline`, `cap` and
 * `flaggedBlocks`, which the composition view reads: they stay a narrow hand type here until it does.
 */
export type Composition = CompositionSchema & {
  baseline: { id: number; frozenAt: string; frozenBy: string; unionKm2: number } | null;
  cap: { key: string; operation: "+" | "-" | "="; areaKm2: number }[];
  flaggedBlocks: {
    blockId: number;
    name: string;
    status: string;
    outsideBaselineKm2: number;
    insideDeclaredKm2: number;
  }[];
};

export function fetchComposition(signal?: AbortSignal): Promise<ApiResult<Composition>> {
  return getJson("/api/composition", signal);
}
