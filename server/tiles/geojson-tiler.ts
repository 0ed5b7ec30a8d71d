import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import type { FeatureCollection } from "geojson";
import { TILE_BUFFER, TILE_EXTENT, TILE_LAYERS, type TileLayer } from "../db/tile-store.js";

/**
 * Vector tiles made in Node for the embedded database (PGlite's PostGIS has no ST_AsMVT). One geojson-vt
 * index per layer, rebuilt only when the data version changes.
 */
export function geojsonTiler(loadLayer: (layer: TileLayer) => Promise<FeatureCollection>) {
  let cached: { version: string; indexes: Promise<Record<TileLayer, GeoJSONVT>> } | undefined;

  async function build(): Promise<Record<TileLayer, GeoJSONVT>> {
    const entries = await Promise.all(
      TILE_LAYERS.map(async (layer) => {
        const index = new GeoJSONVT(await loadLayer(layer), {
          maxZoom: 20,
          indexMaxZoom: 5,
          extent: TILE_EXTENT,
          buffer: TILE_BUFFER,
          tolerance: 2,
        });
        return [layer, index] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<TileLayer, GeoJSONVT>;
  }

  return async function tile(version: string, z: number, x: number, y: number): Promise<Uint8Array> {
    if (!cached || cached.version !== version) cached = { version, indexes: build() };
    const indexes = await cached.indexes;
    const layers: Record<string, NonNullable<ReturnType<GeoJSONVT["getTile"]>>> = {};
    for (const layer of TILE_LAYERS) {
      const found = indexes[layer].getTile(z, x, y);
      if (found) layers[layer] = found;
    }
    return Object.keys(layers).length > 0
      ? fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT })
      : new Uint8Array();
  };
}
