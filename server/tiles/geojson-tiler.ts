import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import { bbox } from "@turf/bbox";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import {
  LABEL_MIN_ZOOM,
  TILE_BUFFER,
  TILE_EXTENT,
  TILE_LAYERS,
  type TileLayer,
  ZGC_TILE_LAYER,
} from "../db/tile-store.js";
import {
  BLOCK_POINTS_LAYER,
  extentWorldOfBox,
  isPointAtZoom,
  OVERVIEW_BELOW_ZOOM,
  OVERVIEW_SIMPLIFY_TILE_UNITS,
  onePointPerCell,
  overviewTags,
  pointCellTileUnits,
  simplifyRing,
} from "./overview.js";

/** What the Node tiler reads from the database: whole layers, and the blocks' versions to find what changed. */
export interface TilerSource {
  /** The per-table data versions (blocks, zones) and the Zhongguancun union's generation. */
  versions(): Promise<Record<"blocks" | "zones" | "zgc", string>>;
  /** The Zhongguancun union (rebuilt first if stale) and the generation it was built from. */
  zgcUnion(): Promise<{ generation: string; collection: FeatureCollection }>;
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

/**
 * Blocks are indexed in buckets of this many degrees (by the centre of each block's box): an update re-splits
 * only its bucket's index from the root (geojson-vt's updateData re-creates the root tile of the index it
 * updates), ~700 blocks of Beijing's 20,000, not all of them — the first tile after an edit at 20k blocks cost
 * 261 ms p50 and 1.0 s at worst with one index (issue #16 asks ≤ 100 ms).
 */
const BUCKET_DEG = 0.25;

type Box = [number, number, number, number];
type VtTile = NonNullable<ReturnType<GeoJSONVT["getTile"]>>;

/** The layers made of blocks: updated together from one diff of the blocks' versions. */
const BLOCK_LAYERS = ["blocks", "block-labels"] as const satisfies readonly TileLayer[];
type BlockLayer = (typeof BLOCK_LAYERS)[number];

/** The lon/lat box of a geometry; undefined when it has no coordinates. */
function boxOf(geometry: Geometry | null): Box | undefined {
  if (!geometry) return undefined;
  const [west, south, east, north] = bbox(geometry);
  return west <= east ? [west, south, east, north] : undefined;
}

function grow(box: Box | undefined, by: Box): Box {
  return box
    ? [Math.min(box[0], by[0]), Math.min(box[1], by[1]), Math.max(box[2], by[2]), Math.max(box[3], by[3])]
    : [...by];
}

/** The lon/lat box of tile z/x/y with its buffer. */
function tileBox(z: number, x: number, y: number): Box {
  const n = 2 ** z;
  const margin = TILE_BUFFER / TILE_EXTENT;
  const lng = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lng(x - margin), lat(y + 1 + margin), lng(x + 1 + margin), lat(y - margin)];
}

const meets = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * One block layer split into buckets, each its own geojson-vt index with the box of what it ever held (boxes
 * only grow, so a tile asks every bucket that may have a feature in it).
 */
