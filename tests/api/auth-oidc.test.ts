import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProviderStub } from "../helpers/oidc-provider-stub.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #11: 政务统一身份认证 — sign-in through an OIDC provider (a stub on a loopback port). */
const CLIENT_ID = "bjhtz-platform";
let t: TestApp;
let provider: Awaited<ReturnType<typeof startOidcProviderStub>>;
beforeAll(async () => {
  provider = await startOidcProviderStub(CLIENT_ID);
  t = await startTestApp({
    config: {
      oidc: {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        clientSecret: "stub-secret",
        redirectUrl: "http://127.0.0.1/api/auth/oidc/callback",
        roleClaim: "roles",
        roleMap: { "gov-district": "district", "kjw-staff": "reviewer" },
        parkClaim: "parks",
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** GET start, as the browser: the provider URL's parameters and the state cookie. */
async function start() {
  const response = await t.anonymous({ method: "GET", url: "/api/auth/oidc/start" });
  expect(response.statusCode, response.body).toBe(302);
  const location = new URL(String(response.headers.location));
  const cookie = response.cookies.find((entry) => entry.name === "bjhtz_oidc");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/auth/oidc" });
  return { location, params: location.searchParams, cookie: `bjhtz_oidc=${cookie?.value}` };
}

async function callback(query: string, cookie: string) {
  return t.anonymous({ method: "GET", url: `/api/auth/oidc/callback?${query}`, headers: { cookie } });
}

async function sessionCount() {
  const [{ n }] = await t.db.knex("sessions").count({ n: "*" });
  return Number(n);
}

describe("government single sign-on (OIDC)", () => {
  it("the sign-in page is told to offer it", async () => {
    const options = await t.anonymous({ method: "GET", url: "/api/auth/options" });
    expect(options.statusCode).toBe(200);
    expect(options.json()).toEqual({ password: true, oidc: true, oidcStartUrl: "/api/auth/oidc/start" });
  });

  it("start → provider → callback signs in: me names the new account with the mapped roles and claimed parks", async () => {
    const { location, params, cookie } = await start();
    expect(location.origin + location.pathname).toBe(`${provider.issuer}/authorize`);
    expect(params.get("client_id")).toBe(CLIENT_ID);
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("redirect_uri")).toBe("http://127.0.0.1/api/auth/oidc/callback");
    const state = params.get("state") as string;
    provider.grant("code-1", {
      codeChallenge: params.get("code_challenge") as string,
      claims: {
        sub: "gov-0001",
        name: "王 区政府",
        nonce: params.get("nonce"),
        roles: ["gov-district", "kjw-staff"],
        parks: [t.parkIds[0], 999_999],
      },
    });
    const answer = await callback(`code=code-1&state=${state}`, cookie);
    expect(answer.statusCode, answer.body).toBe(302);
    expect(answer.headers.location).toBe("/");
    const session = answer.cookies.find((entry) => entry.name === "bjhtz_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const me = await t.anonymous({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: `bjhtz_session=${session?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toMatchObject({
      name: "王 区政府",
      roles: ["district", "reviewer"],
      parkIds: [t.parkIds[0]],
    });
    expect(me.json().permissions).toContain("blocks.edit");
    const row = await t.db.knex("accounts").where({ oidc_subject: "gov-0001" }).first("id", "password_hash");
    expect(row?.password_hash).toBeNull();
    const audit = await t.db
      .knex("audit_events")
      .where({ action: "auth.login", entity_id: String(row?.id) })
      .first("actor_name", "after");
    expect(audit?.actor_name).toBe("王 区政府");
    const after = typeof audit?.after === "string" ? JSON.parse(audit.after) : audit?.after;
    expect(after?.method).toBe("oidc");
  });

  it("a second sign-in finds the same account by its subject and takes the provider's roles now", async () => {
    const { params, cookie } = await start();
    provider.grant("code-2", {
      codeChallenge: params.get("code_challenge") as string,
      claims: { sub: "gov-0001", nonce: params.get("nonce"), roles: "kjw-staff", parks: [] },
    });
    const before = await t.db.knex("accounts").where({ oidc_subject: "gov-0001" }).count({ n: "*" });
    const answer = await callback(`code=code-2&state=${params.get("state")}`, cookie);
    expect(answer.statusCode, answer.body).toBe(302);
    const rows = await t.db.knex("accounts").where({ oidc_subject: "gov-0001" }).select("id");
    expect(rows.length).toBe(Number(before[0].n));
    const roles = await t.db.knex("account_roles").where({ account_id: rows[0].id }).pluck("role");
    expect(roles).toEqual(["reviewer"]);
  });

  it("a state that is not the one this browser began → 400 and no session", async () => {
    const { params, cookie } = await start();
    provider.grant("code-3", {
      codeChallenge: params.get("code_challenge") as string,
      claims: { sub: "gov-0002", nonce: params.get("nonce"), roles: ["kjw-staff"] },
    });
    const sessions = await sessionCount();
    const wrong = await callback("code=code-3&state=not-the-state", cookie);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("oidc-state");
    const noCookie = await callback(`code=code-3&state=${params.get("state")}`, "");
    expect(noCookie.statusCode).toBe(400);
    const forgedCookie = await callback(`code=code-3&state=${params.get("state")}`, `${cookie}x`);
    expect(forgedCookie.statusCode).toBe(400);
    expect(wrong.cookies.some((entry) => entry.name === "bjhtz_session")).toBe(false);
    expect(await sessionCount()).toBe(sessions);
    expect(await t.db.knex("accounts").where({ oidc_subject: "gov-0002" }).first("id")).toBeUndefined();
  });

  it("an ID token not signed with the provider's key → 401 and no session", async () => {
    const { params, cookie } = await start();
    provider.grant("code-4", {
      forged: true,
      codeChallenge: params.get("code_challenge") as string,
      claims: { sub: "gov-0003", nonce: params.get("nonce"), roles: ["kjw-staff"] },
    });
    const sessions = await sessionCount();
    const answer = await callback(`code=code-4&state=${params.get("state")}`, cookie);
    expect(answer.statusCode, answer.body).toBe(401);
    expect(answer.json().error.code).toBe("oidc-failed");
    expect(answer.json().error.message).toMatch(/signature/i);
    expect(await sessionCount()).toBe(sessions);
  });

  it("a role claim the map does not know → 403 naming it, and no account", async () => {
    const { params, cookie } = await start();
    provider.grant("code-5", {
      codeChallenge: params.get("code_challenge") as string,
      claims: { sub: "gov-0004", nonce: params.get("nonce"), roles: ["kjw-staff", "gov-janitor"] },
    });
    const answer = await callback(`code=code-5&state=${params.get("state")}`, cookie);
    expect(answer.statusCode, answer.body).toBe(403);
    expect(answer.json().error).toMatchObject({
      code: "oidc-role-unknown",
      details: { unknown: ["gov-janitor"] },
    });
    expect(answer.json().error.message).toContain("gov-janitor");
    expect(await t.db.knex("accounts").where({ oidc_subject: "gov-0004" }).first("id")).toBeUndefined();
  });
});

describe("without OIDC_ISSUER", () => {
  it("the sign-in page offers only the password form, and the SSO routes are absent", async () => {
    const plain = await startTestApp();
    try {
      expect((await plain.anonymous({ method: "GET", url: "/api/auth/options" })).json().oidc).toBe(false);
      // Signed in (the harness's token), so the unknown route answers 404 rather than 401.
      const startRoute = await plain.app.inject({ method: "GET", url: "/api/auth/oidc/start" });
      expect(startRoute.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
