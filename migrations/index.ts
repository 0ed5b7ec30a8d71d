import type { Knex } from "knex";
import * as initial from "./20261129_01_initial.js";
import * as settings from "./20261129_02_settings.js";
import * as reductionProposals from "./20261129_03_reduction_proposals.js";
import * as evaluations from "./20261129_04_evaluations.js";
import * as imports from "./20261129_05_imports.js";
import * as zoneParts from "./20261129_06_zone_parts.js";
import * as blockVersionReason from "./20261201_01_block_version_reason.js";
import * as parkAreasAndRuns from "./20261201_02_park_areas_and_runs.js";
import * as rectifications from "./20261201_03_rectifications.js";
import * as scale from "./20261201_07_scale.js";
import * as compositionBaselines from "./20261201_08_composition_baselines.js";
import * as accounts from "./20261201_09_accounts.js";
import * as audit from "./20261201_10_audit.js";
import * as parkUnions from "./20261201_12_park_unions.js";
import * as rounds from "./20261201_13_rounds.js";
import * as evaluationApproval from "./20261201_14_evaluation_approval.js";
import * as filings from "./20261201_15_filings.js";
import * as jobs from "./20261201_16_jobs.js";
import * as workspace from "./20261201_18_workspace.js";
import * as tiles from "./20261201_19_tiles.js";
import * as tools from "./20261201_20_tools.js";
import * as evaluationNotices from "./20261201_21_evaluation_notices.js";
import * as recommendationReason from "./20261201_21_recommendation_reason.js";
import * as importUploads from "./20261201_23_import_uploads.js";
import * as labelPointMercator from "./20261202_03_label_point_mercator.js";
import * as rectificationReports from "./20261202_04_rectification_reports.js";
import * as jobFileChunks from "./20261203_20_job_file_chunks.js";
import * as importStaging from "./20261205_10_import_staging.js";

/**
 * A static migration list: knex's own loader uses native import(), which fails for .ts files under vitest
 * (STACK-NOTES.md). Append new migrations here, in order.
 */
const migrations: Record<string, Knex.Migration> = {
  "20261129_01_initial": initial,
  "20261129_02_settings": settings,
  "20261129_03_reduction_proposals": reductionProposals,
  "20261129_04_evaluations": evaluations,
  "20261129_05_imports": imports,
  "20261129_06_zone_parts": zoneParts,
  "20261201_01_block_version_reason": blockVersionReason,
  "20261201_02_park_areas_and_runs": parkAreasAndRuns,
  "20261201_03_rectifications": rectifications,
  "20261201_07_scale": scale,
  "20261201_08_composition_baselines": compositionBaselines,
  "20261201_09_accounts": accounts,
  "20261201_10_audit": audit,
  "20261201_12_park_unions": parkUnions,
  "20261201_20_tools": tools,
  "20261201_14_evaluation_approval": evaluationApproval,
  "20261201_18_workspace": workspace,
  "20261201_19_tiles": tiles,
  "20261201_16_jobs": jobs,
  "20261201_13_rounds": rounds,
  "20261201_15_filings": filings,
  "20261201_21_evaluation_notices": evaluationNotices,
  "20261201_21_recommendation_reason": recommendationReason,
  "20261201_23_import_uploads": importUploads,
  "20261202_03_label_point_mercator": labelPointMercator,
  "20261202_04_rectification_reports": rectificationReports,
  "20261203_20_job_file_chunks": jobFileChunks,
  "20261205_10_import_staging": importStaging,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
