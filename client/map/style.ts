import type { LayerSpecification, SourceSpecification, StyleSpecification } from "maplibre-gl";
import { LAYER_IDS, type LayerId, ZONE_KINDS } from "../../server/domain/layers.js";
import type { Basemap } from "./basemap.js";
import { BLOCKS_SOURCE, blockLabelLayer, blockLayers, selectionLayers } from "./block-layers.js";
import { TEXT_HALO, TEXT_LAYOUT } from "./label-layout.js";
import { BACKGROUND_COLOR, type LineStyle, REFERENCE_LAYER_STYLES } from "./palette.js";

export function referenceSource(id: LayerId): string {
  return `ref-${id}`;
}

export function referenceLabelSource(id: LayerId): string {
  return `ref-${id}-labels`;
}

/** Reference layers whose features get a label. */
export const LABELLED_REFERENCE_LAYERS = LAYER_IDS.filter((id) => REFERENCE_LAYER_STYLES[id].label);

/** Painting order, bottom to top. The district fill is the paper the map is drawn on. */
const REFERENCE_FILL_ORDER: LayerId[] = [
  "district",
  "eco-conservation-area",
  "district-development-zone",
  "municipal-development-zone",
  "etdz",
];
/** Label priority: placed first (and so kept on collision) is the top-most label layer. */
const REFERENCE_LABEL_ORDER: LayerId[] = [
  "district-development-zone",
  "municipal-development-zone",
  "etdz",
  "district",
];

const EMPTY: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

/**
 * The offline map style, built from our own layers only: no remote tiles, sprites or glyphs. The style
 * has no `glyphs` URL, so MapLibre (≥ 5.11) draws every label locally with TinySDF from the fonts named
 * in `text-font` (a CSS font-family list): Chinese and Latin alike, with no font files to serve.
 */
/**
 * The blocks come as the server's vector tiles (issue #6: large layers stay smooth), at one URL per tile: the
 * server answers with a content-hash ETag and `no-cache`, so a reload (MapView, after an edit) revalidates
 * each tile and gets a body only where the edit changed it.
 */
/** The layer of the same tiles that holds the reference zones. */
export const ZONES_SOURCE_LAYER = "zones";
/** The tiles' layer of the Zhongguancun range (the server's ZGC_TILE_LAYER). */
export const ZGC_SOURCE_LAYER = "zgc";

export function blockTilesUrl(): string {
  return `${globalThis.location?.origin ?? ""}/api/tiles/{z}/{x}/{y}.pbf`;
}

export function buildStyle(basemap: Basemap): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  for (const id of LABELLED_REFERENCE_LAYERS)
    sources[referenceLabelSource(id)] = { type: "geojson", data: EMPTY };
  // A block's id is its tile feature's MVT id (the server's FEATURE_ID_COLUMN): no promoteId.
  sources[BLOCKS_SOURCE] = { type: "vector", tiles: [blockTilesUrl()] };

  const layers: LayerSpecification[] = [
    { id: "background", type: "background", paint: { "background-color": BACKGROUND_COLOR } },
  ];
  if (basemap.kind === "xyz") {
    sources[`basemap-${basemap.id}`] = {
      type: "raster",
      tiles: basemap.tiles,
      tileSize: basemap.tileSizePx,
      maxzoom: basemap.maxZoom,
      attribution: basemap.attribution,
    };
    layers.push({ id: `basemap-${basemap.id}`, type: "raster", source: `basemap-${basemap.id}` });
    if (basemap.labelTiles) {
      sources[`basemap-${basemap.id}-labels`] = {
        type: "raster",
        tiles: basemap.labelTiles,
        tileSize: basemap.tileSizePx,
        maxzoom: basemap.maxZoom,
      };
      layers.push({
        id: `basemap-${basemap.id}-labels`,
        type: "raster",
        source: `basemap-${basemap.id}-labels`,
      });
    }
  }
  for (const id of REFERENCE_FILL_ORDER) {
    // Over a raster basemap the paper-coloured district fill would hide it.
    const seeThrough = basemap.kind === "xyz" && id === "district";
    layers.push(...referenceFillLayers(id, seeThrough));
  }
  layers.push(
    lineLayer("ref-district-line", referenceSource("district"), REFERENCE_LAYER_STYLES.district.line),
  );
  const zgc = REFERENCE_LAYER_STYLES.zgc;
  if (zgc.halo) layers.push(lineLayer("ref-zgc-halo", referenceSource("zgc"), zgc.halo, true));
  layers.push(...blockLayers());
  layers.push(lineLayer("ref-zgc-line", referenceSource("zgc"), zgc.line));
  layers.push(
    lineLayer(
      "ref-declared-range-line",
      referenceSource("declared-range"),
      REFERENCE_LAYER_STYLES["declared-range"].line,
    ),
  );
  layers.push(...selectionLayers());
  layers.push(blockLabelLayer());
  for (const id of REFERENCE_LABEL_ORDER) layers.push(referenceLabelLayer(id));

  // Every reference polygon comes from the same tiles: the zones (layer "zones"), one map layer filter per
  // kind, and the Zhongguancun range, the kept union of the national blocks (layer "zgc"); the first view
  // downloads no zone's GeoJSON (issue #16). Only the labels are GeoJSON: one point per zone from the server.
  for (const layer of layers) {
    if (!("source" in layer) || layer.type === "raster") continue;
    if (layer.source === referenceSource("zgc")) {
      Object.assign(layer, { source: BLOCKS_SOURCE, "source-layer": ZGC_SOURCE_LAYER });
      continue;
    }
    const kind = ZONE_KINDS.find((zoneKind) => layer.source === referenceSource(zoneKind));
    if (!kind) continue;
    Object.assign(layer, {
      source: BLOCKS_SOURCE,
      "source-layer": ZONES_SOURCE_LAYER,
      filter: ["==", ["get", "kind"], kind],
    });
  }
  return { version: 8, name: "bjhtz-offline", sources, layers };
}

