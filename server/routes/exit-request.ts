import type { AppContext } from "../app-context.js";
import type { BlockExit } from "../db/reduction-block.js";
import { ENDED_STATUSES } from "../domain/block.js";
import { adjustabilityOf } from "../domain/dynamic-adjustment.js";
import type { ExitSettings } from "../domain/exit-rule.js";
import { checkSettings } from "../domain/settings.js";
import { ApiError, badRequest, notFound } from "../errors.js";

/** Request pieces shared by the exit, reduction and batch routes. */

/** The settings a §4.5 decision reads; each can be overridden per request (query or body `settings`). */
const EXIT_SETTING_KEYS = ["shareAtThreshold", "parkAreaBasis", "underFloorAction"] as const;

/** Stored settings with the request's overrides; unknown keys or values → 400. */
export async function exitSettings({ stores }: AppContext, overrides: unknown): Promise<ExitSettings> {
  const stored = await stores.settings.get();
  if (overrides === undefined || overrides === null) return stored;
  if (typeof overrides !== "object" || Array.isArray(overrides)) {
    throw badRequest("bad-setting", "settings must be an object of setting overrides.");
  }
  const unknown = Object.keys(overrides).find(
    (key) => !(EXIT_SETTING_KEYS as readonly string[]).includes(key),
  );
  if (unknown) {
    throw badRequest(
      "bad-setting",
      `Unknown setting override "${unknown}" (use ${EXIT_SETTING_KEYS.join(", ")}).`,
      {
        key: unknown,
      },
    );
  }
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
