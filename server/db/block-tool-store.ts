import type { LineString, MultiPolygon } from "geojson";
import type { Knex } from "knex";
import {
  checkMerge,
  checkRestoreVersion,
  checkToolStatus,
  planSplit,
  splitPieceNames,
  TOOL_REASONS,
  type ToolCheck,
} from "../domain/block-tools.js";
import { lockedRow } from "./block-change.js";
import { appendLink, linksOfBlock } from "./block-links.js";
import type { BlockFeature, BlockStore, WriteContext } from "./block-store.js";
import { cutPieces, unionGeoJson, versionContent } from "./block-tool-sql.js";

type Refused = Extract<ToolCheck, { valid: false }>;

export type ToolResult<T> =
  | ({ outcome: "done" } & T)
  | { outcome: "unchanged"; block: BlockFeature }
  | { outcome: "not-found"; blockId: number }
  | { outcome: "conflict"; blockId: number; expectedVersion: number; currentVersion: number }
  | { outcome: "refused"; check: Refused };

interface Expected {
  id: number;
  version: number;
}

/**
 * Split, merge and restore (issue #18 item 8; rules in domain/block-tools.ts): each a set of block writes through
 * the block store, one new version per block touched, and the links between those versions, all in the caller's
 * transaction (the route's audited one).
 */
export function blockToolStore(knex: Knex, blocks: BlockStore) {
  async function lockExpected(trx: Knex.Transaction, expected: Expected) {
    const row = await lockedRow(trx, expected.id);
    if (!row) return { outcome: "not-found" as const, blockId: expected.id };
    if (row.version !== expected.version) {
      return {
        outcome: "conflict" as const,
        blockId: expected.id,
        expectedVersion: expected.version,
        currentVersion: row.version,
      };
    }
    return { outcome: "locked" as const, row };
  }

  async function split(
    trx: Knex.Transaction,
    expected: Expected,
    line: LineString,
    context: WriteContext,
  ): Promise<ToolResult<{ block: BlockFeature; newBlocks: BlockFeature[] }>> {
    const locked = await lockExpected(trx, expected);
    if (locked.outcome !== "locked") return locked;
    const status = checkToolStatus(locked.row.status, "split");
    if (!status.valid) return { outcome: "refused", check: status };
    const plan = planSplit(await cutPieces(trx, expected.id, line));
    if (!plan) {
      return {
        outcome: "refused",
        check: {
          valid: false,
          reason: TOOL_REASONS.lineMissesBlock,
          message:
            "The line does not cut the block in two: draw it across the block, from outside to outside.",
        },
      };
    }
    const kept: MultiPolygon = { type: "MultiPolygon", coordinates: plan.kept.map((p) => p.coordinates) };
    const updated = await blocks.update(
      expected.id,
      expected.version,
      { geoJson: JSON.stringify(kept) },
      context,
      trx,
    );
    if (updated.outcome !== "updated")
      throw new Error(`split: the locked block ${expected.id} did not update`);
    const names = splitPieceNames(locked.row.name, plan.newBlocks.length);
    const newBlocks: BlockFeature[] = [];
    for (const [index, piece] of plan.newBlocks.entries()) {
      const created = await blocks.create(
        {
          name: names[index],
          parkId: locked.row.park_id,
          level: locked.row.level,
          status: locked.row.status,
          attributes: locked.row.attributes,
          geoJson: JSON.stringify({ type: "MultiPolygon", coordinates: [piece.coordinates] }),
        },
        context,
        trx,
      );
      await appendLink(trx, "split", refOf(updated.block), refOf(created));
      newBlocks.push(created);
    }
    return { outcome: "done", block: updated.block, newBlocks };
  }

  async function merge(
    trx: Knex.Transaction,
    kept: Expected,
    absorbed: Expected,
    context: WriteContext,
  ): Promise<ToolResult<{ block: BlockFeature; merged: BlockFeature }>> {
    // Rows are locked in id order, so two merges of the same pair cannot deadlock.
    const [first, second] = kept.id < absorbed.id ? [kept, absorbed] : [absorbed, kept];
    const lockedFirst = await lockExpected(trx, first);
    if (lockedFirst.outcome !== "locked") return lockedFirst;
    const lockedSecond = await lockExpected(trx, second);
    if (lockedSecond.outcome !== "locked") return lockedSecond;
    const [keptRow, absorbedRow] =
      first === kept ? [lockedFirst.row, lockedSecond.row] : [lockedSecond.row, lockedFirst.row];
    const check = checkMerge(
      { id: kept.id, parkId: keptRow.park_id, level: keptRow.level, status: keptRow.status },
      { id: absorbed.id, parkId: absorbedRow.park_id, level: absorbedRow.level, status: absorbedRow.status },
    );
    if (!check.valid) return { outcome: "refused", check };
    const geoJson = await unionGeoJson(trx, kept.id, absorbed.id);
    const updated = await blocks.update(kept.id, kept.version, { geoJson }, context, trx);
    if (updated.outcome !== "updated") throw new Error(`merge: the locked block ${kept.id} did not update`);
    const ended = await blocks.act(absorbed.id, absorbed.version, "withdraw", context, trx);
    if (ended.outcome !== "updated") throw new Error(`merge: block ${absorbed.id} could not be withdrawn`);
    await appendLink(trx, "merge", refOf(ended.block), refOf(updated.block));
    return { outcome: "done", block: updated.block, merged: ended.block };
  }

  async function restore(
    trx: Knex.Transaction,
    expected: Expected,
    fromVersion: number,
    context: WriteContext,
  ): Promise<ToolResult<{ block: BlockFeature }>> {
    const locked = await lockExpected(trx, expected);
    if (locked.outcome !== "locked") return locked;
    const content = await versionContent(trx, expected.id, fromVersion);
    const check = checkRestoreVersion(fromVersion, locked.row.version, content !== undefined);
    if (!check.valid || !content) return { outcome: "refused", check: check as Refused };
    const updated = await blocks.update(expected.id, expected.version, content, context, trx);
    if (updated.outcome === "unchanged") return updated;
    if (updated.outcome !== "updated")
      throw new Error(`restore: the locked block ${expected.id} did not update`);
    await appendLink(trx, "restore", { blockId: expected.id, version: fromVersion }, refOf(updated.block));
    return { outcome: "done", block: updated.block };
  }

  /** The sub-park a version was in (what a restore would move the block to), or undefined. */
  async function versionParkId(blockId: number, version: number): Promise<number | undefined> {
    const row = await knex("block_versions").select("park_id").where({ block_id: blockId, version }).first();
    return row?.park_id;
  }

  return { split, merge, restore, versionParkId, links: (blockId: number) => linksOfBlock(knex, blockId) };
}

export type BlockToolStore = ReturnType<typeof blockToolStore>;

function refOf(block: BlockFeature) {
  return { blockId: block.properties.id, version: block.properties.version };
}
