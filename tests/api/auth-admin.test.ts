import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #11: users, the role matrix as data, API tokens. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/**
 * The "Who does what" table as permissions, typed here, not read from the code; issue #13 added the
 * round's: a district edits and submits its applications, the lead manages the round.
 */
const DEFAULT_MATRIX = {
  admin: ["audit.read", "roles.admin", "users.admin"],
  approver: ["approvals.record", "evaluations.approve"],
  district: [
    "analysis.run",
    "applications.edit",
    "applications.submit",
    "blocks.edit",
    "blocks.submit",
    "imports.create",
    "indicators.edit",
  ],
  lead: [
    "analysis.run",
    "audit.read",
    "evaluations.run",
    "proposals.apply",
    "proposals.edit",
    "reviews.record",
    "rounds.manage",
    "settings.edit",
    "weights.edit",
  ],
  reviewer: ["analysis.run", "audit.read", "reviews.record"],
  viewer: [],
};

const signIn = (login: string, password: string) =>
  t.anonymous({ method: "POST", url: "/api/auth/login", payload: { login, password } });

describe("roles", () => {
  it("are the issue's table, as data; a change takes effect on the next request", async () => {
    const roles = (await t.app.inject({ method: "GET", url: "/api/roles" })).json().roles;
    const matrix = Object.fromEntries(
      roles.map((role: { role: string; permissions: string[] }) => [role.role, [...role.permissions].sort()]),
    );
    expect(matrix).toEqual(DEFAULT_MATRIX);
    const viewer = await t.clientFor({ roles: ["viewer"] });
    const analysis = { method: "POST" as const, url: "/api/analysis", payload: { geometry: null } };
    expect((await viewer.inject(analysis)).statusCode).toBe(403);
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/roles/viewer",
      payload: { permissions: ["analysis.run"] },
    });
    expect(put.statusCode).toBe(200);
    expect((await viewer.inject(analysis)).statusCode).toBe(400); // past the guard: the geometry is refused
    await t.app.inject({ method: "PUT", url: "/api/roles/viewer", payload: { permissions: [] } });
    const unknown = await t.app.inject({
      method: "PUT",
      url: "/api/roles/viewer",
      payload: { permissions: ["x.y"] },
    });
    expect(unknown.statusCode).toBe(400);
  });
});

describe("users", () => {
  it("an admin creates an account with a generated password, resets it and deactivates the account", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { login: "zhang.san", name: "张三", roles: ["district"], parkIds: [t.parkIds[0]] },
    });
    expect(created.statusCode).toBe(201);
    const { user, password } = created.json();
    expect(user).toMatchObject({
      login: "zhang.san",
      roles: ["district"],
      parkIds: [t.parkIds[0]],
      active: true,
    });
    expect((await signIn("zhang.san", password)).statusCode).toBe(200);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { login: "zhang.san", name: "x", roles: [] },
    });
    expect(again.statusCode).toBe(409);

    const reset = await t.app.inject({ method: "POST", url: `/api/users/${user.id}/password` });
    const fresh = reset.json().password;
    expect((await signIn("zhang.san", password)).statusCode).toBe(401);
    const session = await signIn("zhang.san", fresh);
    expect(session.statusCode).toBe(200);
    const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join("; ");

    const off = await t.app.inject({
      method: "PATCH",
      url: `/api/users/${user.id}`,
      payload: { active: false },
    });
    expect(off.json()).toMatchObject({ active: false });
    expect((await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie } })).statusCode).toBe(
      401,
    );
    expect((await signIn("zhang.san", fresh)).statusCode).toBe(401);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, act as their account, and stop working when revoked", async () => {
    const reviewer = await t.clientFor({ roles: ["reviewer"], name: "王 审查" });
    const made = await reviewer.inject({ method: "POST", url: "/api/tokens", payload: { label: "CI" } });
    expect(made.statusCode).toBe(201);
    const { id, token } = made.json();
    const stored = await t.db.knex("api_tokens").where({ id }).first("token_hash");
    expect(stored.token_hash).not.toContain(token);
    const headers = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers });
    expect(me.json().account.name).toBe("王 审查");
    const listed = (await reviewer.inject({ method: "GET", url: "/api/tokens" })).json();
    expect(listed.map((entry: { label: string }) => entry.label)).toContain("CI");
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await reviewer.inject({ method: "DELETE", url: `/api/tokens/${id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: "GET", url: "/api/parks", headers })).statusCode).toBe(401);
  });
});
