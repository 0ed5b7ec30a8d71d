import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import type { Feature, FeatureCollection } from "geojson";
import { LABEL_MIN_ZOOM, TILE_BUFFER, TILE_EXTENT, TILE_LAYERS, type TileLayer } from "../db/tile-store.js";

/** What the Node tiler reads from the database: whole layers, and the blocks' versions to find what changed. */
export interface TilerSource {
  /** The per-table data versions (blocks, zones). */
  versions(): Promise<Record<"blocks" | "zones", string>>;
  layerFeatures(layer: TileLayer, ids?: number[]): Promise<FeatureCollection>;
  /** Every block id with its version (a few bytes a block: the diff is cheap next to a rebuild). */
  blockVersions(): Promise<Map<number, number>>;
}

const INDEX_OPTIONS = {
  maxZoom: 20,
  indexMaxZoom: 5,
  extent: TILE_EXTENT,
  buffer: TILE_BUFFER,
  tolerance: 2,
  updateable: true,
};

interface LayerIndex {
  version: string;
  index: GeoJSONVT;
}

/** The layers made of blocks: updated together from one diff of the blocks' versions. */
const BLOCK_LAYERS = ["blocks", "block-labels"] as const satisfies readonly TileLayer[];

/**
 * Vector tiles made in Node for the embedded database (PGlite's PostGIS has no ST_AsMVT). One geojson-vt index
 * per layer. After a block write the block indexes are updated in place (`updateData` with the blocks whose
 * version changed), not rebuilt: the first tile after an edit costs the diff, not a new index of every block.
 * Zones change rarely (imports of reference data): their index is rebuilt.
 */
export function geojsonTiler(source: TilerSource) {
  const layers = new Map<TileLayer, LayerIndex>();
  let blockVersions = new Map<number, number>();
  let refreshing: Promise<void> | undefined;

  async function buildBlocks(version: string): Promise<void> {
    blockVersions = await source.blockVersions();
    for (const layer of BLOCK_LAYERS) {
      layers.set(layer, { version, index: new GeoJSONVT(await source.layerFeatures(layer), INDEX_OPTIONS) });
    }
  }

  async function updateBlocks(version: string): Promise<void> {
    const latest = await source.blockVersions();
    const changed = [...latest].filter(([id, v]) => blockVersions.get(id) !== v).map(([id]) => id);
    const removed = [...blockVersions.keys()].filter((id) => !latest.has(id));
    for (const layer of BLOCK_LAYERS) {
      const added: Feature[] =
        changed.length > 0 ? (await source.layerFeatures(layer, changed)).features : [];
      const current = layers.get(layer);
      current?.index.updateData({ remove: [...changed, ...removed], add: added });
      layers.set(layer, { version, index: (current as LayerIndex).index });
    }
    blockVersions = latest;
  }

  async function refresh(): Promise<void> {
    const versions = await source.versions();
    const blocks = layers.get("blocks");
    if (!blocks) await buildBlocks(versions.blocks);
    else if (blocks.version !== versions.blocks) await updateBlocks(versions.blocks);
    if (layers.get("zones")?.version !== versions.zones) {
      const index = new GeoJSONVT(await source.layerFeatures("zones"), INDEX_OPTIONS);
      layers.set("zones", { version: versions.zones, index });
    }
  }

  /** The tile at the current data version; an empty tile is an empty array (the route answers 204). */
  return async function tile(z: number, x: number, y: number): Promise<Uint8Array> {
    // One refresh at a time: concurrent tile requests after an edit share it.
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    await refreshing;
    const found: Record<string, NonNullable<ReturnType<GeoJSONVT["getTile"]>>> = {};
    for (const layer of TILE_LAYERS) {
      if (layer === "block-labels" && z < LABEL_MIN_ZOOM) continue;
      const part = layers.get(layer)?.index.getTile(z, x, y);
      if (!part) continue;
      // A label shows once its block is wide enough (labelMinZoom); a z tile is drawn up to zoom z + 1.
      const features =
        layer === "block-labels"
          ? part.features.filter((feature) => Number(feature.tags?.labelMinZoom ?? 0) <= z + 1)
          : part.features;
      if (features.length > 0) found[layer] = { ...part, features } as typeof part;
    }
    return Object.keys(found).length > 0
      ? fromGeojsonVt(found, { version: 2, extent: TILE_EXTENT })
      : new Uint8Array();
  };
}
