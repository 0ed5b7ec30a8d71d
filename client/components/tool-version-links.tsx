import type { BlockVersion } from "../api/blocks.js";
import { useMessages } from "../i18n/i18n-context.js";

type Link = NonNullable<BlockVersion["links"]>[number];

/** What a split, merge or restore joined this version with, in words (both directions of the history link). */
export function ToolVersionLinks({ links }: { links: BlockVersion["links"] }) {
  const text = useMessages().tools.links;
  if (!links || links.length === 0) return null;
  const describe = (link: Link): string => {
    switch (link.kind) {
      case "split":
        return link.direction === "to"
          ? text.splitTo(link.blockId)
          : text.splitFrom(link.blockId, link.version);
      case "merge":
        return link.direction === "from" ? text.mergeFrom(link.blockId) : text.mergeTo(link.blockId);
      case "restore":
        return link.direction === "from" ? text.restoreFrom(link.version) : text.restoreTo(link.version);
    }
  };
  return (
    <ul className="version-links" data-testid="version-links">
      {links.map((link) => (
        <li key={`${link.kind}-${link.direction}-${link.blockId}-${link.version}`}>{describe(link)}</li>
      ))}
    </ul>
  );
}
