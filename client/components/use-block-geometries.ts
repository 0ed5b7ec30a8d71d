import { useEffect, useState } from "react";
import { type BlockFeature, fetchBlockGeometries } from "../api/blocks.js";

/**
 * Some blocks with their geometry, fetched when `ids` (or the status) change: the map draws blocks from tiles,
 * so an overlay that outlines a few blocks (the overlaps of one block, a ranking's bottom 5%) asks for those.
 */
export function useBlockGeometries(
  ids: readonly number[],
  status?: string,
): ReadonlyMap<number, BlockFeature> {
  const [blocks, setBlocks] = useState<ReadonlyMap<number, BlockFeature>>(new Map());
  const key = `${[...ids].sort((a, b) => a - b).join(",")}|${status ?? ""}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the ids and the status
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const wanted = [...new Set(ids)];
    void (async () => {
      const found = new Map<number, BlockFeature>();
      for (let start = 0; start < wanted.length; start += 1000) {
        const page = await fetchBlockGeometries({ ids: wanted.slice(start, start + 1000) }, signal);
        if (page.ok) for (const block of page.value) found.set(block.properties.id, block);
      }
      if (status) {
        const page = await fetchBlockGeometries({ status }, signal);
        if (page.ok) for (const block of page.value) found.set(block.properties.id, block);
      }
      if (!signal.aborted) setBlocks(found);
    })();
    return () => controller.abort();
  }, [key]);
  return blocks;
}
