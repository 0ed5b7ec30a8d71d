import type { ReviewJobsMessages } from "./review-jobs.zh-CN.js";

/** Background jobs and the catalogue package (issue #14, #18 item 6). */
export const reviewJobsEn: ReviewJobsMessages = {
  jobs: {
    title: "My jobs",
    loading: "Reading jobs…",
    none: "No jobs yet. Long tasks (catalogue package, overlap report) show their progress and downloads here.",
    states: {
      queued: "Queued",
      running: "Running",
      succeeded: "Done",
      failed: "Failed",
      cancelled: "Cancelled",
    },
    stages: {
      queued: "waiting to start",
      reading: "reading blocks",
      boundaries: "working out the four boundaries",
      maps: "drawing block maps",
      zipping: "zipping",
      documents: "district documents",
      deciding: "deciding each block's exit",
      saving: "saving the proposals",
      storing: "saving the preview",
      "reading-file": "reading the file",
      checking: "checking the features",
      overlaps: "finding overlaps with existing blocks",
      creating: "creating the blocks",
      writing: "writing the file",
      done: "done",
      cancelled: "cancelled",
    },
    kinds: {
      "catalogue-package": "Catalogue submission package",
      "overlap-report": "Overlap report",
      "evaluation-notice": "Evaluation results notification",
      "exit-batch": "Exit batch",
      "exit-batch-preview": "Exit batch (preview only)",
      "import-preview": "Import preview",
      "import-commit": "Import",
      "block-export": "Block export",
    },
    counts: (done: number, total: number) => `${done} / ${total} blocks`,
    /** Stages that count the file's features, not blocks. */
    featureCounts: (done: number, total: number) => `${done} / ${total} features`,
    cancel: "Cancel job",
    download: (name: string, bytes: number) => `Download ${name} (${(bytes / 1024 / 1024).toFixed(1)} MB)`,
    expired: "The result has expired: make it again.",
    interrupted: "A server stopped while this job ran: it was started over or failed (see the reason).",
    catalogue: {
      title: "Catalogue submission package",
      which: "Which blocks",
      scopes: {
        "in-force": "Every block in force (default; no candidates or applications)",
        park: "The blocks in force of the selected block's sub-park",
        selection: "The selected block",
      },
      encoding: "Text encoding",
      gbkHint: "what submission and survey tools expect",
      start: "Make the package",
    },
  },
};
