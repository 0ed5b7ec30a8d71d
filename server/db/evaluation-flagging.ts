import type { Knex } from "knex";
import { type BlockStatus, ENDED_STATUSES } from "../domain/block.js";
import { CATEGORIES, type Category, evaluateYear, type RankingEntry } from "../domain/evaluation-year.js";
import type { PolicySettings } from "../domain/settings.js";
import type { BlockStore } from "./block-store.js";
import { type ExitAttachment, exitAttachmentFor } from "./evaluation-exit.js";
import type { EvaluationStore, StoredFlag } from "./evaluation-store.js";
import { evaluationBlocks } from "./evaluation-year-input.js";
import type { settingsStore } from "./settings-store.js";

/**
 * 责令整改 — acting on a year's bottom 5% (DOMAIN.md §4.3), with the year's stored weights and method:
 * - a bottom-5% block is set to `rectifying` through the block store (a new block version, change "evaluation");
 * - a bottom-5% block that is still `rectifying` from a flag of an EARLIER year failed its rectification: it
 *   keeps its status and gets its §4.5 exit decision attached (the exit itself is the reduction workflow's);
 * - a `rectifying` block flagged earlier that is not in this year's bottom 5% passed: it is listed, and set back
 *   to `recognized` (the lifecycle's pass-rectification) only when `releasePassed` is asked.
 * Each act is recorded in evaluation_flags (one row per block and year), so running it again changes nothing.
 */
export interface FlagStores {
  knex: Knex;
  blocks: BlockStore;
  settings: ReturnType<typeof settingsStore>;
  evaluations: EvaluationStore;
}

export interface FlagOptions {
  year: number;
  actor: string;
  ignoreIncomplete: boolean;
  releasePassed: boolean;
}

export interface FlaggedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  score: number;
  outcome: "rectify" | "exit-decision" | "already-flagged" | "ended" | "conflict";
  /** For "already-flagged": what the earlier run of this year did. */
  recordedOutcome?: StoredFlag["outcome"];
  status: BlockStatus;
  earlierFlagYears: number[];
  exit?: ExitAttachment;
}

export interface PassedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  earlierFlagYears: number[];
  released: boolean;
  status: BlockStatus;
}

export type FlagResult =
  | { outcome: "incomplete"; incomplete: { blockId: number; name: string; missing: string[] }[] }
  | {
      outcome: "done";
      year: number;
      method: string;
      /** The settings this run used (named with every flag run). */
      settings: Pick<PolicySettings, "missingDataPolicy" | "bottomShareBase" | "bottomShareRounding">;
      flagged: FlaggedBlock[];
      rectificationPassed: PassedBlock[];
    };

