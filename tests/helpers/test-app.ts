import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../../server/app.js";
import { type Account, ROLES, type Role } from "../../server/auth/account.js";
import { hashPassword, randomPassword, randomSecret, secretHash } from "../../server/auth/secrets.js";
import { type Config, readConfig } from "../../server/config.js";
import { accountStore } from "../../server/db/account-store.js";
import type { Database } from "../../server/db/connect.js";
import { openTestDatabase } from "./database-template.js";

/** A signed-in identity for tests: its account and the headers that authenticate as it (an API token). */
export interface TestClient {
  account: Account;
  headers: { authorization: string };
  /** `app.inject` as this account (headers given in `options` are added). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Node's fetch as this account (browser tests' set-up over a listening app). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export interface ClientSpec {
  roles: Role[];
  /** The account's park scope; default: every park (also parks a test adds later). */
  parkIds?: number[];
  name?: string;
  /** Also give it a password (for a browser sign-in). */
  password?: boolean;
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  /** The default identity: every role, every park. `app.inject` sends its token unless a test sends its own. */
  admin: TestClient;
  /** Every park id of the test database. */
  parkIds: number[];
  /** Another account (and its token), e.g. a district scoped to one park. */
  clientFor(spec: ClientSpec): Promise<TestClient & { login: string; password?: string }>;
  /** Headers of an all-permissions account with this name (cached): for tests of who history records. */
  actorHeaders(name: string): Promise<{ authorization: string }>;
  /** `app.inject` with no credentials at all. */
  anonymous(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** What browser tests sign in as (lead + district, every park). */
  browserLogin: { login: string; password: string };
  close(): Promise<void>;
}

export interface StartOptions {
  /** "anonymous": `app.inject` sends no credentials by default. */
  auth?: "all-permissions" | "anonymous";
  /** Settings over the test defaults (e.g. a low `loginAttemptsPerMinute` for the rate-limit test). */
  config?: Partial<Config>;
  /** Runs on the built app before `ready()` (to add a hook of the test's own). */
  beforeReady?: (app: FastifyInstance) => void;
}

/** What openMapPage signs in with, and testFetch sends: the last app started in this test file (one per file). */
let lastBrowserLogin: { login: string; password: string } | undefined;
let lastAdmin: TestClient | undefined;

/** Node's fetch as the all-permissions test account of the last started app (browser tests' set-up). */
export function testFetch(url: string, init?: RequestInit): Promise<Response> {
  if (!lastAdmin) throw new Error("startTestApp() first: it creates the test account");
  return lastAdmin.fetch(url, init);
}
export function defaultBrowserLogin(): { login: string; password: string } {
  if (!lastBrowserLogin) throw new Error("startTestApp() first: it creates the browser test account");
  return lastBrowserLogin;
}

/**
 * The real app over a fresh copy of the test database (one per test file: `beforeAll`), with a test account
 * holding every role and every park; `app.inject` authenticates as it (a Bearer API token, so no CSRF token
 * is needed) unless the request carries its own `authorization` or `cookie` header.
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openTestDatabase(databaseUrl, inject("databaseTemplate"));
  // Browser tests sign in once per page: the sign-in rate limit is tested on its own (auth-hardening.test.ts).
  const config: Config = {
    ...readConfig({}),
    databaseUrl,
    bodyLimitBytes: 2 * 1024 * 1024,
    loginAttemptsPerMinute: 10_000,
    ...options.config,
  };
  const app = await buildApp({ config, db, logger: false });
  options.beforeReady?.(app);
  await app.ready();
  const accounts = accountStore(db.knex);
  const parkIds = (await db.knex("parks").orderBy("id").pluck("id")) as number[];
  const original = app.inject.bind(app);
  let serial = 0;

  async function clientFor(spec: ClientSpec) {
    serial += 1;
    const login = `test-${spec.roles.join("-") || "none"}-${serial}`;
    const password = spec.password ? randomPassword() : undefined;
    const id = await accounts.create({
      login,
      name: spec.name ?? `测试 ${spec.roles.join("+") || "no role"} ${serial}`,
      passwordHash: password ? await hashPassword(password) : null,
      roles: spec.roles,
      parkIds: spec.parkIds ?? [],
      allParks: spec.parkIds === undefined,
    });
    const token = randomSecret();
    await accounts.createToken(id, "test", secretHash(token));
    const loaded = await accounts.load(id);
    if (!loaded) throw new Error(`test account ${login} did not load`);
    const headers = { authorization: `Bearer ${token}` };
    return {
      login,
      password,
      account: loaded.account,
      headers,
      inject: (request: InjectOptions): Promise<LightMyRequestResponse> =>
        original({ ...request, headers: { ...(request.headers ?? {}), ...headers } }),
      fetch: (url: string, init: RequestInit = {}) =>
        fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } }),
    };
  }

  const admin = await clientFor({ roles: [...ROLES], name: "测试账户 (all roles)" });
  const browser = await clientFor({ roles: ["lead", "district"], name: "测试 浏览器", password: true });
  const browserLogin = { login: browser.login, password: browser.password as string };
  lastBrowserLogin = browserLogin;
  lastAdmin = admin;
  if (options.auth !== "anonymous") {
    const withDefaultAuth = (request: InjectOptions | string): InjectOptions | string => {
      const options = typeof request === "string" ? { url: request } : request;
      const headers = options.headers ?? {};
      if ("authorization" in headers || "cookie" in headers) return options;
      return { ...options, headers: { ...headers, ...admin.headers } };
    };
    app.inject = ((request?: InjectOptions | string, callback?: unknown) =>
      request === undefined
        ? original()
        : (original as (r: unknown, c?: unknown) => unknown)(
            withDefaultAuth(request),
            callback,
          )) as typeof app.inject;
  }
  const actors = new Map<string, Promise<TestClient>>();
  const actorHeaders = async (name: string) => {
    if (!actors.has(name)) actors.set(name, clientFor({ roles: [...ROLES], name }));
    return (await (actors.get(name) as Promise<TestClient>)).headers;
  };
  return {
    app,
    db,
    admin,
    actorHeaders,
    parkIds,
    clientFor,
    anonymous: (request): Promise<LightMyRequestResponse> => original(request),
    browserLogin,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
