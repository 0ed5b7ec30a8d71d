import { useEffect, useState } from "react";
import { type BlockFeature, fetchBlock } from "../api/blocks.js";

/**
 * The selected block in full (GET /api/blocks/:id), fetched when it is selected and again at every blocks
 * version (a write, or one the server announced): the map draws blocks from tiles, so the panel asks for the
 * one it shows. While the next answer is on its way the panel keeps the block it has (same id), so it does not
 * flicker; another id clears it at once.
 */
export function useSelectedBlock(blockId: number | null, blocksVersion: number): BlockFeature | undefined {
  const [block, setBlock] = useState<BlockFeature | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `blocksVersion` changes only to fetch again
  useEffect(() => {
    setBlock((current) => (current?.properties.id === blockId ? current : undefined));
    if (blockId === null) return;
    const controller = new AbortController();
    void fetchBlock(blockId, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setBlock(result.ok ? result.value : undefined);
    });
    return () => controller.abort();
  }, [blockId, blocksVersion]);
  return block;
}
