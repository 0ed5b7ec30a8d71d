// Copies screenshots the browser tests wrote (test-results/screenshots/) over the committed ones in
// docs/screenshots/, so the docs change only when someone chooses to (review the images in the diff).
//   node scripts/refresh-screenshots.mjs            every screenshot already in docs/screenshots/
//   node scripts/refresh-screenshots.mjs map.png …  only these (a name not yet in docs/ is added)
// Run the browser tests first: npm run build && npx vitest run --project browser
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const from = path.join(root, "test-results/screenshots");
const to = path.join(root, "docs/screenshots");
mkdirSync(to, { recursive: true });
const names =
  process.argv.length > 2 ? process.argv.slice(2) : readdirSync(to).filter((name) => name.endsWith(".png"));
const missing = names.filter((name) => !existsSync(path.join(from, name)));
if (missing.length > 0) {
  console.error(`not in ${path.relative(root, from)}/ (run the browser tests first): ${missing.join(", ")}`);
  process.exit(1);
}
for (const name of names) copyFileSync(path.join(from, name), path.join(to, name));
console.log(`copied ${names.length} screenshots into ${path.relative(root, to)}/`);
