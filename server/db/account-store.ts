import type { Knex } from "knex";
import type { Account, Role } from "../auth/account.js";
import { preparedRaw } from "./prepared.js";

type Db = Knex | Knex.Transaction;

/** An account as loaded for a request: the account, and the union of its roles' permissions. */
export interface LoadedAccount {
  account: Account;
  permissions: string[];
}

export interface NewAccount {
  login: string;
  name: string;
  passwordHash: string | null;
  roles: Role[];
  parkIds: number[];
  /** Every park, those added later too (parkIds are then ignored). */
  allParks?: boolean;
  oidcSubject?: string;
}

export type AccountListed = Account & { active: boolean; allParks: boolean };

export interface RoleRow {
  role: string;
  name: string;
  nameEn: string;
  permissions: string[];
}

const ACCOUNT_COLUMNS = `a.id, a.login, a.name,
  coalesce((select json_agg(r.role order by r.role) from account_roles r where r.account_id = a.id), '[]') as roles,
  case when a.all_parks then coalesce((select json_agg(k.id order by k.id) from parks k), '[]')
    else coalesce((select json_agg(p.park_id order by p.park_id) from account_parks p where p.account_id = a.id),
    '[]') end as park_ids,
  coalesce((select json_agg(distinct permission.value) from account_roles ar join roles ro on ro.role = ar.role
    cross join lateral jsonb_array_elements_text(ro.permissions) permission where ar.account_id = a.id), '[]')
    as permissions`;

interface AccountRow {
  id: number;
  login: string;
  name: string;
  roles: Role[] | string;
  park_ids: number[] | string;
  permissions: string[] | string;
}

const json = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

function loaded(row: AccountRow): LoadedAccount {
  return {
    account: {
      id: row.id,
      login: row.login,
      name: row.name,
      roles: json(row.roles),
      parkIds: json(row.park_ids),
    },
    permissions: json(row.permissions),
  };
}

