import type { GeoJSONStoreFeatures, HexColor } from "terra-draw";
import type { RingRole } from "./draw-rings.js";

/**
 * How the block being drawn looks: a black outline over a whitening fill, so it stands out from every
 * status colour of the blocks beneath; holes vermillion (Okabe-Ito); vertices white with a dark outline.
 */
const PART: HexColor = "#000000";
const PART_FILL: HexColor = "#ffffff";
const HOLE: HexColor = "#D55E00";
const VERTEX: HexColor = "#ffffff";
const VERTEX_OUTLINE: HexColor = "#1a1a1a";
const MIDPOINT: HexColor = "#56B4E9";

function roleOf(feature: GeoJSONStoreFeatures, drawing: () => RingRole): RingRole {
  const role = feature.properties.role;
  if (role === "hole" || role === "part") return role;
  return drawing();
}

/** Styles of terra-draw's polygon mode; `drawing` says which role the ring in progress will get. */
export function polygonModeStyles(drawing: () => RingRole) {
  const color = (feature: GeoJSONStoreFeatures) => (roleOf(feature, drawing) === "hole" ? HOLE : PART);
  return {
    fillColor: (feature: GeoJSONStoreFeatures) => (roleOf(feature, drawing) === "hole" ? HOLE : PART_FILL),
    fillOpacity: (feature: GeoJSONStoreFeatures) => (roleOf(feature, drawing) === "hole" ? 0.3 : 0.4),
    outlineColor: color,
    outlineWidth: 2.5,
    closingPointColor: VERTEX,
    closingPointWidth: 6,
    closingPointOutlineColor: PART,
    closingPointOutlineWidth: 2,
    coordinatePointColor: VERTEX,
    coordinatePointWidth: 4,
    coordinatePointOutlineColor: VERTEX_OUTLINE,
    coordinatePointOutlineWidth: 1.5,
    snappingPointColor: "#F0E442" as HexColor,
    snappingPointWidth: 6,
    snappingPointOutlineColor: VERTEX_OUTLINE,
    snappingPointOutlineWidth: 2,
  };
}

export function selectModeStyles() {
  return {
    selectedPolygonColor: (feature: GeoJSONStoreFeatures) =>
      feature.properties.role === "hole" ? HOLE : PART_FILL,
    selectedPolygonFillOpacity: 0.45,
    selectedPolygonOutlineColor: (feature: GeoJSONStoreFeatures) =>
      feature.properties.role === "hole" ? HOLE : PART,
    selectedPolygonOutlineWidth: 3,
    selectionPointColor: VERTEX,
    selectionPointWidth: 5,
    selectionPointOutlineColor: VERTEX_OUTLINE,
    selectionPointOutlineWidth: 2,
    midPointColor: MIDPOINT,
    midPointWidth: 3.5,
    midPointOutlineColor: VERTEX_OUTLINE,
    midPointOutlineWidth: 1,
  };
}
