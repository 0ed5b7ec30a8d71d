import type { FastifyRequest } from "fastify";
import type { Stores } from "../app-context.js";
import { requireBlockParks } from "../auth/enforce.js";
import { badRequest } from "../errors.js";
import { roundConflict } from "./round-access.js";

/**
 * The blocks an application names (《管理办法》第二部分 认定: the district's government applies): municipal blocks
 * of the account's parks that are 意向纳入 or 已申报, of one district, and in no other open application.
 * Returns the district. 400 unknown-blocks / bad-blocks, 403 out-of-scope, 409 blocks-in-other-application.
 */
export async function checkApplicationBlocks(
  request: FastifyRequest,
  stores: Stores,
  blockIds: number[],
  applicationId: number | null,
): Promise<string> {
  const blocks = await stores.roundRecords.blocks(blockIds);
  const unknown = blockIds.filter((id) => !blocks.some((block) => block.id === id));
  if (unknown.length > 0)
    throw badRequest("unknown-blocks", `No block ${unknown.join(", ")}.`, { blockIds: unknown });
  await requireBlockParks(request, stores, blockIds);
  const wrong = blocks.filter(
    (block) => block.level !== "municipal" || (block.status !== "candidate" && block.status !== "applied"),
  );
  if (wrong.length > 0) {
    throw badRequest(
      "bad-blocks",
      `An application names municipal blocks that are 意向纳入 (candidate) or 已申报 (applied): ${wrong
        .map((block) => `${block.id} ${block.name} is ${block.level} ${block.status}`)
        .join("; ")}.`,
      { blockIds: wrong.map((block) => block.id) },
    );
  }
  const districts = [...new Set(blocks.map((block) => block.district))];
  if (districts.length > 1) {
    throw badRequest(
      "blocks-of-several-districts",
      `One application is one district's: ${districts.join(", ")}.`,
      {
        districts,
      },
    );
  }
  const taken = await stores.rounds.applications.blocksInOtherLive(blockIds, applicationId);
  if (taken.size > 0) {
    throw roundConflict(
      "blocks-in-other-application",
      `Block(s) ${[...taken.keys()].join(", ")} are already in open application(s) ${[...new Set(taken.values())].join(", ")}.`,
      { blocks: Object.fromEntries(taken) },
    );
  }
  return districts[0] as string;
}
