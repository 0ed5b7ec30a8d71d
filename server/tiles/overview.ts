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
 * Overview dots are thinned to one per POINT_CELL_PX × POINT_CELL_PX cell of the tile, per (level, status): a
 * dot is 3–5 px across (blocks-point's circle-radius 1.5–2.5 px and its stroke) and a z tile is drawn at 1–2
 * screen px per tile px, so the dots dropped lie under the kept one's dot and the map looks the same, while
 * every cell holding a block of a level and status still shows one (the level and status filters hide nothing
 * else). The kept dot is the cell's largest block (ties: the smallest id): the one a click there selects. At
 * 200,000 blocks the first view's z7 tile drops from ~200,000 dots to a few tens of thousands (issue #16).
 */
export const POINT_CELL_PX = 2;

/** The side of a POINT_CELL_PX cell in the units of a tile `extent` units wide. */
export function pointCellTileUnits(extent: number): number {
  return (POINT_CELL_PX * extent) / TILE_SIZE_PX;
}

/** An overview dot as the thinning sees it: its position in tile units and the block's level, status and area. */
export interface OverviewDot {
  x: number;
  y: number;
  level: unknown;
  status: unknown;
  areaKm2: number;
  id: number;
}

/**
 * One dot per cell of `cellUnits` tile units per (level, status): the largest block's (ties: the smallest id).
 * The dots kept come larger block first (a smaller one drawn on top), as the tiles send them.
 */
export function onePointPerCell<T>(dots: T[], dotOf: (dot: T) => OverviewDot, cellUnits: number): T[] {
  const described = dots.map((dot) => ({ dot, ...dotOf(dot) }));
  described.sort((a, b) => b.areaKm2 - a.areaKm2 || a.id - b.id);
  const taken = new Set<string>();
  const kept: T[] = [];
  for (const { dot, x, y, level, status } of described) {
    const cell = `${level}|${status}|${Math.floor(x / cellUnits)}|${Math.floor(y / cellUnits)}`;
    if (taken.has(cell)) continue;
    taken.add(cell);
    kept.push(dot);
  }
  return kept;
}

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
