import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Routes reach the database only through the stores of `createStores` (server/app-context.ts): no `knex`
 * import and no `db.knex` under server/routes/ (issue #10 item 2).
 */
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../../../server/routes");

/** Each line of a source file that names knex (an import, `db.knex`, the `Knex` type), as `file:line: text`. */
function knexUses(file: string, source: string): string[] {
  return source
    .split("\n")
    .flatMap((line, index) => (/\bknex\b/i.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
}

describe("server/routes uses no knex", () => {
  it("finds an import, db.knex and the Knex type, and not words that merely contain it", () => {
    const source = [
      'import type { Knex } from "knex";',
      "const stores = createStores(db);",
      "  const rows = await db.knex('blocks');",
      "const knexish = 1;",
    ].join("\n");
    expect(knexUses("x.ts", source)).toEqual([
      'x.ts:1: import type { Knex } from "knex";',
      "x.ts:3: const rows = await db.knex('blocks');",
    ]);
  });

  it("has no knex import, no db.knex and no Knex type in any route file", async () => {
    const files = (await readdir(ROUTES_DIR, { recursive: true }))
      .map(String)
      .filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(15);
    const offending: string[] = [];
    for (const file of files) {
      offending.push(
        ...knexUses(`server/routes/${file}`, await readFile(path.join(ROUTES_DIR, file), "utf8")),
      );
    }
    expect(offending).toEqual([]);
  });
});
