import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../server/db/connect.js";

/**
 * Many kill -9 rounds over one PGlite folder (tests/jobs/embedded-durability.test.ts runs two): each round
 * starts tests/jobs/durability-child.ts, kills it with SIGKILL after a random 1–40 reported commits, and every
 * third round the folder is opened to count each round's marker rows against the commits it reported.
 * `ROUNDS=9 SNAPSHOT=<a PGlite tar, e.g. the test template> [PGLITE_WORKER=0] npx tsx scripts/pglite-kill-rounds.ts`
 */
const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "kill-rounds-")), "pglite");
const rounds = Number(process.env.ROUNDS ?? 9);
const reported: number[] = [];
let lost = 0;

function round(r: number, k: number): Promise<{ commits: number; commitsPerS: number; openMs: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/jobs/durability-child.ts"], {
    env: { ...process.env, DATA_DIR: dataDir, MARKER: `round-${r}`, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const startedAt = performance.now();
  let readyAt = 0;
  let text = "";
  return new Promise((resolve) => {
    child.stdout.on("data", (data: Buffer) => {
      text += data.toString();
      if (!readyAt && text.includes("ready")) readyAt = performance.now();
      if ((text.match(/committed /g) ?? []).length >= k) child.kill("SIGKILL");
    });
    child.once("exit", () => {
      const commits = (text.match(/committed \d+\n/g) ?? []).length;
      const commitsPerS = commits / ((performance.now() - readyAt) / 1000);
      resolve({ commits, commitsPerS, openMs: readyAt - startedAt });
    });
  });
}

for (let r = 0; r < rounds; r++) {
  const { commits, commitsPerS, openMs } = await round(r, 1 + Math.floor(Math.random() * 40));
  reported.push(commits);
  console.log(
    `round ${r}: ${commits} commits reported (${commitsPerS.toFixed(1)}/s, opened in ${openMs.toFixed(0)} ms)`,
  );
  if (r % 3 !== 2 && r !== rounds - 1) continue;
  const db = await openDatabase({ databaseUrl: undefined, dataDir });
  for (let q = r - (r % 3); q <= r; q++) {
    const rows = await db
      .knex("durability_markers")
      .where({ marker: `round-${q}` })
      .count({ n: "*" });
    const present = Number(rows[0].n);
    if (present < reported[q]) lost++;
    console.log(`  round ${q}: ${present} rows present ${present < reported[q] ? "LOST" : "ok"}`);
  }
  await db.close();
}
console.log(`${lost} of ${rounds} rounds lost a reported commit`);
