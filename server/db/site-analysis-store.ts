import type { Knex } from "knex";
import { type AnalysisFacts, analysisStore } from "./analysis-store.js";
import { geometryFromGeoJson } from "./geometry.js";
import type { BlockShare } from "./park-share.js";
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
    /** The same of a structurally checked geometry when PostGIS finds it valid, else undefined (analyseIfValid). */
    analyseValidGeoJson: (geoJson: unknown, excludeBlockId?: number): Promise<AnalysisFacts | undefined> =>
      analysis.analyseIfValid(geometryFromGeoJson(knex, geoJson), excludeBlockId),
    /**
     * A stored block's park, analysis (the block left out of its own overlaps) and share of its park by the
     * park-area setting, or undefined.
     */
    analyseBlock: (
      blockId: number,
    ): Promise<{ parkId: number; facts: AnalysisFacts; share: BlockShare } | undefined> =>
      analysis.analyseStoredBlock(blockId),
    /** The zones and live blocks that contain a point (GeoJSON Point). */
    containingPoint: (geoJson: unknown) => containingPoint(knex, geometryFromGeoJson(knex, geoJson)),
  };
}

export type SiteAnalysisStore = ReturnType<typeof siteAnalysisStore>;
