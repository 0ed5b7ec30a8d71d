import type { Knex } from "knex";
import { type AnalysisFacts, analysisStore } from "./analysis-store.js";
import { geometryFromGeoJson } from "./geometry.js";
import { parkShareOfBlock } from "./park-share.js";
import { containingPoint } from "./site-store.js";

/**
 * What the analysis and site-check routes ask of the database, with geometry as GeoJSON (already checked by
 * `acceptPolygon` or `checkPointGeometry`): the SQL expressions stay in server/db/.
 */
export function siteAnalysisStore(knex: Knex) {
  const analysis = analysisStore(knex);
  return {
    /** Measures, overlaps and the Zhongguancun split of a posted geometry (a stored block may be left out). */
    analyseGeoJson: (geoJson: unknown, excludeBlockId?: number): Promise<AnalysisFacts> =>
      analysis.analyse(geometryFromGeoJson(knex, geoJson), excludeBlockId),
    /** A stored block's park and analysis (the block left out of its own overlaps), or undefined. */
    analyseBlock: (blockId: number): Promise<{ parkId: number; facts: AnalysisFacts } | undefined> =>
      analysis.analyseStoredBlock(blockId),
    /** One block's share of its park by the park-area setting; undefined when the block does not exist. */
    parkShareOfBlock: (blockId: number, settings: Parameters<typeof parkShareOfBlock>[2]) =>
      parkShareOfBlock(knex, blockId, settings),
    /** The zones and live blocks that contain a point (GeoJSON Point). */
    containingPoint: (geoJson: unknown) => containingPoint(knex, geometryFromGeoJson(knex, geoJson)),
  };
}

export type SiteAnalysisStore = ReturnType<typeof siteAnalysisStore>;
