import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from "maplibre-gl";
import { BLOCK_STATUSES, type BlockLevel } from "../../server/domain/block.js";
import { TEXT_HALO, TEXT_LAYOUT } from "./label-layout.js";
import { type LayerVisibility, visibleKeys } from "./layer-visibility.js";
import {
  BLOCK_FILL_OPACITY,
  BLOCK_LABEL,
  BLOCK_LEVEL_OUTLINES,
  BLOCK_STATUS_COLORS,
  SELECTION,
} from "./palette.js";

/** The block layers: fill by status, outline by level, the selection, and the names. */
export const BLOCKS_SOURCE = "blocks";
/** The layer of the server's vector tiles that holds the blocks (GET /api/tiles/{z}/{x}/{y}.pbf). */
export const BLOCKS_SOURCE_LAYER = "blocks";
/** The tiles' layer of one label point per block (its name, status, level and labelMinZoom). */
export const BLOCK_LABELS_SOURCE_LAYER = "block-labels";
/**
 * The overview tiles' layer (below zoom 10, server/tiles/overview.ts) of the blocks under 4 px on screen: one
 * point each, drawn as a dot in the block's fill colour, with the same filters and selection as the polygons.
 */
export const BLOCK_POINTS_SOURCE_LAYER = "blocks-point";
export const BLOCK_FILL_LAYER = "blocks-fill";
export const BLOCK_POINT_LAYER = "blocks-point";
const BLOCK_LINE_LAYERS: Record<BlockLevel, string> = {
  national: "blocks-line-national",
  municipal: "blocks-line-municipal",
};
const BLOCK_LABEL_LAYER = "blocks-labels";
export const SELECTION_LAYERS = ["block-selected-casing", "block-selected-core"];

/**
 * A block inside another (e.g. a candidate within a national block) is drawn over it. Overview tiles (below
 * zoom 10) carry no area: their blocks come larger first, so the tile's order does it (all keys 0).
 */
const SMALLER_ON_TOP: ExpressionSpecification = ["-", 0, ["coalesce", ["get", "areaKm2"], 0]];

/** Selected: the selection's colours around the dot. */
const SELECTED: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];

/**
 * A small block's dot: about its 4 px, bigger at the last overview zoom; the selection rings it. The tile sends
 * the dots larger block first (no area, no sort key): a smaller one is drawn over a larger.
 */
function blockPointLayer(): LayerSpecification {
  return {
    id: BLOCK_POINT_LAYER,
    type: "circle",
    source: BLOCKS_SOURCE,
    "source-layer": BLOCK_POINTS_SOURCE_LAYER,
    paint: {
      "circle-color": statusColor("fill"),
      "circle-opacity": BLOCK_FILL_OPACITY,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 6, 1.5, 10, 2.5],
      "circle-stroke-color": ["case", SELECTED, SELECTION.core, statusColor("line")],
      "circle-stroke-width": ["case", SELECTED, SELECTION.coreWidthPx, 0.5],
    },
  };
}

/** A block's name shows once the block is wide enough on screen (labelMinZoom: the tiles' label_min_zoom, migration 19). */
const WIDE_ENOUGH_FOR_LABEL: ExpressionSpecification = [">=", ["zoom"], ["get", "labelMinZoom"]];

function statusColor(part: "fill" | "line"): ExpressionSpecification {
  const cases = BLOCK_STATUSES.flatMap((status) => [status, BLOCK_STATUS_COLORS[status][part]]);
  return ["match", ["get", "status"], ...cases, "#000000"] as unknown as ExpressionSpecification;
}

export function blockLayers(): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: BLOCK_FILL_LAYER,
      type: "fill",
      source: BLOCKS_SOURCE,
      "source-layer": BLOCKS_SOURCE_LAYER,
      layout: { "fill-sort-key": SMALLER_ON_TOP },
      paint: { "fill-color": statusColor("fill"), "fill-opacity": BLOCK_FILL_OPACITY },
    },
  ];
  layers.push(blockPointLayer());
  // Municipal first, so a national outline wins where the two meet.
  for (const level of ["municipal", "national"] as const) {
    const outline = BLOCK_LEVEL_OUTLINES[level];
    layers.push({
      id: BLOCK_LINE_LAYERS[level],
      type: "line",
      source: BLOCKS_SOURCE,
      "source-layer": BLOCKS_SOURCE_LAYER,
      filter: ["==", ["get", "level"], level],
      layout: { "line-join": "round", "line-sort-key": SMALLER_ON_TOP },
      paint: {
        "line-color": statusColor("line"),
        // Thinner at city zoom, so small blocks still show their fill.
        "line-width": ["interpolate", ["linear"], ["zoom"], 8, outline.widthPx * 0.5, 12, outline.widthPx],
        ...(outline.dash ? { "line-dasharray": outline.dash } : {}),
      },
    });
  }
  return layers;
}

/** The selected block, by feature state `selected` (set by MapView): no filter to change on a click. */
const SELECTED_OPACITY: ExpressionSpecification = [
  "case",
  ["boolean", ["feature-state", "selected"], false],
  1,
  0,
];

export function selectionLayers(): LayerSpecification[] {
  const [casing, core] = SELECTION_LAYERS;
  return [
    {
      id: casing,
      type: "line",
      source: BLOCKS_SOURCE,
      "source-layer": BLOCKS_SOURCE_LAYER,
      layout: { "line-join": "round" },
      paint: {
        "line-color": SELECTION.casing,
        "line-width": SELECTION.casingWidthPx,
        "line-opacity": SELECTED_OPACITY,
      },
    },
    {
      id: core,
      type: "line",
      source: BLOCKS_SOURCE,
      "source-layer": BLOCKS_SOURCE_LAYER,
      layout: { "line-join": "round" },
      paint: {
        "line-color": SELECTION.core,
        "line-width": SELECTION.coreWidthPx,
        "line-opacity": SELECTED_OPACITY,
      },
    },
  ];
}

export function blockLabelLayer(): LayerSpecification {
  return {
    id: BLOCK_LABEL_LAYER,
    type: "symbol",
    source: BLOCKS_SOURCE,
    "source-layer": BLOCK_LABELS_SOURCE_LAYER,
    minzoom: BLOCK_LABEL.minZoom,
    filter: WIDE_ENOUGH_FOR_LABEL,
    layout: {
      ...TEXT_LAYOUT,
      "text-field": ["get", "name"],
      "text-size": ["interpolate", ["linear"], ["zoom"], BLOCK_LABEL.minZoom, BLOCK_LABEL.sizePx, 14, 15],
      // Larger blocks first when labels compete for room.
      "symbol-sort-key": ["-", 0, ["get", "areaKm2"]],
    },
    paint: { "text-color": BLOCK_LABEL.color, ...TEXT_HALO },
  };
}

/** The filter of each block layer for the levels and statuses switched on. */
export function blockFilters(visibility: LayerVisibility): Record<string, FilterSpecification> {
  const shown: ExpressionSpecification = [
    "all",
    ["in", ["get", "level"], ["literal", visibleKeys(visibility.levels)]],
    ["in", ["get", "status"], ["literal", visibleKeys(visibility.statuses)]],
  ];
  return {
    [BLOCK_FILL_LAYER]: shown,
    [BLOCK_POINT_LAYER]: shown,
    [BLOCK_LABEL_LAYER]: ["all", shown, WIDE_ENOUGH_FOR_LABEL],
    [BLOCK_LINE_LAYERS.national]: ["all", shown, ["==", ["get", "level"], "national"]],
    [BLOCK_LINE_LAYERS.municipal]: ["all", shown, ["==", ["get", "level"], "municipal"]],
  };
}