function bucketedLayer() {
  const buckets = new Map<string, { index: GeoJSONVT; box: Box | undefined }>();
  const bucketOfId = new Map<number, string>();

  function keyOf(box: Box): string {
    const lng = Math.floor((box[0] + box[2]) / 2 / BUCKET_DEG);
    const lat = Math.floor((box[1] + box[3]) / 2 / BUCKET_DEG);
    return `${lng}:${lat}`;
  }

  function group(features: Feature[], keyFor: (feature: Feature) => string | undefined) {
    const grouped = new Map<string, { features: Feature[]; box: Box | undefined }>();
    for (const feature of features) {
      const box = boxOf(feature.geometry);
      const key = keyFor(feature) ?? (box ? keyOf(box) : "none");
      const entry = grouped.get(key) ?? { features: [], box: undefined };
      entry.features.push(feature);
      if (box) entry.box = grow(entry.box, box);
      grouped.set(key, entry);
    }
    return grouped;
  }

  return {
    bucketOfId,
    /** Every feature at once (the first build). `keyFor` puts a feature in a given bucket (labels with their block). */
    build(features: Feature[], keyFor: (feature: Feature) => string | undefined = () => undefined) {
      buckets.clear();
      for (const [key, entry] of group(features, keyFor)) {
        buckets.set(key, {
          index: new GeoJSONVT({ type: "FeatureCollection", features: entry.features }, INDEX_OPTIONS),
          box: entry.box,
        });
        for (const feature of entry.features) bucketOfId.set(Number(feature.id), key);
      }
    },
    /** The blocks `removed` (changed or deleted) out, `added` in: only the buckets they were or are in. */
    update(removed: number[], added: Feature[], keyFor: (feature: Feature) => string | undefined) {
      const removals = new Map<string, number[]>();
      for (const id of removed) {
        const key = bucketOfId.get(id);
        if (key === undefined) continue;
        removals.set(key, [...(removals.get(key) ?? []), id]);
        bucketOfId.delete(id);
      }
      const additions = group(added, keyFor);
      for (const key of new Set([...removals.keys(), ...additions.keys()])) {
        const adding = additions.get(key);
        const bucket = buckets.get(key);
        if (!bucket) {
          if (!adding) continue;
          const index = new GeoJSONVT(
            { type: "FeatureCollection", features: adding.features },
            INDEX_OPTIONS,
          );
          buckets.set(key, { index, box: adding.box });
        } else {
          bucket.index.updateData({ remove: removals.get(key) ?? [], add: adding?.features ?? [] });
          if (adding?.box) bucket.box = grow(bucket.box, adding.box);
        }
        for (const feature of adding?.features ?? []) bucketOfId.set(Number(feature.id), key);
      }
    },
    /** The features of tile z/x/y from every bucket that may hold some, as one geojson-vt tile. */
    tile(z: number, x: number, y: number): VtTile | undefined {
      const box = tileBox(z, x, y);
      let merged: VtTile | undefined;
      for (const bucket of buckets.values()) {
        if (!bucket.box || !meets(bucket.box, box)) continue;
        const part = bucket.index.getTile(z, x, y);
        if (!part || part.features.length === 0) continue;
        merged = merged ? { ...merged, features: [...merged.features, ...part.features] } : part;
      }
      return merged;
    },
  };
}

/**
 * Vector tiles made in Node for the embedded database (PGlite's PostGIS has no ST_AsMVT). The block layers are
 * indexed in buckets (BUCKET_DEG); after a block write only the buckets of the blocks whose version changed are
 * updated in place (`updateData`), not rebuilt: the first tile after an edit costs the diff and one bucket, not a
 * new index of every block. Zones change rarely (imports of reference data): their index is rebuilt, as is the
 * Zhongguancun union's (ZGC_TILE_LAYER) when its generation moved.
 */
