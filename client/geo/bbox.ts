import type { Feature, Geometry, Position } from "geojson";

/** [west, south, east, north] in degrees. */
export type BoundingBox = [number, number, number, number];

/** The lon/lat bounding box of one or more features (for zooming; never for areas). */
export function boundingBoxOf(features: readonly Feature<Geometry | null>[]): BoundingBox | undefined {
  let box: BoundingBox | undefined;
  for (const feature of features) {
    if (!feature.geometry) continue;
    for (const position of positionsOf(feature.geometry)) {
      const [lng, lat] = position;
      box = box
        ? [Math.min(box[0], lng), Math.min(box[1], lat), Math.max(box[2], lng), Math.max(box[3], lat)]
        : [lng, lat, lng, lat];
    }
  }
  return box;
}

function* positionsOf(geometry: Geometry): Generator<Position> {
  switch (geometry.type) {
    case "Point":
      yield geometry.coordinates;
      return;
    case "MultiPoint":
    case "LineString":
      yield* geometry.coordinates;
      return;
    case "MultiLineString":
    case "Polygon":
      for (const line of geometry.coordinates) yield* line;
      return;
    case "MultiPolygon":
      for (const polygon of geometry.coordinates) for (const ring of polygon) yield* ring;
      return;
    case "GeometryCollection":
      for (const part of geometry.geometries) yield* positionsOf(part);
      return;
  }
}
