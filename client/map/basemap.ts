/**
 * 底图 — what is drawn under our layers. The default is drawn from our own layers only (works on an
 * intranet with no internet, UX.md). The seam for later: a raster XYZ source such as Tianditu (天地图,
 * CGCS2000; needs a key) or a custom intranet tile server. Never a GCJ-02-offset basemap under our
 * CGCS2000/WGS84 data.
 */
export type Basemap =
  | { kind: "own-layers" }
  | {
      kind: "xyz";
      /** A stable id, used for the MapLibre source and layer names. */
      id: string;
      /** Tile URL templates with {z}/{x}/{y}. */
      tiles: string[];
      /** A second raster drawn over the first: the annotation (label) tiles of Tianditu (cva_w). */
      labelTiles?: string[];
      tileSizePx: number;
      maxZoom: number;
      attribution: string;
    };

export const OWN_LAYERS_BASEMAP: Basemap = { kind: "own-layers" };
