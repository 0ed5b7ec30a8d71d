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
import { acceptPolygon, acceptPolygonShape, geometryError } from "./geometry-input.js";
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

  /** 400 with PostGIS's reason and location for a polygon the analysis gate found invalid. */
  async function rejectInvalid(geometry: unknown): Promise<never> {
    const topology = await stores.geometry.checkTopology(geometry, false);
    if (!topology.valid) throw geometryError(topology);
    throw new Error("The analysis found the polygon invalid, ST_IsValidDetail valid.");
  }

  /** `excludeBlockId`: the stored block being edited, left out of its own overlaps and of Zhongguancun. */
  app.post(
    "/analysis",
    { schema: analyseGeometrySchema, config: { permission: "analysis.run" } },
    async (request) => {
      // Validity is the analysis statement's own gate; only an invalid polygon asks PostGIS for the reason.
      const shape = acceptPolygonShape(request.body.geometry, config.geometryLimits);
      const facts =
        (await analysis.analyseValidGeoJson(shape.geometry, request.body.excludeBlockId)) ??
        (await rejectInvalid(shape.geometry));
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
        ...(shape.droppedZ ? { droppedZ: true as const } : {}),
      };
    },
  );

  app.get("/blocks/:id/analysis", { schema: blockAnalysisSchema }, async (request) => {
    const id = parseId(request.params.id);
    const block = await analysis.analyseBlock(id);
    if (!block) throw notFound("Block", id);
    const { share } = block;
    const { measures, ecoOverlapM2, blockOverlapShare, report: result } = report(block.facts);
    return {
      ...result,
      blockId: id,
      park: {
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