export function geojsonTiler(source: TilerSource) {
  const blockLayers = new Map<BlockLayer, ReturnType<typeof bucketedLayer>>();
  let zones: { version: string; index: GeoJSONVT } | undefined;
  let zgc: { version: string; index: GeoJSONVT } | undefined;
  let blocksVersion: string | undefined;
  let blockVersions = new Map<number, number>();
  /** Each block's larger box side as a fraction of the world (overview.ts): which blocks are points. */
  const extentWorldOfId = new Map<number, number>();
  let refreshing: Promise<void> | undefined;

  /** Labels go in their block's bucket, so a block's outline and name are updated together. */
  const keyFor = (layer: BlockLayer) => (feature: Feature) =>
    layer === "blocks" ? undefined : blockLayers.get("blocks")?.bucketOfId.get(Number(feature.id));

  function keepExtents(blocks: Feature[]): void {
    for (const block of blocks) {
      const box = boxOf(block.geometry);
      if (box) extentWorldOfId.set(Number(block.id), extentWorldOfBox(box));
    }
  }

  async function buildBlocks(): Promise<void> {
    blockVersions = await source.blockVersions();
    for (const layer of BLOCK_LAYERS) {
      const bucketed = bucketedLayer();
      blockLayers.set(layer, bucketed);
      const { features } = await source.layerFeatures(layer);
      if (layer === "blocks") keepExtents(features);
      bucketed.build(features, keyFor(layer));
    }
  }

  async function updateBlocks(): Promise<void> {
    const latest = await source.blockVersions();
    const changed = [...latest].filter(([id, v]) => blockVersions.get(id) !== v).map(([id]) => id);
    const removed = [...blockVersions.keys()].filter((id) => !latest.has(id));
    for (const layer of BLOCK_LAYERS) {
      const added: Feature[] =
        changed.length > 0 ? (await source.layerFeatures(layer, changed)).features : [];
      if (layer === "blocks") {
        for (const id of removed) extentWorldOfId.delete(id);
        keepExtents(added);
      }
      blockLayers.get(layer)?.update([...changed, ...removed], added, keyFor(layer));
    }
    blockVersions = latest;
  }

  async function refresh(): Promise<void> {
    const versions = await source.versions();
    if (blocksVersion === undefined) await buildBlocks();
    else if (blocksVersion !== versions.blocks) await updateBlocks();
    blocksVersion = versions.blocks;
    if (zones?.version !== versions.zones) {
      const index = new GeoJSONVT(await source.layerFeatures("zones"), INDEX_OPTIONS);
      zones = { version: versions.zones, index };
    }
    // Rebuilt when a national block's write made the union stale (one feature: its own small index).
    if (zgc?.version !== versions.zgc) {
      const { generation, collection } = await source.zgcUnion();
      zgc = {
        version: generation,
        index: new GeoJSONVT(collection, { ...INDEX_OPTIONS, updateable: false }),
      };
    }
  }

  /**
   * The blocks of an overview tile (overview.ts): those under POINT_BELOW_PX as their label points (layer
   * blocks-point), the others as polygons simplified to a pixel, both with the overview tags only.
   */
  function overviewBlocks(z: number, x: number, y: number): Record<string, VtTile> {
    const isPoint = (feature: { id?: number | string }) =>
      isPointAtZoom(extentWorldOfId.get(Number(feature.id)) ?? 0, z);
    const found: Record<string, VtTile> = {};
    // Larger blocks first, as the SQL tiles: a smaller one is drawn over them and picked first.
    const largerFirst = (features: VtTile["features"]) =>
      [...features].sort(
        (a, b) =>
          Number(b.tags?.areaKm2 ?? 0) - Number(a.tags?.areaKm2 ?? 0) ||
          Number(a.id ?? 0) - Number(b.id ?? 0),
      );
    const polygons = blockLayers.get("blocks")?.tile(z, x, y);
    const kept = largerFirst(polygons?.features ?? [])
      .filter((feature) => !isPoint(feature))
      .map((feature) => ({
        ...feature,
        tags: overviewTags(feature.tags),
        geometry:
          feature.type === 3
            ? (feature.geometry as unknown as [number, number][][]).map((ring) =>
                simplifyRing(ring, OVERVIEW_SIMPLIFY_TILE_UNITS),
              )
            : feature.geometry,
      })) as VtTile["features"];
    if (polygons && kept.length > 0) found.blocks = { ...polygons, features: kept };
    const labels = blockLayers.get("block-labels")?.tile(z, x, y);
    // One dot per POINT_CELL_PX cell and (level, status), the largest block's; larger first.
    const dotOf = (feature: {
      geometry: unknown;
      tags?: Record<string, unknown> | null;
      id?: number | string;
    }) => {
      const [[x, y]] = feature.geometry as [number, number][];
      const { level, status, areaKm2 } = feature.tags ?? {};
      return { x, y, level, status, areaKm2: Number(areaKm2 ?? 0), id: Number(feature.id ?? 0) };
    };
    const points = onePointPerCell(
      (labels?.features ?? []).filter(isPoint),
      dotOf,
      pointCellTileUnits(TILE_EXTENT),
    ).map((feature) => ({ ...feature, tags: overviewTags(feature.tags) })) as VtTile["features"];
    if (labels && points.length > 0) found[BLOCK_POINTS_LAYER] = { ...labels, features: points };
    return found;
  }

  /** The tile at the current data version; an empty tile is an empty array (the route answers 204). */
  return async function tile(z: number, x: number, y: number): Promise<Uint8Array> {
    // One refresh at a time: concurrent tile requests after an edit share it.
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    await refreshing;
    const found: Record<string, VtTile> = z < OVERVIEW_BELOW_ZOOM ? overviewBlocks(z, x, y) : {};
    for (const layer of TILE_LAYERS) {
      if (layer === "blocks" && z < OVERVIEW_BELOW_ZOOM) continue;
      if (layer === "block-labels" && z < LABEL_MIN_ZOOM) continue;
      const part = layer === "zones" ? zones?.index.getTile(z, x, y) : blockLayers.get(layer)?.tile(z, x, y);
      if (!part) continue;
      // A label shows once its block is wide enough (labelMinZoom); a z tile is drawn up to zoom z + 1.
      const features =
        layer === "block-labels"
          ? part.features.filter((feature) => Number(feature.tags?.labelMinZoom ?? 0) <= z + 1)
          : part.features;
      if (features.length > 0) found[layer] = { ...part, features } as VtTile;
    }
    const zgcPart = zgc?.index.getTile(z, x, y);
    if (zgcPart && zgcPart.features.length > 0) found[ZGC_TILE_LAYER] = zgcPart;
    return Object.keys(found).length > 0
      ? fromGeojsonVt(found, { version: 2, extent: TILE_EXTENT })
      : new Uint8Array();
  };
}
