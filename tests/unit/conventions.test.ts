import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The unit project has no database set-up (vitest.config.ts): a test under tests/unit that opened a database,
 * started the app or a browser would fail for the wrong reason, or hang. Such tests belong in the api or
 * browser project; this keeps the boundary visible.
 */
const UNIT_DIR = import.meta.dirname;
const FORBIDDEN = [
  /\/server\/db\//,
  /helpers\/test-app/,
  /helpers\/database-template/,
  /playwright/,
  /helpers\/browser/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

describe("tests/unit stays pure", () => {
  it("imports no database, app or browser code", () => {
    const files = testFiles(UNIT_DIR).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((file) => {
      const imports = readFileSync(file, "utf8").match(/from\s+"[^"]+"/g) ?? [];
      return imports
        .filter((line) => FORBIDDEN.some((pattern) => pattern.test(line)))
        .map((line) => `${path.relative(UNIT_DIR, file)}: ${line}`);
    });
    expect(offending).toEqual([]);
  });
});
