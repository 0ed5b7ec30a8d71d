import type { Knex } from "knex";
import type { BlockStatus } from "../domain/block.js";
import type { Category } from "../domain/evaluation-year.js";
import type { PolicySettings } from "../domain/settings.js";
import type { AuditActor } from "./audit-store.js";
import type { BlockStore } from "./block-store.js";
import type { EvaluationApprovalStore } from "./evaluation-approval-store.js";
import type { ExitAttachment } from "./evaluation-exit.js";
import type { EvaluationStore } from "./evaluation-store.js";
import type { settingsStore } from "./settings-store.js";

/** What a flag run (db/evaluation-flagging.ts) is given and what it answers. */
export interface FlagStores {
  knex: Knex;
  blocks: BlockStore;
  settings: ReturnType<typeof settingsStore>;
  evaluations: EvaluationStore;
  approvals: EvaluationApprovalStore;
}

export interface FlagOptions {
  year: number;
  actor: string;
  /**
   * Who runs it, for the audit trail (a run through the API): each block's step writes its audit row in the
   * step's transaction, and the run its own with the record of the run. Absent for the demo loader.
   */
  audit?: AuditActor;
  /** Called after each step of the plan (done / total); what it throws stops the run. */
  onStep?: (done: number, total: number) => Promise<void>;
}

export type RunSettings = Pick<
  PolicySettings,
  "missingDataPolicy" | "bottomShareBase" | "bottomShareRounding"
>;

export interface FlaggedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  score: number;
  outcome: "rectify" | "exit-decision" | "exit-pending" | "already-flagged" | "ended" | "conflict";
  /** For "already-flagged": what the earlier run of this year recorded. */
  recordedOutcome?: "ordered" | "passed" | "failed";
  status: BlockStatus;
  /** The years of the rectification judged (or pending) here. */
  earlierFlagYears: number[];
  exit?: ExitAttachment | unknown;
}

export interface PassedBlock {
  blockId: number;
  name: string;
  category: Category;
  rank: number | null;
  earlierFlagYears: number[];
  /** Always true: a passed rectification closes and the block is 已认定 again (false only on a conflict). */
  released: boolean;
  status: BlockStatus;
}

export interface NotJudgedBlock {
  blockId: number;
  name: string;
  orderedYear: number;
  reason: "not-ranked";
}

export type FlagResult =
  /** The year is not 审定: nothing is flagged (the state it is in). */
  | { outcome: "not-approved"; state: string }
  | {
      outcome: "done";
      year: number;
      method: string;
      /** The settings this run used (named with every flag run). */
      settings: RunSettings;
      flagged: FlaggedBlock[];
      rectificationPassed: PassedBlock[];
      notJudged: NotJudgedBlock[];
    };
