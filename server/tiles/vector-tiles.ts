import type { DatabaseKind } from "../db/connect.js";
import type { TileStore } from "../db/tile-store.js";
import { geojsonTiler } from "./geojson-tiler.js";

/**
 * Rendered PostgreSQL tiles kept in memory, at most this many bytes (oldest first out). Keyed by the data
 * version, which every block or zone write bumps in its own transaction: a tile is served from memory only
 * while nothing it could show has changed, so a map's tiles (asked again on every pan and by every reviewer)
 * are ST_AsMVT once per data version instead of per request (issue #16; martin keeps a tile cache too).
 */
const TILE_CACHE_BYTES = 64 * 1024 * 1024;

function tileCache() {
  const tiles = new Map<string, Uint8Array>();
  let bytes = 0;
  return {
    get: (key: string) => tiles.get(key),
    set(key: string, tile: Uint8Array) {
      tiles.set(key, tile);
      bytes += tile.length;
      for (const [oldest, old] of tiles) {
        if (bytes <= TILE_CACHE_BYTES) break;
        tiles.delete(oldest);
        bytes -= old.length;
      }
    },
  };
}

/**
 * The tiles the routes serve: ST_AsMVT on a PostgreSQL server (kept per data version), geojson-vt in Node on
 * the embedded database (PGlite's PostGIS has no ST_AsMVT; its index is its cache). Built once per app, so the
 * Node tiler's indexes and the tile cache live as long as it.
 */
export function vectorTiles(store: TileStore, kind: DatabaseKind) {
  const nodeTiler = kind === "pglite" ? geojsonTiler(store) : undefined;
  const cache = tileCache();
  async function serverTile(z: number, x: number, y: number): Promise<Uint8Array> {
    // The version is read before the tile: a write committed in between is in the tile, never missing from it.
    const key = `${await store.dataVersion()}/${z}/${x}/${y}`;
    const kept = cache.get(key);
    if (kept) return kept;
    const tile = await store.mvt(z, x, y);
    cache.set(key, tile);
    return tile;
  }
  return {
    /** The tile data version (bumped by every write to blocks or zones). */
    dataVersion: () => store.dataVersion(),
    /** The encoded tile z/x/y (empty when nothing is in it). */
    tile: (z: number, x: number, y: number): Promise<Uint8Array> =>
      nodeTiler ? nodeTiler(z, x, y) : serverTile(z, x, y),
  };
}
