/**
 * Creates an account (issue #11): on a PostgreSQL server this is how the first admin is made (no default
 * passwords there). Prints a generated password once unless --password-stdin gives one.
 *
 *   npx tsx scripts/create-user.ts --login admin --name "平台管理员" --role admin [--role lead]
 *     [--park haidian --park changping | (default) all parks] [--password-stdin] [--token label]
 *
 * Uses the configured database (DATABASE_URL, or the embedded one in DATA_DIR), migrating it first.
 */
import { parseArgs } from "node:util";
import { isRole } from "../server/auth/account.js";
import {
  hashPassword,
  PASSWORD_MIN_LENGTH,
  randomPassword,
  randomSecret,
  secretHash,
} from "../server/auth/secrets.js";
import { readConfig } from "../server/config.js";
import { accountStore } from "../server/db/account-store.js";
import { openDatabase } from "../server/db/connect.js";
import { migrateToLatest } from "../server/db/migrate.js";
import { parkStore } from "../server/db/park-store.js";

const { values: options } = parseArgs({
  options: {
    login: { type: "string" },
    name: { type: "string" },
    role: { type: "string", multiple: true, default: [] },
    park: { type: "string", multiple: true, default: [] },
    "password-stdin": { type: "boolean", default: false },
    token: { type: "string" },
  },
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

async function main(): Promise<void> {
  const { login, name } = options;
  const roles = options.role ?? [];
  if (!login || !name || roles.length === 0) {
    throw new Error(
      'Usage: npx tsx scripts/create-user.ts --login admin --name "平台管理员" --role admin [--park code]',
    );
  }
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`Unknown role(s): ${unknown.join(", ")}`);
  const password = options["password-stdin"] ? await readStdin() : randomPassword();
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new Error(`The password needs ${PASSWORD_MIN_LENGTH}+ characters.`);
  const config = readConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db.knex);
    const parks = await parkStore(db.knex).list();
    const codes = options.park ?? [];
    const chosen = parks.filter((park) => codes.includes(park.code) || codes.includes(park.name));
    if (chosen.length !== codes.length) throw new Error(`Unknown park(s) among: ${codes.join(", ")}`);
    const accounts = accountStore(db.knex);
    const id = await accounts.create({
      login,
      name,
      passwordHash: await hashPassword(password),
      roles: roles.filter(isRole),
      parkIds: chosen.map((park) => park.id),
      allParks: codes.length === 0,
    });
    console.log(
      `Account ${id} ${login} (${roles.join(", ")}; ${codes.length ? codes.join(", ") : "all parks"})`,
    );
    if (!options["password-stdin"]) console.log(`Password (shown once): ${password}`);
    if (options.token) {
      const token = randomSecret();
      await accounts.createToken(id, options.token, secretHash(token));
      console.log(`API token "${options.token}" (shown once): ${token}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
