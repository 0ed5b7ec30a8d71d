import type { BlockLevel, BlockStatus } from "../../server/domain/block.js";
import type { LayerId } from "../../server/domain/layers.js";

/**
 * The colours and line styles of the map, shared by the MapLibre style and the legend swatches in the
 * layer catalogue (so a swatch always matches what is drawn). No maplibre import here.
 *
 * Block fills by status use the Okabe-Ito palette (distinguishable with the common colour-vision
 * deficiencies); level is told apart without colour, by the outline: national solid and thick, municipal
 * dashed and thin (UX.md). Reference layers use pale fills and distinct outlines so blocks stay on top visually.
 */
export interface BlockStatusColors {
  fill: string;
  line: string;
}

export const BLOCK_STATUS_COLORS: Record<BlockStatus, BlockStatusColors> = {
  candidate: { fill: "#56B4E9", line: "#1D6A96" },
  applied: { fill: "#0072B2", line: "#00466E" },
  recognized: { fill: "#009E73", line: "#005C43" },
  rectifying: { fill: "#E69F00", line: "#8A5F00" },
  reduced: { fill: "#CC79A7", line: "#863C66" },
  exited: { fill: "#D55E00", line: "#803800" },
  withdrawn: { fill: "#9E9E9E", line: "#5E5E5E" },
};

export const BLOCK_FILL_OPACITY = 0.6;

/** Line dash in line widths (MapLibre `line-dasharray`); `null` is solid. */
export interface LineStyle {
  color: string;
  widthPx: number;
  dash: number[] | null;
  opacity?: number;
}

export const BLOCK_LEVEL_OUTLINES: Record<BlockLevel, Omit<LineStyle, "color">> = {
  national: { widthPx: 2.4, dash: null },
  municipal: { widthPx: 1.6, dash: [2.5, 1.5] },
};

/** The selected block: black casing with an Okabe-Ito yellow core, visible on every fill. */
export const SELECTION = { casing: "#111111", casingWidthPx: 6, core: "#F0E442", coreWidthPx: 3 };

export interface ReferenceLayerStyle {
  fill: string | null;
  fillOpacity: number;
  line: LineStyle | null;
  /** A soft wide band under the outline (used for the Zhongguancun extent). */
  halo?: LineStyle;
  label?: { color: string; sizePx: number; minZoom: number };
}

export const REFERENCE_LAYER_STYLES: Record<LayerId, ReferenceLayerStyle> = {
  district: {
    fill: "#FBFAF6",
    fillOpacity: 1,
    line: { color: "#7A7A7A", widthPx: 1.1, dash: [4, 1.5, 1, 1.5] },
    label: { color: "#3A3A3A", sizePx: 15, minZoom: 0 },
  },
  "eco-conservation-area": {
    fill: "#DDEBCF",
    fillOpacity: 0.75,
    line: { color: "#8DB573", widthPx: 1, dash: [1, 2] },
  },
  "district-development-zone": {
    fill: "#D6D6D6",
    fillOpacity: 0.4,
    line: { color: "#808080", widthPx: 1, dash: [2, 2] },
    label: { color: "#555555", sizePx: 11, minZoom: 11 },
  },
  "municipal-development-zone": {
    fill: "#EEDCB8",
    fillOpacity: 0.55,
    line: { color: "#9C7428", widthPx: 1.3, dash: [3, 2] },
    label: { color: "#7A5A1E", sizePx: 11, minZoom: 10.5 },
  },
  etdz: {
    fill: "#E3D5EF",
    fillOpacity: 0.55,
    line: { color: "#6A3D9A", widthPx: 1.8, dash: null },
    label: { color: "#5A2E86", sizePx: 13, minZoom: 9 },
  },
  zgc: {
    fill: null,
    fillOpacity: 0,
    line: { color: "#1B3A6B", widthPx: 1, dash: null },
    halo: { color: "#7AA6D8", widthPx: 6, dash: null, opacity: 0.45 },
  },
  "declared-range": {
    fill: null,
    fillOpacity: 0,
    line: { color: "#B2182B", widthPx: 2, dash: [0.5, 2] },
  },
};

export const BACKGROUND_COLOR = "#E6E9EC";

/**
 * The label fonts, as a CSS font-family list: MapLibre draws every label locally from these (the style
 * has no `glyphs` URL), and the page uses the same list. Windows intranet PCs have Microsoft YaHei,
 * macOS PingFang SC, Linux Noto Sans CJK SC / WenQuanYi; `sans-serif` is appended by MapLibre.
 */
export const LABEL_FONT_STACK = [
  "Microsoft YaHei",
  "PingFang SC",
  "Noto Sans CJK SC",
  "Source Han Sans SC",
  "WenQuanYi Micro Hei",
];

export const LABEL_HALO = { color: "#FFFFFF", widthPx: 1.6 };
/** Block names show from `minZoom`, and only once the block is about `minBlockWidthPx` wide on screen. */
export const BLOCK_LABEL = { color: "#1A1A1A", sizePx: 12, minZoom: 9, minBlockWidthPx: 64 };
