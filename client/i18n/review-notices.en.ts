import type { reviewNoticesZhCN } from "./review-notices.zh-CN.js";

/** Notification of the approved evaluation results to the district governments (issue #13). */
export const reviewNoticesEn: typeof reviewNoticesZhCN = {
  notices: {
    title: "Notification to the district governments (通报)",
    state: (label: string) => `This year's evaluation: ${label}`,
    states: { draft: "Draft (草稿)", submitted: "Submitted (报审)", approved: "Approved (审定)" },
    notApproved: "The results are notified once the municipal government has approved them (审定).",
    start: "Generate the notification (XLSX and PDF per district, and a zip of all)",
    again: "Generate the notification again",
    none: "This year has not been notified yet.",
    notified: (at: string, by: string, count: number) => `Notified ${at} by ${by}, ${count} blocks`,
    reference: (reference: string) => `Following ${reference}`,
    district: "District",
    blocks: "Blocks",
    files: "Documents",
    ownOnly: "A district account sees and downloads its own district's notification only.",
    earlier: (count: number) => `${count} earlier notification(s) (the latest is in force)`,
  },
};
