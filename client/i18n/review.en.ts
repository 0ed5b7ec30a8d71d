import type { ReviewMessages } from "./review.zh-CN.js";
import { reviewAuditEn } from "./review-audit.en.js";
import { reviewBlockEn } from "./review-block.en.js";
import { reviewEvaluationEn } from "./review-evaluation.en.js";
import { reviewExitEn } from "./review-exit.en.js";
import { reviewFilesEn } from "./review-files.en.js";
import { reviewJobsEn } from "./review-jobs.en.js";
import { reviewNoticesEn } from "./review-notices.en.js";
import { reviewReportEn } from "./review-report.en.js";
import { reviewYearEn } from "./review-year.en.js";

/** English — the review, reduction, evaluation, site-check and import/export views (GLOSSARY.md terms). */
export const reviewEn: ReviewMessages = {
  tabs: {
    overlaps: "Overlaps",
    share: "Share of sub-park",
    evaluation: "Evaluation",
    exit: "Exit / reduce",
  },
  problems: {
    network: "Cannot reach the server: check the network and try again.",
    "rectification-closed": "A flag run has judged this rectification: it takes no more reports.",
    "bad-report": "Write what was rectified (1–4000 characters).",
    "bad-report-date": "The report's date must be between the year the rectification was ordered and today.",
    "bad-reporter": "Name who reported (1–200 characters).",
    "version-conflict": "Someone else changed the block: reload it, then try again.",
    "proposal-stale": "The proposal was computed from an older version of the block: compute a new one.",
    "proposal-applied": "This proposal was applied already.",
    "no-reduction": "This rule does not reduce the block.",
    "reduction-failed": "No reduced boundary meets the checks: try another strategy or other settings.",
    "not-the-rule": "By the Measures (part 3 · exit method) this block is reduced, not eliminated.",
    "not-applicable": "National blocks are not subject to dynamic adjustment (the Measures, part 3).",
    "bad-reduction-request": "The reduction settings are not valid.",
    "block-ended": "This block has ended.",
    "job-failed": "The background job failed:",
    interrupted: "A server stopped while the job ran; it wrote nothing: do it again.",
    "no-importable-features": "No feature of the file can become a block: see the report.",
    "file-too-large": "The file is larger than the upload limit.",
    "too-many-features": "The file has too many features: import it in parts.",
    "legacy-crs": "The file is in Beijing 1954 or Xian 1980: convert it to CGCS2000 first.",
    "unknown-crs": "The coordinate system cannot be recognised: choose the source system.",
    "unsupported-crs": "This coordinate system is not supported: convert the file to CGCS2000 first.",
    "crs-mismatch": "The declared coordinate system does not fit the numbers: choose the source system.",
    "gcj02-needs-lonlat": "The GCJ-02 correction applies to lon/lat coordinates only.",
    "missing-fields": "Some features lack a name, sub-park or level: map a field or set defaults.",
    "duplicate-codes": "Block codes repeat: change the file or do not map the code field.",
    "import-committed": "This import was committed already.",
    "unknown-park": "The sub-park does not exist.",
    "bad-mapping": "The field mapping is not valid.",
    "bad-upload": "The uploaded file cannot be read.",
    "invalid-geometry": "The geometry is not valid.",
  },
  common: {
    loading: "Loading…",
    failed: (message: string) => `Could not load: ${message}`,
    close: "Close",
    km2: "km²",
    hectares: "ha",
    unavailable: "The service for this view is not available yet.",
  },
  ...reviewBlockEn,
  ...reviewExitEn,
  toolbar: {
    park: "Sub-parks",
    composition: "Composition",
    ranking: "Ranking",
    overlaps: "Overlap report",
    "site-check": "Site check",
    import: "Import",
    export: "Export",
    audit: "Audit trail",
    jobs: "Jobs",
    rounds: "Recognition round",
    "evaluation-year": "Evaluation year",
  },
  views: {
    park: "Sub-park view",
    composition: "Spatial composition",
    ranking: "Evaluation ranking",
    overlaps: "Overlap report (all blocks)",
    siteCheck: "Site check",
    import: "Import",
    export: "Export",
    audit: "Audit trail",
    jobs: "My jobs",
    year: "Year",
    rounds: "Annual recognition round",
    evaluationYear: "The year's comprehensive evaluation",
  },
  ...reviewEvaluationEn,
  ...reviewFilesEn,
  ...reviewJobsEn,
  ...reviewNoticesEn,
  ...reviewReportEn,
  ...reviewAuditEn,
  ...reviewYearEn,
};
