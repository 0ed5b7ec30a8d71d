import { createServer } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium } from "../helpers/browser.js";
import { startOidcProviderStub } from "../helpers/oidc-provider-stub.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/** Issue #11 in the browser: 政务统一身份认证 — the sign-in page's SSO button, the provider, back on the map. */
let browser: Browser;
let testApp: TestApp;
let provider: Awaited<ReturnType<typeof startOidcProviderStub>>;
let baseUrl: string;

/** A free loopback port: the callback URL is configuration, so it must be known before the app starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  provider = await startOidcProviderStub("bjhtz-browser");
  const port = await freePort();
  testApp = await startTestApp({
    config: {
      oidc: {
        issuer: provider.issuer,
        clientId: "bjhtz-browser",
        clientSecret: "stub-secret",
        redirectUrl: `http://127.0.0.1:${port}/api/auth/oidc/callback`,
        roleClaim: "groups",
        roleMap: { "kjw-staff": "reviewer" },
        parkClaim: undefined,
      },
    },
  });
  baseUrl = await testApp.app.listen({ port, host: "127.0.0.1" });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
  await provider?.close();
});

describe("government single sign-on", { timeout: 120_000 }, () => {
  test("the sign-in page offers 政务统一身份认证登录; the provider signs in; the map names the account", async () => {
    provider.approve({ sub: "gov-browser-1", name: "赵 审查员", groups: ["kjw-staff"] });
    const page = await browser.newPage({ locale: "zh-CN" });
    await page.goto(baseUrl);
    await page.getByTestId("login-page").waitFor();
    const sso = page.getByTestId("login-sso");
    await sso.waitFor();
    expect(await sso.textContent()).toBe("政务统一身份认证登录");
    await sso.click();
    await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.getByTestId("account-name").textContent()).toContain("赵 审查员（审查）");
    await page.close();
  });
});
