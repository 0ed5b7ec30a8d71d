import type { Knex } from "knex";
import type { ExitSettings } from "../domain/exit-rule.js";
import type { ReductionRequest } from "../domain/reduction-request.js";
import type { PolicySettings } from "../domain/settings.js";
import { exitAttachmentFor } from "./evaluation-exit.js";
import { type BlockExit, blockExit, reduceBlock } from "./reduction-block.js";

/** The §4.5 decisions and reductions of stored blocks, for the routes (the SQL lives in the modules below). */
export function exitStore(knex: Knex) {
  return {
    /** The block's 淘汰方式 decision from its stored area and park share; undefined when there is no such block. */
    decision: (blockId: number, settings: ExitSettings) => blockExit(knex, blockId, settings),
    /** The reduced boundary of the block at the decision's version. */
    reduce: (exit: BlockExit, request: ReductionRequest) => reduceBlock(knex, exit, request),
    /** The decision as attached to an evaluation result. */
    attachment: (blockId: number, settings: PolicySettings) => exitAttachmentFor(knex, blockId, settings),
  };
}

export type ExitStore = ReturnType<typeof exitStore>;