/** Accounts, their roles and parks, sessions and API tokens (migration 20261201_09_accounts). */
export function accountStore(knex: Knex) {
  async function load(id: number, db: Db = knex): Promise<LoadedAccount | undefined> {
    const { rows } = await db.raw(`select ${ACCOUNT_COLUMNS} from accounts a where a.id = ? and a.active`, [
      id,
    ]);
    return rows[0] ? loaded(rows[0]) : undefined;
  }

  async function list(db: Db = knex): Promise<AccountListed[]> {
    const { rows } = await db.raw(
      `select ${ACCOUNT_COLUMNS}, a.active, a.all_parks from accounts a order by a.id`,
    );
    return rows.map((row: AccountRow & { active: boolean; all_parks: boolean }) => ({
      ...loaded(row).account,
      active: row.active,
      allParks: row.all_parks,
    }));
  }

  async function credentials(login: string, db: Db = knex) {
    const row = await db("accounts").where({ login, active: true }).first("id", "password_hash");
    return row ? { id: row.id as number, passwordHash: row.password_hash as string | null } : undefined;
  }

  /** The account signed in through the OIDC provider as this subject (`sub`), active or not. */
  async function ofOidcSubject(subject: string, db: Db = knex) {
    const row = await db("accounts").where({ oidc_subject: subject }).first("id", "active");
    return row ? { id: row.id as number, active: row.active as boolean } : undefined;
  }

  /** Those of the ids that are parks (a provider's park claim may name parks the platform has not). */
  async function existingParkIds(ids: number[], db: Db = knex): Promise<number[]> {
    if (ids.length === 0) return [];
    return (await db("parks").whereIn("id", ids).orderBy("id").pluck("id")) as number[];
  }

  async function passwordHash(id: number, db: Db = knex): Promise<string | null | undefined> {
    const row = await db("accounts").where({ id }).first("password_hash");
    return row?.password_hash;
  }

  async function create(account: NewAccount, db: Db = knex): Promise<number> {
    const run = async (trx: Knex.Transaction) => {
      const [{ id }] = await trx("accounts")
        .insert({
          login: account.login,
          name: account.name,
          password_hash: account.passwordHash,
          oidc_subject: account.oidcSubject ?? null,
          all_parks: account.allParks ?? false,
          password_changed_at: account.passwordHash ? trx.fn.now() : null,
        })
        .returning("id");
      await setRolesAndParks(id, account.roles, account.allParks ? [] : account.parkIds, trx);
      return id as number;
    };
    return db.isTransaction ? run(db as Knex.Transaction) : knex.transaction(run);
  }

  async function setRolesAndParks(id: number, roles: Role[], parkIds: number[], trx: Knex.Transaction) {
    await trx("account_roles").where({ account_id: id }).delete();
    await trx("account_parks").where({ account_id: id }).delete();
    if (roles.length > 0) await trx("account_roles").insert(roles.map((role) => ({ account_id: id, role })));
    if (parkIds.length > 0) {
      await trx("account_parks").insert(parkIds.map((park_id) => ({ account_id: id, park_id })));
    }
  }

  /** Changes name, active flag and scope; roles and parks when given (one transaction). */
  async function update(
    id: number,
    change: { name?: string; active?: boolean; allParks?: boolean; roles?: Role[]; parkIds?: number[] },
    db: Db = knex,
  ): Promise<boolean> {
    const run = async (trx: Knex.Transaction) => {
      const row = await trx("accounts").where({ id }).first("id", "all_parks");
      if (!row) return false;
      const fields: Record<string, unknown> = {};
      if (change.name !== undefined) fields.name = change.name;
      if (change.active !== undefined) fields.active = change.active;
      if (change.allParks !== undefined) fields.all_parks = change.allParks;
      if (Object.keys(fields).length > 0) await trx("accounts").where({ id }).update(fields);
      if (change.roles !== undefined || change.parkIds !== undefined || change.allParks !== undefined) {
        const roles =
          change.roles ?? ((await trx("account_roles").where({ account_id: id }).pluck("role")) as Role[]);
        const allParks = change.allParks ?? row.all_parks;
        const keptParks = (await trx("account_parks").where({ account_id: id }).pluck("park_id")) as number[];
        await setRolesAndParks(id, roles, allParks ? [] : (change.parkIds ?? keptParks), trx);
      }
      if (change.active === false) await trx("sessions").where({ account_id: id }).delete();
      return true;
    };
    return db.isTransaction ? run(db as Knex.Transaction) : knex.transaction(run);
  }

  async function setPassword(id: number, hash: string, db: Db = knex): Promise<void> {
    await db("accounts").where({ id }).update({ password_hash: hash, password_changed_at: db.fn.now() });
  }

  async function count(db: Db = knex): Promise<number> {
    const [{ n }] = await db("accounts").count({ n: "*" });
    return Number(n);
  }

  // Sessions: the cookie holds a random token, the database its SHA-256 (a leaked table opens no session).
  async function createSession(
    accountId: number,
    idHash: string,
    csrfToken: string,
    expiresAt: Date,
    db: Db = knex,
  ): Promise<void> {
    await db("sessions").insert({
      id_hash: idHash,
      account_id: accountId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
    });
  }

  /**
   * The account of a live session and the session's CSRF token, in one statement (issue #16: every cookie
   * request asked for the session, then for the account: two round trips before its own work).
   */
  async function sessionAccount(idHash: string, db: Db = knex) {
    const { rows } = await preparedRaw(
      db,
      `select ${ACCOUNT_COLUMNS}, s.csrf_token from sessions s join accounts a on a.id = s.account_id
        where s.id_hash = ? and s.expires_at > now() and a.active`,
      [idHash],
    );
    const row = rows[0] as (AccountRow & { csrf_token: string }) | undefined;
    return row ? { ...loaded(row), csrfToken: row.csrf_token } : undefined;
  }

  async function endSession(idHash: string, db: Db = knex): Promise<void> {
    await db("sessions").where({ id_hash: idHash }).delete();
  }

  /** Ends every session of the account (but `keepIdHash`, the one that asked). */
  async function endSessionsOf(accountId: number, keepIdHash?: string, db: Db = knex): Promise<void> {
    const query = db("sessions").where({ account_id: accountId });
    if (keepIdHash) query.whereNot({ id_hash: keepIdHash });
    await query.delete();
  }

  // API tokens: stored as SHA-256, shown once when created.
  async function createToken(accountId: number, label: string, tokenHash: string, db: Db = knex) {
    const [row] = await db("api_tokens")
      .insert({ account_id: accountId, label, token_hash: tokenHash })
      .returning(["id", "label", "created_at"]);
    return {
      id: row.id as number,
      label: row.label as string,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** The account of a live (unrevoked, unexpired) API token, in one statement (as sessionAccount). */
  async function tokenAccount(tokenHash: string, db: Db = knex): Promise<LoadedAccount | undefined> {
    const { rows } = await preparedRaw(
      db,
      `select ${ACCOUNT_COLUMNS} from api_tokens t join accounts a on a.id = t.account_id
        where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
          and a.active`,
      [tokenHash],
    );
    return rows[0] ? loaded(rows[0] as AccountRow) : undefined;
  }

  async function tokensOf(accountId: number, db: Db = knex) {
    const rows = await db("api_tokens")
      .where({ account_id: accountId })
      .whereNull("revoked_at")
      .orderBy("id")
      .select("id", "label", "created_at");
    return rows.map((row) => ({
      id: row.id as number,
      label: row.label as string,
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  async function revokeToken(accountId: number, id: number, db: Db = knex): Promise<boolean> {
    const changed = await db("api_tokens")
      .where({ id, account_id: accountId })
      .whereNull("revoked_at")
      .update({ revoked_at: db.fn.now() });
    return Number(changed) > 0;
  }

  /** The parks the given blocks belong to (a scoped write over blocks, e.g. indicator rows). */
  async function parksOfBlocks(blockIds: number[], db: Db = knex): Promise<number[]> {
    if (blockIds.length === 0) return [];
    const rows = await db("blocks").whereIn("id", blockIds).distinct("park_id");
    return rows.map((row) => row.park_id as number);
  }

  // Roles: the permission matrix as data.
  async function roles(db: Db = knex): Promise<RoleRow[]> {
    const rows = await db("roles").orderBy("role").select("role", "name", "name_en", "permissions");
    return rows.map((row) => ({
      role: row.role,
      name: row.name,
      nameEn: row.name_en,
      permissions: json(row.permissions),
    }));
  }

  async function setRolePermissions(role: string, permissions: string[], db: Db = knex): Promise<boolean> {
    const changed = await db("roles")
      .where({ role })
      .update({ permissions: JSON.stringify(permissions) });
    return Number(changed) > 0;
  }

  return {
    load,
    list,
    credentials,
    passwordHash,
    ofOidcSubject,
    existingParkIds,
    create,
    setRolesAndParks,
    update,
    setPassword,
    count,
    createSession,
    sessionAccount,
    endSession,
    endSessionsOf,
    createToken,
    tokenAccount,
    tokensOf,
    revokeToken,
    parksOfBlocks,
    roles,
    setRolePermissions,
  };
}
export type AccountStore = ReturnType<typeof accountStore>;
