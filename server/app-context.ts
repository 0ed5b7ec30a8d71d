import type { Config } from "./config.js";
import { accountStore } from "./db/account-store.js";
import { auditStore } from "./db/audit-store.js";
import { blockListStore } from "./db/block-list.js";
import { blockOverlapStore } from "./db/block-overlap-store.js";
import { blockStore } from "./db/block-store.js";
import { blockToolStore } from "./db/block-tool-store.js";
import { changeEventStore } from "./db/change-event-store.js";
import { compositionStore } from "./db/composition-store.js";
import { type Database, postgisVersion } from "./db/connect.js";
import { evaluationApprovalStore } from "./db/evaluation-approval-store.js";
import { type FlagOptions, flagBottom } from "./db/evaluation-flagging.js";
import { evaluationNoticeStore } from "./db/evaluation-notice-store.js";
import { evaluationStore } from "./db/evaluation-store.js";
import { takeYearStep, type YearStepRequest } from "./db/evaluation-year-steps.js";
import { exitStore } from "./db/exit-store.js";
import { exportStore } from "./db/export-store.js";
import { filingStore } from "./db/filing-store.js";
import { geometryStore } from "./db/geometry-validity.js";
import { importStore } from "./db/import-store.js";
import { EMBEDDED_FILE_CHUNK_BYTES, FILE_CHUNK_BYTES, jobQueueStore } from "./db/job-queue-store.js";
import { jobStore } from "./db/job-store.js";
import { overlapReportStore } from "./db/overlap-report-store.js";
import { parkStore } from "./db/park-store.js";
import { proposalApplier } from "./db/proposal-apply.js";
import { proposalStore } from "./db/proposal-store.js";
import { recommendationStore } from "./db/recommendation-store.js";
import { rectificationStore } from "./db/rectification-store.js";
import { roundPrecheckStore } from "./db/round-precheck-store.js";
import { roundRecords } from "./db/round-records.js";
import { roundStore } from "./db/round-store.js";
import { settingsStore } from "./db/settings-store.js";
import { siteAnalysisStore } from "./db/site-analysis-store.js";
import { tileStore } from "./db/tile-store.js";
import { zoneStore } from "./db/zone-store.js";
import type { JobRunner } from "./jobs/job-runner.js";
import { vectorTiles } from "./tiles/vector-tiles.js";

/** What every route plugin is given: the database and the stores over it. */
export interface AppContext {
  config: Config;
  db: Database;
  stores: Stores;
  /** The same stores over the jobs' connections (`db.jobKnex`): what job kinds' `run` uses. */
  jobStores: Stores;
  /** Background jobs (server/jobs/job-runner.ts): `jobs.register(kind, …)` in a route plugin; start with startJob. */
  jobs: JobRunner;
}

/**
 * Every db module the routes use, built once over the database: routes reach SQL only through these
 * (no `knex` under server/routes/, tests/unit/server/routes/no-knex.test.ts). Writes take an optional
 * transaction as their last argument; multi-step writes run in one.
 */
export function createStores(db: Database) {
  const { knex } = db;
  const blocks = blockStore(knex);
  const proposals = proposalStore(knex);
  const settings = settingsStore(knex);
  const evaluations = evaluationStore(knex);
  const approvals = evaluationApprovalStore(knex);
  return {
    accounts: accountStore(knex),
    blocks,
    /** Split, merge and restore (issue #18 item 8) through the block store, with their history links. */
    blockTools: blockToolStore(knex, blocks),
    /** The block list at scale (box, text, pages, fields, precision) and the counts by level and status. */
    blockList: blockListStore(knex),
    /** The audit trail: `audited(actor, what, work)` runs a write and its audit row as one transaction. */
    audit: auditStore(knex),
    parks: parkStore(knex),
    zones: zoneStore(knex),
    settings,
    evaluations,
    /** 草稿 → 报审 → 审定 of a year's evaluation, with the snapshot frozen at 报审. */
    approvals,
    /** 通报 of approved years to the districts, with each district's documents. */
    notices: evaluationNoticeStore(knex),
    /** 优先推荐纳入国家高新区: the revisions of each approved year's list. */
    recommendations: recommendationStore(knex),
    proposals,
    /** Catalogue status of blocks and the 备案 records of their exits and reductions. */
    filings: filingStore(knex),
    rectifications: rectificationStore(knex),
    composition: compositionStore(knex),
    exits: exitStore(knex),
    geometry: geometryStore(knex),
    imports: importStore(knex),
    exports: exportStore(knex),
    jobs: jobStore(knex),
    jobQueue: jobQueueStore(knex, db.kind === "pglite" ? EMBEDDED_FILE_CHUNK_BYTES : FILE_CHUNK_BYTES),
    overlapReports: overlapReportStore(knex),
    analysis: siteAnalysisStore(knex),
    /** Block-over-block overlaps of a shape or a stored block (issue #18 item 3). */
    blockOverlaps: blockOverlapStore(knex),
    /** Live updates: the changes the triggers announce (GET /api/events; issue #18 item 4). */
    changeEvents: changeEventStore(knex),
    tiles: vectorTiles(tileStore(knex, db.kind), db.kind),
    database: { postgisVersion: () => postgisVersion(knex) },
    /** Applying a reduction proposal: the block's action and the proposal marked, one transaction. */
    applyProposal: proposalApplier(knex, blocks, proposals),
    /** 责令整改 — a flag run over a year's bottom 5% (db/evaluation-flagging.ts). */
    flagBottom: (options: FlagOptions) =>
      flagBottom({ knex, blocks, settings, evaluations, approvals }, options),
    /** 报审 / 审定 / 退回 of a year (db/evaluation-year-steps.ts). */
    yearStep: (request: YearStepRequest) => takeYearStep({ knex, approvals, evaluations, settings }, request),
    /** 集中认定 (issue #13): rounds and applications, what an application keeps, its pre-checks as of now. */
    rounds: roundStore(knex),
    roundRecords: roundRecords(knex),
    roundPrechecks: roundPrecheckStore(knex),
  };
}
export type Stores = ReturnType<typeof createStores>;
