import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #11's perimeter: security headers, CORS closed, allowed Host names only, sign-in rate limit. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { loginAttemptsPerMinute: 3 } });
});
afterAll(async () => t?.close());

describe("security headers", () => {
  it("sends a CSP for own assets and blob: workers, nosniff and no framing", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/health" });
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("answers another origin with no CORS header, on a preflight or a request", async () => {
    const origin = "http://127.0.0.1:9999";
    const preflight = await t.app.inject({
      method: "OPTIONS",
      url: "/api/settings",
      headers: { origin, "access-control-request-method": "PUT" },
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const read = await t.app.inject({ method: "GET", url: "/api/parks", headers: { origin } });
    expect(read.headers["access-control-allow-origin"]).toBeUndefined();
    expect(read.headers["access-control-allow-credentials"]).toBeUndefined();
  });
});

describe("allowed hosts", () => {
  it("refuses a Host that is not allowed (421), even with valid credentials, and writes nothing", async () => {
    const before = await t.db.knex("settings_versions").count({ n: "*" });
    for (const host of ["evil.example", "evil.example:8080", "127.0.0.2"]) {
      const response = await t.app.inject({
        method: "PUT",
        url: "/api/settings",
        headers: { host },
        payload: { bottomShareRounding: "ceil" },
      });
      expect(response.statusCode, host).toBe(421);
      expect(response.json().error.code).toBe("host-not-allowed");
    }
    expect(await t.db.knex("settings_versions").count({ n: "*" })).toEqual(before);
    for (const host of ["127.0.0.1:8080", "localhost", "[::1]:8080"]) {
      const response = await t.app.inject({ method: "GET", url: "/api/health", headers: { host } });
      expect(response.statusCode, host).toBe(200);
    }
  });
});

describe("sign-in rate limit", () => {
  it("answers 429 after the allowed attempts a minute, even for the right password", async () => {
    const user = await t.clientFor({ roles: ["viewer"], password: true });
    const attempt = (password: string) =>
      t.anonymous({ method: "POST", url: "/api/auth/login", payload: { login: user.login, password } });
    for (let i = 0; i < 3; i++) expect((await attempt(`wrong-${i}-password`)).statusCode).toBe(401);
    const limited = await attempt(user.password as string);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("too-many-attempts");
    expect(limited.cookies).toEqual([]);
  });
});
