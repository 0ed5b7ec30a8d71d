import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import type { Feature, FeatureCollection } from "geojson";
import { TILE_BUFFER, TILE_EXTENT, TILE_LAYERS, type TileLayer } from "../db/tile-store.js";

/** What the Node tiler reads from the database: whole layers, and the blocks' versions to find what changed. */
export interface TilerSource {
  /** The per-table data versions (blocks, zones). */
  versions(): Promise<Record<TileLayer, string>>;
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

/**
 * Vector tiles made in Node for the embedded database (PGlite's PostGIS has no ST_AsMVT). One geojson-vt index
 * per layer. After a block write the blocks index is updated in place (`updateData` with the blocks whose
 * version changed), not rebuilt: the first tile after an edit costs the diff, not a new index of every block.
 * Zones change rarely (imports of reference data): their index is rebuilt.
 */
export function geojsonTiler(source: TilerSource) {
  const layers = new Map<TileLayer, Promise<LayerIndex>>();
  let blockVersions = new Map<number, number>();
  let refreshing: Promise<void> | undefined;

  async function build(layer: TileLayer, version: string): Promise<LayerIndex> {
    if (layer === "blocks") blockVersions = await source.blockVersions();
    return { version, index: new GeoJSONVT(await source.layerFeatures(layer), INDEX_OPTIONS) };
  }

  async function updateBlocks(current: LayerIndex, version: string): Promise<LayerIndex> {
    const latest = await source.blockVersions();
    const changed = [...latest].filter(([id, v]) => blockVersions.get(id) !== v).map(([id]) => id);
    const removed = [...blockVersions.keys()].filter((id) => !latest.has(id));
    const added: Feature[] =
      changed.length > 0 ? (await source.layerFeatures("blocks", changed)).features : [];
    current.index.updateData({ remove: [...changed, ...removed], add: added });
    blockVersions = latest;
    return { version, index: current.index };
  }

  async function refresh(): Promise<void> {
    const versions = await source.versions();
    for (const layer of TILE_LAYERS) {
      const known = layers.get(layer);
      const current = known ? await known : undefined;
      if (current?.version === versions[layer]) continue;
      layers.set(
        layer,
        current && layer === "blocks"
          ? updateBlocks(current, versions[layer])
          : build(layer, versions[layer]),
      );
      await layers.get(layer);
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
      const index = (await layers.get(layer))?.index;
      const part = index?.getTile(z, x, y);
      if (part && part.features.length > 0) found[layer] = part;
    }
    return Object.keys(found).length > 0
      ? fromGeojsonVt(found, { version: 2, extent: TILE_EXTENT })
      : new Uint8Array();
  };
}
