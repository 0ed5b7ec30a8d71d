import type { Knex } from "knex";

/** Which operation joined two block versions (migration 20261201_20_tools). */
export type BlockLinkKind = "split" | "merge" | "restore";

/** One version's link as its history shows it: `from` = this version came from the other, `to` = went into it. */
export interface BlockVersionLink {
  kind: BlockLinkKind;
  direction: "from" | "to";
  blockId: number;
  version: number;
}

export interface VersionRef {
  blockId: number;
  version: number;
}

type Db = Knex | Knex.Transaction;

/** Appends one link row, in the operation's transaction. */
export async function appendLink(
  trx: Knex.Transaction,
  kind: BlockLinkKind,
  from: VersionRef,
  to: VersionRef,
): Promise<void> {
  await trx("block_links").insert({
    kind,
    from_block_id: from.blockId,
    from_version: from.version,
    to_block_id: to.blockId,
    to_version: to.version,
  });
}

/** Every link of a block's versions, by version (both directions), oldest link first. */
export async function linksOfBlock(db: Db, blockId: number): Promise<Map<number, BlockVersionLink[]>> {
  const rows: {
    kind: BlockLinkKind;
    from_block_id: number;
    from_version: number;
    to_block_id: number;
    to_version: number;
  }[] = await db("block_links")
    .select("kind", "from_block_id", "from_version", "to_block_id", "to_version")
    .where("from_block_id", blockId)
    .orWhere("to_block_id", blockId)
    .orderBy("id");
  const byVersion = new Map<number, BlockVersionLink[]>();
  const add = (version: number, link: BlockVersionLink) =>
    byVersion.set(version, [...(byVersion.get(version) ?? []), link]);
  for (const row of rows) {
    if (row.from_block_id === blockId) {
      add(row.from_version, {
        kind: row.kind,
        direction: "to",
        blockId: row.to_block_id,
        version: row.to_version,
      });
    }
    if (row.to_block_id === blockId) {
      add(row.to_version, {
        kind: row.kind,
        direction: "from",
        blockId: row.from_block_id,
        version: row.from_version,
      });
    }
  }
  return byVersion;
}