export async function flagBottom(stores: FlagStores, options: FlagOptions): Promise<FlagResult> {
  const { year, actor } = options;
  const [settings, stored, blocks] = await Promise.all([
    stores.settings.get(),
    stores.evaluations.config(year),
    evaluationBlocks(stores.evaluations, year),
  ]);
  if (!stored) throw new Error("No evaluation config is stored (the evaluations migration seeds one).");
  const evaluation = evaluateYear(year, blocks, stored.config, settings);
  const entries = CATEGORIES.flatMap((category) =>
    evaluation.categories[category].map((entry) => ({ entry, category })),
  );
  // ignoreIncomplete=true is a per-run "leave-out" over the missingDataPolicy setting.
  const missingDataPolicy =
    options.ignoreIncomplete && settings.missingDataPolicy === "refuse"
      ? "leave-out"
      : settings.missingDataPolicy;
  const incomplete = entries.filter(({ entry }) => !entry.complete);
  if (incomplete.length > 0 && missingDataPolicy === "refuse") {
    return {
      outcome: "incomplete",
      incomplete: incomplete.map(({ entry }) => ({
        blockId: entry.blockId,
        name: entry.name,
        missing: entry.missing,
      })),
    };
  }
  const allFlags = await stores.evaluations.flags({ blockIds: entries.map(({ entry }) => entry.blockId) });
  const earlierYears = (blockId: number) =>
    allFlags
      .filter(
        (flag) => flag.blockId === blockId && flag.year < year && flag.outcome !== "rectification-passed",
      )
      .map((flag) => flag.year);
  const thisYear = (blockId: number) =>
    allFlags.find((flag) => flag.blockId === blockId && flag.year === year);

  const flagged: FlaggedBlock[] = [];
  const rectificationPassed: PassedBlock[] = [];
  for (const { entry, category } of entries) {
    if (!entry.bottom5 && entry.status !== "rectifying") continue;
    const block = await stores.blocks.get(entry.blockId);
    if (!block) continue;
    const status = block.properties.status;
    const earlier = earlierYears(entry.blockId);
    const recorded = thisYear(entry.blockId);
    const record = (outcome: StoredFlag["outcome"], exit: ExitAttachment | null, trx?: Knex.Transaction) =>
      stores.evaluations.recordFlag(
        {
          year,
          blockId: entry.blockId,
          category,
          rank: entry.rank,
          score: entry.score,
          method: stored.config.method,
          outcome,
          exitDecision: exit,
          flaggedBy: actor,
        },
        trx,
      );
    const base = {
      blockId: entry.blockId,
      name: entry.name,
      category,
      rank: entry.rank,
      earlierFlagYears: earlier,
    };

    if (entry.bottom5) {
      if (ENDED_STATUSES.includes(status)) {
        // Ranked for a year it was part of, ended since: nothing left to rectify.
        flagged.push({ ...base, score: entry.score, outcome: "ended", status });
      } else if (recorded) {
        flagged.push({
          ...base,
          score: entry.score,
          outcome: "already-flagged",
          recordedOutcome: recorded.outcome,
          status,
        });
      } else if (status === "rectifying" && earlier.length > 0) {
        const exit = await exitAttachmentFor(stores.knex, entry.blockId, settings);
        await record("exit-decision", exit ?? null);
        flagged.push({ ...base, score: entry.score, outcome: "exit-decision", status, exit });
      } else {
        // One block of the run is one transaction: its status action and its flag row.
        const result = await stores.knex.transaction(async (trx) => {
          const acted =
            status === "rectifying"
              ? ({ outcome: "updated" } as const)
              : await stores.blocks.act(
                  entry.blockId,
                  block.properties.version,
                  "order-rectification",
                  {
                    actor,
                    change: "evaluation",
                    reason: `${year} evaluation: bottom 5% of category ${category} (rank ${entry.rank}).`,
                  },
                  trx,
                );
          if (acted.outcome === "updated") await record("rectify", null, trx);
          return acted;
        });
        if (result.outcome !== "updated") {
          flagged.push({ ...base, score: entry.score, outcome: "conflict", status });
          continue;
        }
        flagged.push({ ...base, score: entry.score, outcome: "rectify", status: "rectifying" });
      }
    } else if (status === "rectifying" && earlier.length > 0 && !recorded && entry.rank !== null) {
      const released = options.releasePassed
        ? await stores.knex.transaction(async (trx) => {
            const done = await release(stores, entry, block.properties.version, actor, trx);
            if (done) await record("rectification-passed", null, trx);
            return done;
          })
        : false;
      const now = released ? ((await stores.blocks.get(entry.blockId))?.properties.status ?? status) : status;
      rectificationPassed.push({ ...base, released, status: now });
    }
  }
  const settingsUsed = {
    missingDataPolicy,
    bottomShareBase: settings.bottomShareBase,
    bottomShareRounding: settings.bottomShareRounding,
  };
  await stores.evaluations.recordRun({
    year,
    method: stored.config.method,
    settings: settingsUsed,
    summary: { flagged: flagged.length, rectificationPassed: rectificationPassed.length },
    runBy: actor,
  });
  return {
    outcome: "done",
    year,
    method: stored.config.method,
    settings: settingsUsed,
    flagged,
    rectificationPassed,
  };
}

/** Rectification passed: the block is recognized again (the lifecycle's `pass-rectification`). */
async function release(
  stores: FlagStores,
  entry: RankingEntry,
  version: number,
  actor: string,
  trx: Knex.Transaction,
): Promise<boolean> {
  const result = await stores.blocks.act(
    entry.blockId,
    version,
    "pass-rectification",
    {
      actor,
      change: "evaluation",
      reason: `Not in the bottom 5% of the evaluation after rectification (rank ${entry.rank}).`,
    },
    trx,
  );
  return result.outcome === "updated";
}
