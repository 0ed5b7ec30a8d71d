import type { Feature, FeatureCollection, LineString, MultiLineString, Point, Position } from "geojson";
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import type { DrawnRing } from "./draw-rings.js";

/**
 * Our own small layers over terra-draw's: markers (a self-intersection at its crossing, the place the
 * server named in a geometry error, the vertex chosen for Delete, typed vertices of a ring not yet closed) and compare outlines (two history
 * versions, or the version someone else saved in a conflict). Added again after every style change.
 */
export const DRAW_MARKERS_SOURCE = "draw-markers";
export const DRAW_COMPARE_SOURCE = "draw-compare";
export const DRAW_MARKER_LAYER = "draw-markers";
export const DRAW_COMPARE_LAYERS = ["draw-compare-casing", "draw-compare-line"];

/** `handle`: a vertex of a ring being edited that terra-draw does not show (it shows the selected ring's only). */
export type MarkerKind = "kink" | "problem" | "vertex" | "typed" | "handle";
/** `older` and `newer`: two versions compared from the history; `theirs`: someone else's save. */
export type CompareVariant = "older" | "newer" | "theirs";

export type MarkerCollection = FeatureCollection<Point, { kind: MarkerKind }>;
export type CompareCollection = FeatureCollection<LineString | MultiLineString, { variant: CompareVariant }>;

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

// Okabe-Ito: vermillion for problems, blue / orange for the two versions, reddish purple for theirs.
const MARKER_COLORS: Record<MarkerKind, string> = {
  kink: "#D55E00",
  problem: "#D55E00",
  vertex: "#0072B2",
  typed: "#009E73",
  handle: "#1a1a1a",
};
const COMPARE_COLORS: Record<CompareVariant, string> = {
  older: "#E69F00",
  newer: "#0072B2",
  theirs: "#CC79A7",
};

export function addDrawMarkerLayers(map: MapLibreMap): void {
  if (!map.getSource(DRAW_COMPARE_SOURCE))
    map.addSource(DRAW_COMPARE_SOURCE, { type: "geojson", data: EMPTY });
  if (!map.getSource(DRAW_MARKERS_SOURCE))
    map.addSource(DRAW_MARKERS_SOURCE, { type: "geojson", data: EMPTY });
  const [casing, line] = DRAW_COMPARE_LAYERS;
  if (!map.getLayer(casing)) {
    map.addLayer({
      id: casing,
      type: "line",
      source: DRAW_COMPARE_SOURCE,
      layout: { "line-join": "round" },
      paint: { "line-color": "#ffffff", "line-width": 5, "line-opacity": 0.8 },
    });
  }
  if (!map.getLayer(line)) {
    map.addLayer({
      id: line,
      type: "line",
      source: DRAW_COMPARE_SOURCE,
      layout: { "line-join": "round" },
      paint: {
        "line-color": matchColor("variant", COMPARE_COLORS),
        "line-width": 2.5,
        // The older version dashed, so the two differ without colour too.
        "line-dasharray": ["match", ["get", "variant"], "older", ["literal", [3, 2]], ["literal", [1, 0]]],
      },
    });
  }
  if (!map.getLayer(DRAW_MARKER_LAYER)) {
    map.addLayer({
      id: DRAW_MARKER_LAYER,
      type: "circle",
      source: DRAW_MARKERS_SOURCE,
      paint: {
        "circle-radius": ["match", ["get", "kind"], "vertex", 7, "typed", 6, "handle", 4, 9],
        // Handles look like terra-draw's own vertices (white, dark outline); the other markers are rings.
        "circle-color": ["match", ["get", "kind"], "handle", "#ffffff", "rgba(0,0,0,0)"],
        "circle-stroke-color": matchColor("kind", MARKER_COLORS),
        "circle-stroke-width": ["match", ["get", "kind"], "handle", 1.5, 3],
      },
    });
  }
}

function matchColor(property: string, colors: Record<string, string>) {
  const cases = Object.entries(colors).flat();
  return ["match", ["get", property], ...cases, "#000000"] as unknown as string;
}

export function setMarkers(map: MapLibreMap, markers: MarkerCollection): void {
  map.getSource<GeoJSONSource>(DRAW_MARKERS_SOURCE)?.setData(markers);
}

export function setCompareOutlines(map: MapLibreMap, outlines: CompareCollection): void {
  map.getSource<GeoJSONSource>(DRAW_COMPARE_SOURCE)?.setData(outlines);
}

export function markerFeature(kind: MarkerKind, position: Position): Feature<Point, { kind: MarkerKind }> {
  return { type: "Feature", geometry: { type: "Point", coordinates: position }, properties: { kind } };
}

/**
 * The markers of a drawing: its self-intersections, the server's problem location, the chosen vertex, and
 * while editing (`handlesExcept` set: the ring terra-draw shows, or "" for none) the vertices of every other
 * ring (holes, the other parts), so each ring being edited shows its handles.
 */
export function drawMarkers(
  kinks: readonly Position[],
  problemLocation: Position | null,
  rings: readonly DrawnRing[],
  selectedVertex: { ringId: string; index: number } | null,
  typedPoints: readonly Position[] = [],
  handlesExcept: string | null = null,
): MarkerCollection {
  const markers: MarkerCollection = { type: "FeatureCollection", features: [] };
  if (handlesExcept !== null) {
    for (const other of rings) {
      if (other.id === handlesExcept) continue;
      for (const position of other.ring.slice(0, -1))
        markers.features.push(markerFeature("handle", position));
    }
  }
  for (const position of kinks) markers.features.push(markerFeature("kink", position));
  if (problemLocation) markers.features.push(markerFeature("problem", problemLocation));
  const ring = rings.find((candidate) => candidate.id === selectedVertex?.ringId);
  const vertex = selectedVertex ? ring?.ring[selectedVertex.index] : undefined;
  if (vertex) markers.features.push(markerFeature("vertex", vertex));
  for (const position of typedPoints) markers.features.push(markerFeature("typed", position));
  return markers;
}
