import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { databaseKind, FIGURES_DIR, type SuiteFigures } from "./suite-figures.js";

/**
 * Prints issue #15's closing table after a run that included hostile suites (tests/hostile/*.test.ts whose app
 * was started with startHostileApp): per suite the cases, endpoints, 5xx answers, the worst request in ms (after
 * the first, shown apart: a cold database's warm-up) and the peak RSS in MB, and a total row (cases summed,
 * endpoints as the union, worst and peak over all). The same table goes to
 * test-results/hostile-summary.<database>.md. Figures older than this run are ignored.
 */
const HOSTILE_DIR = path.resolve(import.meta.dirname);

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function summaryTable(all: SuiteFigures[]): string {
  const union = new Set(all.flatMap((figures) => figures.endpointNames));
  const worst = all.reduce((a, b) => (b.worstMs > a.worstMs ? b : a));
  const lines = [
    row([
      "suite",
      "cases",
      "endpoints",
      "5xx",
      "worst request ms",
      "worst request",
      "first request ms (cold)",
      "peak RSS MB",
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---", "---:", "---:"]),
    ...all.map((f) =>
      row([
        f.suite,
        f.cases,
        f.endpoints,
        f.fiveXx,
        f.cases < 2 ? "—" : Math.round(f.worstMs),
        f.worstRequest || "—",
        f.cases === 0 ? "—" : `${Math.round(f.firstMs)} (${f.firstRequest})`,
        Math.round(f.peakRssMb),
      ]),
    ),
    row([
      "**all**",
      all.reduce((n, f) => n + f.cases, 0),
      union.size,
      all.reduce((n, f) => n + f.fiveXx, 0),
      Math.round(worst.worstMs),
      `${worst.suite}: ${worst.worstRequest}`,
      Math.round(Math.max(...all.map((f) => f.firstMs))),
      Math.round(Math.max(...all.map((f) => f.peakRssMb))),
    ]),
  ];
  return lines.join("\n");
}

export default class HostileSummaryReporter implements Reporter {
  private startedAt = new Date().toISOString();

  onTestRunStart(): void {
    this.startedAt = new Date().toISOString();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const database = databaseKind();
    const all: SuiteFigures[] = [];
    for (const module of modules) {
      if (path.dirname(module.moduleId) !== HOSTILE_DIR) continue;
      const suite = path.basename(module.moduleId).replace(/\.test\.ts$/u, "");
      const file = path.join(FIGURES_DIR, `${suite}.${database}.json`);
      if (!existsSync(file)) continue;
      const figures = JSON.parse(readFileSync(file, "utf8")) as SuiteFigures;
      if (figures.finishedAt >= this.startedAt) all.push(figures);
    }
    if (all.length === 0) return;
    all.sort((a, b) => a.suite.localeCompare(b.suite));
    const table = summaryTable(all);
    writeFileSync(path.join(FIGURES_DIR, "..", `hostile-summary.${database}.md`), `${table}\n`);
    process.stdout.write(`\nHostile suites on ${database} (issue #15):\n${table}\n`);
  }
}
