import type { FeatureCollection } from "geojson";
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LayerSpecification,
  Map as MapLibreMap,
} from "maplibre-gl";

/**
 * Highlight and preview layers drawn over the blocks (issue 6 review views): the overlaps of the selected
 * block, a reduction preview, the ranking's bottom-5% and rectifying blocks, the site-check point. Each
 * overlay is one GeoJSON source whose features carry a `role`; the geometries come from the GeoJSON the app
 * holds or the server sent (never from rendered features), and no number is computed from them.
 */
export const OVERLAY_IDS = ["overlaps", "ranking", "reduction", "site-check", "import"] as const;
export type OverlayId = (typeof OVERLAY_IDS)[number];

/** The roles a feature of an overlay may have (its `role` property). */
export const OVERLAY_ROLES = {
  overlap: "overlap",
  overlapTarget: "overlap-target",
  original: "original",
  kept: "kept",
  removed: "removed",
  bottom5: "bottom5",
  rectifying: "rectifying",
  site: "site",
  imported: "imported",
} as const;

/** Colours (Okabe-Ito where a hue carries meaning), shared with the legends of the review panels. */
export const OVERLAY_COLORS = {
  overlap: "#7A1FA2",
  kept: "#009E73",
  keptLine: "#005C43",
  removed: "#D55E00",
  original: "#111111",
  bottom5: "#D55E00",
  rectifying: "#E69F00",
  site: "#0072B2",
  imported: "#CC79A7",
} as const;

const HATCH_SIZE_PX = 8;
const HATCHES = { "hatch-overlap": OVERLAY_COLORS.overlap, "hatch-removed": OVERLAY_COLORS.removed };
/** Overlays go under the block names, so labels stay readable. */
const BELOW_LAYER = "blocks-labels";

const role = (value: string): ExpressionSpecification => ["==", ["get", "role"], value];

/** The selected block's overlaps: hatched fill and outline (emphasised one thicker), the other block dashed. */
function overlapLayers(source: string): LayerSpecification[] {
  return [
    {
      id: `${source}-fill`,
      type: "fill",
      source,
      filter: role(OVERLAY_ROLES.overlap),
      paint: { "fill-pattern": "hatch-overlap", "fill-opacity": 0.9 },
    },
    {
      id: `${source}-target`,
      type: "line",
      source,
      filter: role(OVERLAY_ROLES.overlapTarget),
      paint: { "line-color": OVERLAY_COLORS.overlap, "line-width": 1.2, "line-dasharray": [3, 2] },
    },
    {
      id: `${source}-line`,
      type: "line",
      source,
      filter: role(OVERLAY_ROLES.overlap),
      paint: {
        "line-color": OVERLAY_COLORS.overlap,
        "line-width": ["case", ["boolean", ["get", "emphasis"], false], 4, 2],
      },
    },
  ];
}

/** A reduction preview: removed parts hatched, kept parts filled and outlined, the original dashed. */
function reductionLayers(source: string): LayerSpecification[] {
  return [
    {
      id: `${source}-removed`,
      type: "fill",
      source,
      filter: role(OVERLAY_ROLES.removed),
      paint: { "fill-pattern": "hatch-removed" },
    },
    {
      id: `${source}-kept`,
      type: "fill",
      source,
      filter: role(OVERLAY_ROLES.kept),
      paint: { "fill-color": OVERLAY_COLORS.kept, "fill-opacity": 0.6 },
    },
    {
      id: `${source}-kept-line`,
      type: "line",
      source,
      filter: role(OVERLAY_ROLES.kept),
      paint: { "line-color": OVERLAY_COLORS.keptLine, "line-width": 2 },
    },
    {
      id: `${source}-original`,
      type: "line",
      source,
      filter: role(OVERLAY_ROLES.original),
      paint: { "line-color": OVERLAY_COLORS.original, "line-width": 2.2, "line-dasharray": [2, 1.5] },
    },
  ];
}

