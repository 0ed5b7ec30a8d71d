import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #11: sign-in, the session cookie, CSRF on cookie writes, expiry, sign-out, password change. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

function cookiesOf(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

async function signIn(login: string, password: string) {
  const response = await t.anonymous({
    method: "POST",
    url: "/api/auth/login",
    payload: { login, password },
  });
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: cookiesOf(response), csrfToken: response.json().csrfToken as string, response };
}

const SETTINGS_CHANGE = {
  method: "PUT" as const,
  url: "/api/settings",
  payload: { bottomShareRounding: "ceil" },
};

describe("sign-in", () => {
  it("sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie; me names the account", async () => {
    const user = await t.clientFor({ roles: ["lead"], name: "李 领导", password: true });
    const { response, cookie } = await signIn(user.login, user.password as string);
    const session = response.cookies.find((entry) => entry.name === "bjhtz_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session?.secure).toBeFalsy(); // plain HTTP here; Secure over HTTPS
    const csrf = response.cookies.find((entry) => entry.name === "bjhtz_csrf");
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value).toBe(response.json().csrfToken);
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toMatchObject({ login: user.login, name: "李 领导", roles: ["lead"] });
    expect(me.json().permissions).toContain("settings.edit");
    expect(me.json().permissions).not.toContain("blocks.edit");
  });

  it("refuses a wrong password and an unknown login alike (401 invalid-credentials), and keeps no session", async () => {
    const user = await t.clientFor({ roles: ["viewer"], password: true });
    const before = await t.db.knex("sessions").count({ n: "*" });
    for (const payload of [
      { login: user.login, password: "wrong-password" },
      { login: "nobody-here", password: "whatever-it-is" },
    ]) {
      const response = await t.anonymous({ method: "POST", url: "/api/auth/login", payload });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe("invalid-credentials");
      expect(response.cookies).toEqual([]);
    }
    expect(await t.db.knex("sessions").count({ n: "*" })).toEqual(before);
  });

  it("answers 401 without a session or token, and with a token that does not exist", async () => {
    expect((await t.anonymous({ method: "GET", url: "/api/blocks" })).statusCode).toBe(401);
    expect((await t.anonymous({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    const forged = await t.app.inject({
      method: "GET",
      url: "/api/blocks",
      headers: { authorization: "Bearer forged" },
    });
    expect(forged.statusCode).toBe(401);
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  it("refuses a cookie write without the token or with another session's token (403), and changes nothing", async () => {
    const user = await t.clientFor({ roles: ["lead"], password: true });
    const other = await t.clientFor({ roles: ["lead"], password: true });
    const mine = await signIn(user.login, user.password as string);
    const theirs = await signIn(other.login, other.password as string);
    const before = await t.db.knex("settings_versions").count({ n: "*" });
    for (const headers of [
      { cookie: mine.cookie },
      { cookie: mine.cookie, "x-csrf-token": theirs.csrfToken },
    ]) {
      const response = await t.app.inject({ ...SETTINGS_CHANGE, headers });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe("csrf-token-missing");
    }
    expect(await t.db.knex("settings_versions").count({ n: "*" })).toEqual(before);
    const allowed = await t.app.inject({
      ...SETTINGS_CHANGE,
      headers: { cookie: mine.cookie, "x-csrf-token": mine.csrfToken },
    });
    expect(allowed.statusCode).toBe(200);
    const [latest] = await t.db.knex("settings_versions").orderBy("id", "desc").limit(1).select("changed_by");
    expect(latest.changed_by).toBe(user.account.name);
  });
});

describe("session end", () => {
  it("an expired session is no session (401), and sign-out ends the session in the database", async () => {
    const user = await t.clientFor({ roles: ["viewer"], password: true });
    const first = await signIn(user.login, user.password as string);
    await t.db
      .knex("sessions")
      .where({ account_id: user.account.id })
      .update({ expires_at: t.db.knex.raw("now() - interval '1 second'") });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/blocks", headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(401);

    const second = await signIn(user.login, user.password as string);
    const headers = { cookie: second.cookie, "x-csrf-token": second.csrfToken };
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers })).statusCode).toBe(200);
    const out = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((cookie) => cookie.name === "bjhtz_session")?.value).toBe("");
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers })).statusCode).toBe(401);
  });

  it("a password change needs the current password and ends the account's other sessions", async () => {
    const user = await t.clientFor({ roles: ["viewer"], password: true });
    const password = user.password as string;
    const elsewhere = await signIn(user.login, password);
    const here = await signIn(user.login, password);
    const headers = { cookie: here.cookie, "x-csrf-token": here.csrfToken };
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { currentPassword: "not-my-password", newPassword: "a-new-password-1" },
    });
    expect(wrong.statusCode).toBe(403);
    const changed = await t.app.inject({
      method: "POST",
      url: "/api/auth/password",
      headers,
      payload: { currentPassword: password, newPassword: "a-new-password-1" },
    });
    expect(changed.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: elsewhere.cookie } }))
        .statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers })).statusCode).toBe(200);
    const old = await t.anonymous({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: user.login, password },
    });
    expect(old.statusCode).toBe(401);
    await signIn(user.login, "a-new-password-1");
  });
});
