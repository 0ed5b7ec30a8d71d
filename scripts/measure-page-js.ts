/**
 * The JavaScript the first page (sign-in) and the workspace load, raw and gzip bytes (issue #18: "the first page
 * loads only what it shows"), read from a built client (`npm run build` → dist/client):
 * - sign-in page: the module script and the modulepreload links of index.html (what the browser fetches before
 *   any dynamic import; tests/browser/first-page-bundle.test.ts checks this against the network log);
 * - workspace: those plus the lazily loaded workspace chunk (app-*.js) and its static imports, closed over.
 * Views the workspace loads on use (drawing, review views) are counted in neither.
 *
 *   npx tsx scripts/measure-page-js.ts [--baseline <other built client folder>]
 *
 * With --baseline the same figures for that folder (e.g. a build of the previous commit) are measured in the
 * same run and the ratios printed. gzip is zlib's default level, as @fastify/compress sends it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface PageBytes {
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

const STATIC_IMPORT = /(?:from|import)\s*"\.\/([\w.-]+\.js)"/g;

function entryFiles(clientDir: string): string[] {
  const html = readFileSync(path.join(clientDir, "index.html"), "utf8");
  const tags = [
    ...html.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/assets\/([^"]+\.js)"/g,
    ),
  ];
  return tags.map((match) => match[1]);
}

/** The files and every file they import statically (rolldown's chunks import each other as "./name.js"). */
function closure(assetsDir: string, start: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(assetsDir, file), "utf8");
    for (const match of code.matchAll(STATIC_IMPORT)) queue.push(match[1]);
  }
  return [...seen].sort();
}

function bytesOf(assetsDir: string, files: string[]): PageBytes {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(path.join(assetsDir, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  return { files, rawBytes, gzipBytes };
}

export function measurePages(clientDir: string): { signIn: PageBytes; workspace: PageBytes } {
  const assetsDir = path.join(clientDir, "assets");
  const signInFiles = closure(assetsDir, entryFiles(clientDir));
  const appChunks = readdirSync(assetsDir).filter((file) => /^app-[\w-]+\.js$/.test(file));
  const workspaceFiles = closure(assetsDir, [...signInFiles, ...appChunks]);
  return { signIn: bytesOf(assetsDir, signInFiles), workspace: bytesOf(assetsDir, workspaceFiles) };
}

const bytes = (value: number) => `${value.toLocaleString("en-US")} B`;

function main() {
  const args = process.argv.slice(2);
  const baselineAt = args.indexOf("--baseline");
  const measured = measurePages(path.resolve("dist/client"));
  const baseline = baselineAt >= 0 ? measurePages(path.resolve(args[baselineAt + 1])) : null;
  const rows: Record<string, string>[] = [];
  for (const page of ["signIn", "workspace"] as const) {
    const now = measured[page];
    const before = baseline?.[page];
    rows.push({
      page,
      files: String(now.files.length),
      raw: bytes(now.rawBytes),
      gzip: bytes(now.gzipBytes),
      "baseline raw": before ? bytes(before.rawBytes) : "—",
      "baseline gzip": before ? bytes(before.gzipBytes) : "—",
      "gzip ratio": before ? `${(now.gzipBytes / before.gzipBytes).toFixed(2)}×` : "—",
    });
  }
  console.table(rows);
  console.log("sign-in page files:", measured.signIn.files.join(", "));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
