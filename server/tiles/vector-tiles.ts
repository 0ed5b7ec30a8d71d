import type { DatabaseKind } from "../db/connect.js";
import type { TileStore } from "../db/tile-store.js";
import { geojsonTiler } from "./geojson-tiler.js";

/**
 * The tiles the routes serve: ST_AsMVT on a PostgreSQL server, geojson-vt in Node on the embedded database
 * (PGlite's PostGIS has no ST_AsMVT). Built once per app, so the Node tiler's indexes live as long as it.
 */
export function vectorTiles(store: TileStore, kind: DatabaseKind) {
  const nodeTiler = kind === "pglite" ? geojsonTiler(store) : undefined;
  return {
    /** The tile data version (bumped by every write to blocks or zones). */
    dataVersion: () => store.dataVersion(),
    /** The encoded tile z/x/y (empty when nothing is in it). */
    tile: (z: number, x: number, y: number): Promise<Uint8Array> =>
      nodeTiler ? nodeTiler(z, x, y) : store.mvt(z, x, y),
  };
}
