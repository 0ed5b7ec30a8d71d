import type { MultiPolygon, Polygon } from "geojson";
import { useEffect, useState } from "react";
import { analyseGeometry, type BlockAnalysis } from "../api/analysis.js";
import type { ApiProblem } from "../api/request.js";

export type AnalysisState =
  | { status: "none" }
  | { status: "loading"; authoritative: boolean }
  | { status: "ready"; authoritative: boolean; result: BlockAnalysis }
  | { status: "failed"; problem: ApiProblem };

/** Quick overlap hint while drawing; the finished ring is analysed at once. */
const HINT_DELAY_MS = 400;
const FINISHED_DELAY_MS = 50;

interface LiveAnalysisInput {
  /** The geometry drawn so far; null when there is none. */
  liveGeometry: Polygon | MultiPolygon | null;
  /** A ring is in progress: the analysis is a hint, not the authoritative one. */
  drawing: boolean;
  /** The drawing crosses itself: no analysis then. */
  crossing: boolean;
  /** The block being edited, left out of its own analysis by the server (overlaps and Zhongguancun). */
  editedBlockId: number | undefined;
}

/** The server's analysis of the geometry being drawn, debounced and cancelled when the geometry changes. */
export function useLiveAnalysis({ liveGeometry, drawing, crossing, editedBlockId }: LiveAnalysisInput) {
  const [analysis, setAnalysis] = useState<AnalysisState>({ status: "none" });
  useEffect(() => {
    if (!liveGeometry || crossing || !plausible(liveGeometry)) {
      setAnalysis({ status: "none" });
      return;
    }
    const controller = new AbortController();
    const authoritative = !drawing;
    const timer = setTimeout(
      () => {
        setAnalysis({ status: "loading", authoritative });
        void analyseGeometry<BlockAnalysis>(liveGeometry, controller.signal, editedBlockId).then((result) => {
          if (controller.signal.aborted) return;
          if (result.ok) setAnalysis({ status: "ready", authoritative, result: result.value });
          // A hint for a ring in progress may be refused (e.g. a part across another): no hint then.
          else
            setAnalysis(authoritative ? { status: "failed", problem: result.problem } : { status: "none" });
        });
      },
      drawing ? HINT_DELAY_MS : FINISHED_DELAY_MS,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [liveGeometry, drawing, crossing, editedBlockId]);
  return [analysis, setAnalysis] as const;
}

/** Every ring has at least three distinct vertices (a ring in progress often repeats the pointer's). */
function plausible(geometry: Polygon | MultiPolygon): boolean {
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  return rings.every((ring) => new Set(ring.map(([lng, lat]) => `${lng},${lat}`)).size >= 3);
}
