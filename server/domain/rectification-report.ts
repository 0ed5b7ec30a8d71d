import type { RectificationOutcome } from "./rectification.js";

/**
 * 整改报告 — what a district reports on its rectification (《管理办法》第三部分 · 动态调整: "对排名后5%的区块责令整改"):
 * staff record the report's text, its date and who reported, on a rectification still open. Decision (DOMAIN.md
 * §4.3, "Nothing else leads to an exit decision"): a report changes no outcome and no status — pass or fail comes
 * only from the next year's flag run (rectification.ts); once judged, a record takes no more reports.
 */
export interface ReportInput {
  report: string;
  reportedOn: string;
  reporter: string;
}

export type ReportCheck =
  | { ok: true; value: ReportInput }
  | { ok: false; code: string; field: keyof ReportInput | "rectificationId"; message: string };

export const REPORT_MAX_CHARS = 4000;
export const REPORTER_MAX_CHARS = 200;

/** Checks a report against its record (outcome, the year ordered) and today's date (YYYY-MM-DD). */
export function checkRectificationReport(
  input: ReportInput,
  record: { outcome: RectificationOutcome; orderedYear: number },
  today: string,
): ReportCheck {
  if (record.outcome !== "open") {
    return {
      ok: false,
      code: "rectification-closed",
      field: "rectificationId",
      message: `The rectification was judged (${record.outcome}) by a flag run: it takes no more reports.`,
    };
  }
  const report = input.report.trim();
  const reporter = input.reporter.trim();
  const tooShortOrLong = lengthProblem({ report, reporter });
  if (tooShortOrLong) return tooShortOrLong;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.reportedOn);
  const time = date ? Date.parse(`${input.reportedOn}T00:00:00Z`) : Number.NaN;
  const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(input.reportedOn);
  if (!valid || Number(date?.[1]) < record.orderedYear || input.reportedOn > today) {
    return {
      ok: false,
      code: "bad-report-date",
      field: "reportedOn",
      message: `The report's date must be a day (YYYY-MM-DD) from ${record.orderedYear}, the year the rectification was ordered, to today: ${input.reportedOn}`,
    };
  }
  return { ok: true, value: { report, reporter, reportedOn: input.reportedOn } };
}

const LENGTHS = {
  report: { code: "bad-report", max: REPORT_MAX_CHARS, what: "The report" },
  reporter: { code: "bad-reporter", max: REPORTER_MAX_CHARS, what: "Who reported" },
} as const;

/** The first of the texts (trimmed) that is empty or too long, named. */
function lengthProblem(texts: { report: string; reporter: string }): ReportCheck | null {
  for (const field of ["report", "reporter"] as const) {
    const { code, max, what } = LENGTHS[field];
    if (texts[field].length === 0 || texts[field].length > max) {
      return { ok: false, code, field, message: `${what} must have 1 to ${max} characters.` };
    }
  }
  return null;
}
