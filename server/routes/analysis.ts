import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import type { AnalysisFacts } from "../db/analysis-store.js";
import { overlapEntries, overlapFlags, zgcSplit } from "../domain/analysis-report.js";
import { blockOverlaps, largestBlockOverlapShare } from "../domain/block-overlap.js";
import { checkPointGeometry } from "../domain/geometry-check.js";
import { recognitionPrechecks } from "../domain/recognition-checks.js";
import { parcelFacts, pointFacts, siteAnswer } from "../domain/site-policy.js";
import { m2ToHectares, m2ToKm2 } from "../domain/units.js";
import { notFound } from "../errors.js";
import { analyseGeometrySchema, blockAnalysisSchema, siteCheckSchema } from "../schemas/analysis.js";
import { acceptPolygon, geometryError, inputNotes } from "./geometry-input.js";
import { parseId } from "./params.js";

export const analysisRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores, config }) => {
  const { analysis } = stores;

  /** The analysis of DOMAIN.md §5/§7 from the database's facts about a geometry. */
  function report({ measures, overlaps, insideZgcM2: insideM2 }: AnalysisFacts) {
    const entries = overlapEntries(measures.areaM2, overlaps);
    const ecoOverlapM2 = overlaps
      .filter((overlap) => overlap.layer === "eco-conservation-area")
      .reduce((sum, overlap) => sum + overlap.overlapM2, 0);
    const withBlocks = blockOverlaps(entries);
    return {
      measures,
      ecoOverlapM2,
      blockOverlapShare: largestBlockOverlapShare(withBlocks),
      report: {
        areaKm2: m2ToKm2(measures.areaM2),
        areaHectares: m2ToHectares(measures.areaM2),
        planarAreaKm2: m2ToKm2(measures.planarAreaM2),
        planarCrs: `EPSG:${measures.planarSrid}`,
        gkZone: measures.gkZone.zone,
        centralMeridianDeg: measures.gkZone.centralMeridianDeg,
        perimeterKm: measures.perimeterM / 1000,
        parts: measures.parts,
        overlaps: entries,
        zgc: zgcSplit(measures.areaM2, insideM2),
        flags: overlapFlags(entries),
        blockOverlaps: withBlocks,
      },
    };
  }

  /** `excludeBlockId`: the stored block being edited, left out of its own overlaps and of Zhongguancun. */
  app.post(
    "/analysis",
    { schema: analyseGeometrySchema, config: { permission: "analysis.run" } },
    async (request) => {
      const valid = await acceptPolygon(stores.geometry, request.body.geometry, false, config.geometryLimits);
      const facts = await analysis.analyseGeoJson(valid.geoJson, request.body.excludeBlockId);
      const { measures, ecoOverlapM2, blockOverlapShare, report: result } = report(facts);
      const prechecks = recognitionPrechecks({
        parkId: null,
        parts: measures.parts,
        partGapsM: measures.partGapsM,
        areaM2: measures.areaM2,
        perimeterM: measures.perimeterM,
        ecoOverlapM2,
        blockOverlapShare,
      });
      return {
        ...result,
        prechecks: { ...prechecks, checks: prechecks.checks.filter((c) => c.key !== "park-assigned") },
        ...inputNotes(valid),
      };
    },
  );

  app.get("/blocks/:id/analysis", { schema: blockAnalysisSchema }, async (request) => {
    const id = parseId(request.params.id);
    // The park share does not wait for the analysis (on PostgreSQL they run on two connections at once).
    const [block, share] = await Promise.all([
      analysis.analyseBlock(id),
      stores.settings.get().then((settings) => analysis.parkShareOfBlock(id, settings)),
    ]);
    if (!block) throw notFound("Block", id);
    const { measures, ecoOverlapM2, blockOverlapShare, report: result } = report(block.facts);
    return {
      ...result,
      blockId: id,
      park: share && {
        id: share.parkId,
        areaKm2: share.parkAreaKm2,
        shareOfPark: share.shareOfPark,
        basis: share.basis,
      },
      prechecks: recognitionPrechecks({
        parkId: block.parkId,
        parts: measures.parts,
        partGapsM: measures.partGapsM,
        areaM2: measures.areaM2,
        perimeterM: measures.perimeterM,
        ecoOverlapM2,
        blockOverlapShare,
      }),
    };
  });

  app.post(
    "/site-check",
    { schema: siteCheckSchema, config: { permission: "analysis.run" } },
    async (request) => {
      const input = request.body.geometry;
      const isPoint =
        typeof input === "object" && input !== null && (input as { type?: unknown }).type === "Point";
      if (isPoint) {
        const point = checkPointGeometry(input);
        if (!point.valid) throw geometryError(point);
        const found = await analysis.containingPoint(point.geometry);
        const facts = pointFacts(
          found.zones.map((zone) => zone.kind),
          found.blocks,
        );
        return { geometryType: "Point" as const, ...found, facts, ...siteAnswer(facts) };
      }
      const valid = await acceptPolygon(stores.geometry, input, false, config.geometryLimits);
      const { report: result } = report(await analysis.analyseGeoJson(valid.geoJson));
      const { shares, facts } = parcelFacts(result.overlaps, result.zgc.shareInside);
      return { geometryType: "Polygon" as const, shares, facts, ...siteAnswer(facts), analysis: result };
    },
  );
};
