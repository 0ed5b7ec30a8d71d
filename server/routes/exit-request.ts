import type { AppContext } from "../app-context.js";
import { exitStepCheck } from "../db/exit-step-facts.js";
import type { BlockExit } from "../db/reduction-block.js";
import { type BlockStatus, ENDED_STATUSES } from "../domain/block.js";
import { adjustabilityOf } from "../domain/dynamic-adjustment.js";
import type { ExitSettings } from "../domain/exit-rule.js";
import { EXIT_STEP_CLAUSE } from "../domain/exit-step.js";
import { checkSettings } from "../domain/settings.js";
import { ApiError, badRequest, notFound } from "../errors.js";

/** Request pieces shared by the exit, reduction and batch routes. */

/**
 * Stored settings with the request's overrides (query or body `settings`). The route schemas
 * (ExitSettingsOverrides) refuse unknown keys and values before this runs.
 */
export async function exitSettings(
  { stores }: AppContext,
  overrides: Partial<ExitSettings> | undefined,
): Promise<ExitSettings> {
  const stored = await stores.settings.get();
  if (overrides === undefined) return stored;
  const check = checkSettings(overrides);
  if (!check.valid) throw badRequest("bad-setting", check.message, { key: check.key });
  return { ...stored, ...check.settings };
}

/** 409 not-applicable for a national block: 动态调整 is the municipal zones' mechanism (《管理办法》第三部分). */
export function refuseNational(id: number, level: "national" | "municipal"): void {
  const adjustability = adjustabilityOf(level);
  if (adjustability.adjustable) return;
  throw new ApiError(409, "not-applicable", adjustability.explanation.en, {
    blockId: id,
    reason: adjustability.reason,
    explanation: adjustability.explanation,
  });
}

/** The block's decision; 404 when it does not exist, 409 when it is national or has already ended. */
export async function liveBlockExit(
  { stores }: AppContext,
  id: number,
  settings: ExitSettings,
): Promise<BlockExit> {
  const exit = await stores.exits.decision(id, settings);
  if (!exit) throw notFound("Block", id);
  refuseNational(id, exit.block.level);
  if (ENDED_STATUSES.includes(exit.block.status)) {
    throw new ApiError(
      409,
      "block-ended",
      `Block ${id} has already ended (${exit.block.status}): it has no exit to decide.`,
      {
        status: exit.block.status,
      },
    );
  }
  return exit;
}

/** 409 already-reduced-this-year: the block's 淘汰方式 was carried out; nothing is written. */
export async function refuseAlreadyReduced(
  context: AppContext,
  blockId: number,
  status: BlockStatus,
): Promise<void> {
  const check = await exitStepCheck(context.stores, blockId, status);
  if (check.allowed) return;
  const { code, message, ...details } = check;
  throw new ApiError(409, code, message.en, {
    blockId,
    ...details,
    explanation: message,
    clause: EXIT_STEP_CLAUSE,
  });
}
