/**
 * Overview tiles (issue #16): below OVERVIEW_BELOW_ZOOM the first view of Beijing (zoom ~8.7 on a 1,400-px
 * screen, so z8 tiles) shows tens of thousands of blocks, most of them a few pixels wide. Such a block is sent as
 * one point (its label point) and drawn as a dot in its fill colour; the others as polygons simplified to one
 * pixel; and every overview feature carries only what the style needs (OVERVIEW_PROPERTIES), no names or codes.
 * Display only: nothing stored or computed changes, and from OVERVIEW_BELOW_ZOOM tiles are as before.
 */
export const OVERVIEW_BELOW_ZOOM = 10;
/** A block narrower and lower than this many screen pixels at the tile's zoom is sent as its point. */
export const POINT_BELOW_PX = 4;
/** One pixel of a 512-px tile in the 4,096 tile units. */
export const OVERVIEW_SIMPLIFY_TILE_UNITS = 8;
/** The tiles' layer of the small blocks' points. */
export const BLOCK_POINTS_LAYER = "blocks-point";
/**
 * The properties an overview feature keeps: the style's filters (level, status). Its block id is the MVT
 * feature id (FEATURE_ID, a varint, not a property value of its own), and smaller blocks come later in the
 * tile (drawn on top, picked first) instead of carrying their area: a point is ~14 bytes, not ~35 (issue #16).
 */
export const OVERVIEW_PROPERTIES = ["level", "status"] as const;

/** Screen pixels of a tile (MapLibre's vector tiles are 512 px wide). */
export const TILE_SIZE_PX = 512;

/**
 * Whether a block whose box spans `extentWorld` (the larger of its width and height as a fraction of the Web
 * Mercator world's width, 0..1) is under POINT_BELOW_PX at zoom z.
 */
export function isPointAtZoom(extentWorld: number, z: number): boolean {
  return extentWorld * TILE_SIZE_PX * 2 ** z < POINT_BELOW_PX;
}

/** The larger side of a lon/lat box [west, south, east, north] as a fraction of the Web Mercator world (0..1). */
export function extentWorldOfBox([west, south, east, north]: [number, number, number, number]): number {
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI);
  return Math.max((east - west) / 360, Math.abs(y(north) - y(south)));
}

/** A feature's tags reduced to OVERVIEW_PROPERTIES. */
export function overviewTags(tags: Record<string, unknown> | null): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of OVERVIEW_PROPERTIES) if (tags && key in tags) kept[key] = tags[key];
  return kept;
}

/**
 * A ring (tile units) without the vertices closer than `tolerance` to the last one kept (radial distance), its
 * first and last kept; a ring that would fall under four positions is kept whole (geojson-vt already drops the
 * rings too small to see).
 */
export function simplifyRing(ring: [number, number][], tolerance: number): [number, number][] {
  if (ring.length <= 4) return ring;
  const squared = tolerance * tolerance;
  const kept: [number, number][] = [ring[0]];
  for (let i = 1; i < ring.length - 1; i++) {
    const [lastX, lastY] = kept[kept.length - 1];
    const [x, y] = ring[i];
    if ((x - lastX) ** 2 + (y - lastY) ** 2 >= squared) kept.push(ring[i]);
  }
  kept.push(ring[ring.length - 1]);
  return kept.length >= 4 ? kept : ring;
}
