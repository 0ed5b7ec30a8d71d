import type { ZoneKind } from "./layers.js";
import { m2ToKm2 } from "./units.js";

/**
 * 叠加分析报表 — the all-blocks overlap report (issue #16), as QGIS's "Overlap analysis"
 * (`native:calculatevectoroverlaps`) reports it: for every block its area, and per layer the area the layer
 * covers, dissolved within the layer (zones of one layer that overlap count once), and that area's share of
 * the block; then every other block in force it overlaps. Areas are ellipsoidal (GRS80), km²; shares 0..1.
 */
export interface OverlapReportRow {
  blockId: number;
  code: string | null;
  name: string;
  parkName: string;
  level: string;
  status: string;
  areaKm2: number;
  layers: Partial<Record<ZoneKind, { areaKm2: number; shareOfBlock: number }>>;
  blocks: { id: number; code: string | null; name: string; areaKm2: number; shareOfBlock: number }[];
}

export interface OverlapFacts {
  blockId: number;
  code: string | null;
  name: string;
  parkName: string;
  level: string;
  status: string;
  areaM2: number;
  layers: Partial<Record<ZoneKind, number>>;
  blocks: { id: number; code: string | null; name: string; overlapM2: number }[];
}

/** The report's row for one block; a layer the block does not touch is 0 (QGIS writes 0 too). */
export function overlapReportRow(facts: OverlapFacts, layers: readonly ZoneKind[]): OverlapReportRow {
  const share = (m2: number) => (facts.areaM2 > 0 ? Math.min(1, m2 / facts.areaM2) : 0);
  return {
    blockId: facts.blockId,
    code: facts.code,
    name: facts.name,
    parkName: facts.parkName,
    level: facts.level,
    status: facts.status,
    areaKm2: m2ToKm2(facts.areaM2),
    layers: Object.fromEntries(
      layers.map((layer) => {
        const m2 = facts.layers[layer] ?? 0;
        return [layer, { areaKm2: m2ToKm2(m2), shareOfBlock: share(m2) }];
      }),
    ),
    blocks: facts.blocks.map((other) => ({
      id: other.id,
      code: other.code,
      name: other.name,
      areaKm2: m2ToKm2(other.overlapM2),
      shareOfBlock: share(other.overlapM2),
    })),
  };
}

/** What the report says about itself: the header of the XLSX and the first lines of the CSV. */
export interface OverlapReportMeta {
  crs: string;
  method: string;
  createdAt: string;
  layers: ZoneKind[];
  blockCount: number;
}

export const OVERLAP_REPORT_CRS = "CGCS2000 (EPSG:4490); areas ellipsoidal on GRS80";
export const OVERLAP_REPORT_METHOD =
  "Overlap per layer dissolved within the layer, as QGIS native:calculatevectoroverlaps; " +
  "blocks in force (not exited or withdrawn); overlaps under 0.01 m² are boundary contact";
