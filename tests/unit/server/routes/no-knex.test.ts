import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Routes reach the database only through the stores of `createStores` (server/app-context.ts): no `knex`
 * import and no `db.knex` under server/routes/ (issue #10 item 2).
 */
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../../../server/routes");

/** Routes whose queries helper h7-scale is moving into stores (issue #10); remove each as it is done. */
const PENDING = new Set(["analysis.ts", "layers.ts", "tiles.ts"]);

describe("server/routes uses no knex", () => {
  it("has no knex import, no db.knex and no Knex type in any route file", async () => {
    const files = (await readdir(ROUTES_DIR, { recursive: true }))
      .map(String)
      .filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(15);
    const offending: string[] = [];
    for (const file of files.filter((name) => !PENDING.has(name))) {
      const lines = (await readFile(path.join(ROUTES_DIR, file), "utf8")).split("\n");
      lines.forEach((line, index) => {
        if (/\bknex\b/i.test(line)) offending.push(`server/routes/${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