function referenceFillLayers(id: LayerId, seeThrough: boolean): LayerSpecification[] {
  const style = REFERENCE_LAYER_STYLES[id];
  const layers: LayerSpecification[] = [];
  if (style.fill) {
    layers.push({
      id: `ref-${id}-fill`,
      type: "fill",
      source: referenceSource(id),
      paint: { "fill-color": style.fill, "fill-opacity": seeThrough ? 0 : style.fillOpacity },
    });
  }
  // The district outline is drawn later, above the zone fills.
  if (id !== "district") layers.push(lineLayer(`ref-${id}-line`, referenceSource(id), style.line));
  return layers;
}

/** `thinAtCityZoom`: half the width at zoom 8, full from zoom 12. */
function lineLayer(
  id: string,
  source: string,
  line: LineStyle | null,
  thinAtCityZoom = false,
): LayerSpecification {
  const widthPx = line?.widthPx ?? 0;
  return {
    id,
    type: "line",
    source,
    layout: { "line-join": "round" },
    paint: {
      "line-color": line?.color ?? "#000000",
      "line-width": thinAtCityZoom
        ? ["interpolate", ["linear"], ["zoom"], 8, widthPx / 2, 12, widthPx]
        : widthPx,
      "line-opacity": line?.opacity ?? 1,
      ...(line?.dash ? { "line-dasharray": line.dash } : {}),
    },
  };
}

function referenceLabelLayer(id: LayerId): LayerSpecification {
  const label = REFERENCE_LAYER_STYLES[id].label;
  if (!label) throw new Error(`Reference layer ${id} has no label style`);
  const isDistrict = id === "district";
  return {
    id: `ref-${id}-labels`,
    type: "symbol",
    source: referenceLabelSource(id),
    minzoom: label.minZoom,
    layout: {
      ...TEXT_LAYOUT,
      "text-field": ["get", "name"],
      "text-size": isDistrict
        ? ["interpolate", ["linear"], ["zoom"], 8, label.sizePx - 2, 11, label.sizePx + 3]
        : label.sizePx,
      "text-letter-spacing": isDistrict ? 0.15 : 0.05,
    },
    paint: { "text-color": label.color, ...TEXT_HALO },
  };
}

/** The map layers that belong to one catalogue entry (toggled together). */
export function mapLayersOfReference(id: LayerId): string[] {
  const ids = [`ref-${id}-fill`, `ref-${id}-line`, `ref-${id}-halo`, `ref-${id}-labels`];
  if (id === "district") ids.push("ref-district-line");
  return ids;
}
