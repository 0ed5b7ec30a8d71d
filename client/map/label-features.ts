import type { Feature, FeatureCollection, GeoJsonProperties, MultiPolygon, Point, Polygon } from "geojson";
import { boundingBoxOf } from "../geo/bbox.js";
import { labelPoint } from "../geo/label-point.js";

/** MapLibre's world is 512 px wide at zoom 0. */
const WORLD_WIDTH_PX_AT_ZOOM_0 = 512;

/**
 * One label point per polygon feature, at the pole of inaccessibility of its largest part. A GeoJSON
 * source cut into tiles would otherwise label each tile's piece of a large polygon again.
 * With `minWidthPx`, each point also gets `labelMinZoom`: the whole zoom level from which the polygon is
 * about that wide on screen, so a small block is not hidden under its own name at city zoom.
 */
export function labelFeatures(collection: FeatureCollection, minWidthPx?: number): FeatureCollection<Point> {
  const features: Feature<Point, GeoJsonProperties>[] = [];
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) continue;
    const properties =
      minWidthPx === undefined
        ? feature.properties
        : { ...feature.properties, labelMinZoom: zoomForWidth(feature, minWidthPx) };
    features.push({
      type: "Feature",
      id: feature.id,
      geometry: { type: "Point", coordinates: labelPoint(geometry as Polygon | MultiPolygon) },
      properties,
    });
  }
  return { type: "FeatureCollection", features };
}

/** Web Mercator x is linear in longitude: width_px = Δlon / 360 × 512 × 2^zoom. */
function zoomForWidth(feature: Feature, minWidthPx: number): number {
  const box = boundingBoxOf([feature]);
  const widthDegrees = box ? box[2] - box[0] : 0;
  if (widthDegrees <= 0) return 0;
  return Math.max(0, Math.floor(Math.log2((minWidthPx * 360) / (WORLD_WIDTH_PX_AT_ZOOM_0 * widthDegrees))));
}