/** The ranking's bottom-5% blocks (solid) and rectifying blocks (dashed) outlined. */
function rankingLayers(source: string): LayerSpecification[] {
  return [
    {
      id: `${source}-line`,
      type: "line",
      source,
      paint: {
        "line-color": [
          "case",
          role(OVERLAY_ROLES.bottom5),
          OVERLAY_COLORS.bottom5,
          OVERLAY_COLORS.rectifying,
        ],
        "line-width": 4,
        "line-dasharray": ["case", role(OVERLAY_ROLES.bottom5), ["literal", [1, 0]], ["literal", [2, 1]]],
      },
    },
  ];
}

/** The features of a file being imported, filled and dashed. */
function importLayers(source: string): LayerSpecification[] {
  return [
    {
      id: `${source}-fill`,
      type: "fill",
      source,
      filter: role(OVERLAY_ROLES.imported),
      paint: { "fill-color": OVERLAY_COLORS.imported, "fill-opacity": 0.45 },
    },
    {
      id: `${source}-line`,
      type: "line",
      source,
      filter: role(OVERLAY_ROLES.imported),
      paint: { "line-color": "#863C66", "line-width": 2, "line-dasharray": [3, 1.5] },
    },
  ];
}

/** The site-check point, on top of everything. */
function siteCheckLayers(source: string): LayerSpecification[] {
  return [
    {
      id: `${source}-point`,
      type: "circle",
      source,
      filter: role(OVERLAY_ROLES.site),
      paint: {
        "circle-radius": 7,
        "circle-color": OVERLAY_COLORS.site,
        "circle-stroke-color": "#FFFFFF",
        "circle-stroke-width": 2.5,
      },
    },
  ];
}

const LAYERS_OF: Record<OverlayId, (source: string) => LayerSpecification[]> = {
  overlaps: overlapLayers,
  ranking: rankingLayers,
  reduction: reductionLayers,
  "site-check": siteCheckLayers,
  import: importLayers,
};

function layersOf(id: OverlayId): LayerSpecification[] {
  return LAYERS_OF[id](overlaySource(id));
}

export function overlaySource(id: OverlayId): string {
  return `overlay-${id}`;
}

/** The map layer ids of an overlay (for tests and picking). */
export function overlayLayerIds(id: OverlayId): string[] {
  return layersOf(id).map((layer) => layer.id);
}

/** Shows `collection` in the overlay (adding its source and layers on first use), or empties it. */
export function applyOverlay(map: MapLibreMap, id: OverlayId, collection: FeatureCollection | null): void {
  addHatches(map);
  const sourceId = overlaySource(id);
  const data = collection ?? { type: "FeatureCollection", features: [] };
  const source = map.getSource<GeoJSONSource>(sourceId);
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(sourceId, { type: "geojson", data });
  // The site-check point goes on top of everything, labels included.
  const before = id !== "site-check" && map.getLayer(BELOW_LAYER) ? BELOW_LAYER : undefined;
  for (const layer of layersOf(id)) map.addLayer(layer, before);
}

/** Diagonal hatching as a repeated image (fill-pattern), drawn here so the style needs no sprite. */
function addHatches(map: MapLibreMap): void {
  for (const [name, color] of Object.entries(HATCHES)) {
    if (map.hasImage(name)) continue;
    const data = new Uint8Array(HATCH_SIZE_PX * HATCH_SIZE_PX * 4);
    const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(color.slice(start, start + 2), 16));
    for (let y = 0; y < HATCH_SIZE_PX; y++) {
      for (let x = 0; x < HATCH_SIZE_PX; x++) {
        const onLine = (x + y) % HATCH_SIZE_PX < 2;
        const offset = (y * HATCH_SIZE_PX + x) * 4;
        data.set([r, g, b, onLine ? 230 : 40], offset);
      }
    }
    map.addImage(name, { width: HATCH_SIZE_PX, height: HATCH_SIZE_PX, data });
  }
}
