import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Stores } from "../app-context.js";
import { ROLES, type Role } from "./account.js";
import { hashPassword, randomPassword } from "./secrets.js";

/** The demo district account's parks (示意): 海淀园 and 昌平园. */
const DEMO_DISTRICT_PARKS = ["haidian", "changping"];

export interface DemoAccount {
  login: string;
  password: string;
  role: Role;
  parks: string;
}

/**
 * First start of the embedded demo (issue #11): one account per role (示意), each with a random password,
 * written to DATA_DIR/demo-accounts.txt (and printed once by main.ts). Only when no account exists; never
 * on a PostgreSQL server (its first admin comes from scripts/create-user.ts).
 */
/** The demo accounts' names: the Measures' actors (示意), as history and the header show them. */
const DEMO_NAMES: Record<Role, string> = {
  district: "示意 区人民政府",
  reviewer: "示意 市科委联审",
  lead: "示意 市科委、中关村管委会",
  approver: "示意 市政府批复登记",
  admin: "示意 平台运维",
  viewer: "示意 查看账户",
};

export async function createDemoAccounts(
  stores: Stores,
  dataDir: string,
): Promise<DemoAccount[] | undefined> {
  if ((await stores.accounts.count()) > 0) return undefined;
  const parks = await stores.parks.list();
  const districtParks = parks.filter((park) => DEMO_DISTRICT_PARKS.includes(park.code));
  const created: DemoAccount[] = [];
  for (const role of ROLES) {
    const password = randomPassword();
    const scoped = role === "district";
    await stores.accounts.create({
      login: `demo-${role}`,
      name: DEMO_NAMES[role],
      passwordHash: await hashPassword(password),
      roles: [role],
      parkIds: scoped ? districtParks.map((park) => park.id) : [],
      allParks: !scoped,
    });
    const parkNames = scoped ? districtParks.map((park) => park.name).join("、") : "all parks";
    created.push({ login: `demo-${role}`, password, role, parks: parkNames });
  }
  const lines = [
    "Demo accounts (示意) of the embedded database, created on its first start. Change or remove them before",
    "real use (POST /api/auth/password; /api/users).",
    "",
    ...created.map((account) => `${account.login}\t${account.password}\t${account.role}\t${account.parks}`),
    "",
  ];
  if (!dataDir.startsWith("memory://")) {
    await writeFile(demoAccountsFile(dataDir), lines.join("\n"), { mode: 0o600 });
  }
  return created;
}

export function demoAccountsFile(dataDir: string): string {
  return path.join(dataDir, "demo-accounts.txt");
}
