import type { BlockOverlapStore } from "../db/block-overlap-store.js";
import type { CheckedGeometry } from "../db/import-store.js";
import { overlapEntries } from "../domain/analysis-report.js";
import { type BlockOverlap, blockOverlaps } from "../domain/block-overlap.js";
import type { FeatureReport, ImportReport } from "../formats/import-report.js";

/**
 * Adds to each importable feature of a report the live blocks it overlaps (issue #18 item 3: warn on import,
 * with the overlap area and the share of each block). The import still commits: the report says it first.
 */
export async function withBlockOverlaps(
  report: ImportReport,
  topology: ReadonlyMap<number, CheckedGeometry>,
  store: BlockOverlapStore,
  onChecked?: (done: number, total: number) => Promise<void>,
): Promise<ImportReport & { features: (FeatureReport & { blockOverlaps?: BlockOverlap[] })[] }> {
  const features: (FeatureReport & { blockOverlaps?: BlockOverlap[] })[] = [];
  for (const feature of report.features) {
    await onChecked?.(features.length, report.features.length);
    const geoJson = feature.outcome === "rejected" ? undefined : topology.get(feature.index)?.geoJson;
    if (!geoJson || feature.areaM2 === undefined) {
      features.push(feature);
      continue;
    }
    const overlaps = blockOverlaps(overlapEntries(feature.areaM2, await store.overlapsOfGeoJson(geoJson)));
    features.push(overlaps.length > 0 ? { ...feature, blockOverlaps: overlaps } : feature);
  }
  return { ...report, features };
}
