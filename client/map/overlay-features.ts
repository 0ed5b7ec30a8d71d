import { difference } from "@turf/difference";
import { featureCollection } from "@turf/helpers";
import { intersect } from "@turf/intersect";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { OVERLAY_ROLES } from "./overlay-layers.js";

/**
 * The shapes of the overlays, built from GeoJSON the app already holds (the blocks, the reference layers)
 * or the server sent (a reduction preview). For drawing only: every figure shown comes from the server.
 */
type Area = Polygon | MultiPolygon;

function isArea(geometry: Feature["geometry"] | null | undefined): geometry is Area {
  return geometry?.type === "Polygon" || geometry?.type === "MultiPolygon";
}

export interface OverlapShape {
  /** `${layer}:${id}` of the overlap row. */
  key: string;
  block: Feature["geometry"];
  target: Feature["geometry"] | undefined;
}

/** The overlap of a block with each target (hatched), and the target's outline. */
export function overlapOverlay(shapes: OverlapShape[], emphasisKey: string | null): FeatureCollection {
  const features: Feature[] = [];
  for (const { key, block, target } of shapes) {
    if (!isArea(block) || !isArea(target)) continue;
    features.push({
      type: "Feature",
      properties: { role: OVERLAY_ROLES.overlapTarget, key },
      geometry: target,
    });
    const shared = intersect(featureCollection([polygonFeature(block), polygonFeature(target)]));
    if (shared) {
      features.push({
        type: "Feature",
        properties: { role: OVERLAY_ROLES.overlap, key, emphasis: key === emphasisKey },
        geometry: shared.geometry,
      });
    }
  }
  return { type: "FeatureCollection", features };
}

/** A reduction preview: the original outline, the kept part and the removed part (original − kept). */
export function reductionOverlay(
  original: Feature["geometry"],
  kept: Feature["geometry"],
): FeatureCollection {
  const features: Feature[] = [];
  if (isArea(original) && isArea(kept)) {
    const removed = difference(featureCollection([polygonFeature(original), polygonFeature(kept)]));
    if (removed) {
      features.push({
        type: "Feature",
        properties: { role: OVERLAY_ROLES.removed },
        geometry: removed.geometry,
      });
    }
    features.push({ type: "Feature", properties: { role: OVERLAY_ROLES.kept }, geometry: kept });
  }
  if (isArea(original)) {
    features.push({ type: "Feature", properties: { role: OVERLAY_ROLES.original }, geometry: original });
  }
  return { type: "FeatureCollection", features };
}

function polygonFeature(geometry: Area): Feature<Area> {
  return { type: "Feature", properties: {}, geometry };
}
