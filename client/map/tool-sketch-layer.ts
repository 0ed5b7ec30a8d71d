import type { Feature, FeatureCollection, Position } from "geojson";
import type { GeoJSONSource, Map as MapLibreMap, PointLike } from "maplibre-gl";
import { BLOCK_FILL_LAYER } from "./block-layers.js";

/** What the tool sketch draws: a path (measure distance, split line) or a ring (measure area). */
export type SketchShape = "line" | "ring";

const SOURCE = "tool-sketch";
const LAYERS = { fill: "tool-sketch-fill", line: "tool-sketch-line", points: "tool-sketch-points" };
const COLOR = "#d6336c";

/**
 * The map side of the measure, split and merge tools (issue #18 item 8): one GeoJSON source with the points
 * clicked so far, drawn as a dashed path or a filled ring, kept across basemap switches (style.load).
 */
export class ToolSketchLayer {
  private collection: FeatureCollection = { type: "FeatureCollection", features: [] };
  private readonly onStyleLoad = () => this.attach();

  constructor(private readonly map: MapLibreMap) {
    map.on("style.load", this.onStyleLoad);
    if (map.isStyleLoaded()) this.attach();
    map.doubleClickZoom.disable();
    map.getCanvas().style.cursor = "crosshair";
  }

  show(points: readonly Position[], shape: SketchShape): void {
    const features: Feature[] = points.map((point) => ({
      type: "Feature",
      properties: {},
      geometry: { type: "Point", coordinates: [...point] },
    }));
    if (shape === "ring" && points.length >= 3) {
      features.push({
        type: "Feature",
        properties: {},
        geometry: { type: "Polygon", coordinates: [[...points, points[0]].map((point) => [...point])] },
      });
    } else if (points.length >= 2) {
      features.push({
        type: "Feature",
        properties: {},
        geometry: { type: "LineString", coordinates: points.map((point) => [...point]) },
      });
    }
    this.collection = { type: "FeatureCollection", features };
    (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(this.collection);
  }

  /** The id of the block drawn at a lon/lat, if any (picking only: never for areas). */
  blockIdAt(lngLat: Position): number | null {
    const point: PointLike = this.map.project([lngLat[0], lngLat[1]]);
    if (!this.map.getLayer(BLOCK_FILL_LAYER)) return null;
    const hit = this.map.queryRenderedFeatures(point, { layers: [BLOCK_FILL_LAYER] })[0];
    const id = hit?.properties?.id ?? hit?.id;
    return id === undefined || id === null ? null : Number(id);
  }

  destroy(): void {
    this.map.off("style.load", this.onStyleLoad);
    for (const id of Object.values(LAYERS)) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE);
    this.map.doubleClickZoom.enable();
    this.map.getCanvas().style.cursor = "";
  }

  private attach(): void {
    if (this.map.getSource(SOURCE)) return;
    this.map.addSource(SOURCE, { type: "geojson", data: this.collection });
    this.map.addLayer({
      id: LAYERS.fill,
      type: "fill",
      source: SOURCE,
      filter: ["==", ["geometry-type"], "Polygon"],
      paint: { "fill-color": COLOR, "fill-opacity": 0.15 },
    });
    this.map.addLayer({
      id: LAYERS.line,
      type: "line",
      source: SOURCE,
      filter: ["!=", ["geometry-type"], "Point"],
      paint: { "line-color": COLOR, "line-width": 2.5, "line-dasharray": [2, 1] },
    });
    this.map.addLayer({
      id: LAYERS.points,
      type: "circle",
      source: SOURCE,
      filter: ["==", ["geometry-type"], "Point"],
      paint: {
        "circle-radius": 4.5,
        "circle-color": "#ffffff",
        "circle-stroke-color": COLOR,
        "circle-stroke-width": 2,
      },
    });
  }
}
