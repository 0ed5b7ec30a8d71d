import {
  BLOCK_LEVELS,
  BLOCK_STATUSES,
  type BlockLevel,
  type BlockStatus,
} from "../../server/domain/block.js";
import { LAYER_IDS, type LayerId } from "../../server/domain/layers.js";

/** What the layer catalogue (图层目录) has switched on. */
export interface LayerVisibility {
  reference: Record<LayerId, boolean>;
  levels: Record<BlockLevel, boolean>;
  statuses: Record<BlockStatus, boolean>;
}

/** Hidden at first: the declared ranges (a review overlay) and blocks that have ended. */
const HIDDEN_AT_FIRST: readonly string[] = ["declared-range", "exited", "withdrawn"];

function allOn<K extends string>(keys: readonly K[]): Record<K, boolean> {
  return Object.fromEntries(keys.map((key) => [key, !HIDDEN_AT_FIRST.includes(key)])) as Record<K, boolean>;
}

export function defaultLayerVisibility(): LayerVisibility {
  return { reference: allOn(LAYER_IDS), levels: allOn(BLOCK_LEVELS), statuses: allOn(BLOCK_STATUSES) };
}

export function visibleKeys<K extends string>(record: Record<K, boolean>): K[] {
  return (Object.keys(record) as K[]).filter((key) => record[key]);
}
