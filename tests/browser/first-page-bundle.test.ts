import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { measurePages } from "../../scripts/measure-page-js.js";
import { ROOT } from "../helpers/browser.js";
import { defaultBrowserLogin } from "../helpers/test-app.js";
import { drawTestSuite, SCREENSHOT_DIR } from "./draw-browser.js";

/**
 * Issue #18, "the first page loads only what it shows": the sign-in page's network log holds only the entry
 * chunks (no maplibre, no workspace view), the same files scripts/measure-page-js.ts counts; signing in through
 * the form then shows 正在载入工作台… (role=status) while the workspace chunk loads, then the workspace and the
 * map. The bytes are printed (raw and gzip) from the log.
 */
const context = drawTestSuite();

/** Every JavaScript file the page receives from our server, by name, with its body. */
function recordScripts(page: Page): Map<string, Buffer> {
  const scripts = new Map<string, Buffer>();
  page.on("response", async (response) => {
    const url = new URL(response.url());
    if (!/\.m?js$/.test(url.pathname)) return;
    scripts.set(path.basename(url.pathname), await response.body());
  });
  return scripts;
}

function bytesLine(scripts: Map<string, Buffer>): string {
  const bodies = [...scripts.values()];
  const raw = bodies.reduce((sum, body) => sum + body.length, 0);
  const gzip = bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
  return `${scripts.size} files, ${raw.toLocaleString("en-US")} B raw, ${gzip.toLocaleString("en-US")} B gzip`;
}

describe("the first page", { timeout: 150_000 }, () => {
  test("the sign-in page loads no maplibre and no workspace view; signing in loads the workspace", async () => {
    const expected = measurePages(path.join(ROOT, "dist/client"));
    const page = await context.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: "zh-CN" });
    const scripts = recordScripts(page);
    await page.goto(context.baseUrl);
    await page.getByTestId("login-page").waitFor();
    await page.waitForLoadState("networkidle");
    const signInScripts = new Map(scripts);
    expect([...signInScripts.keys()].sort()).toEqual(expected.signIn.files);
    for (const [name, body] of signInScripts) {
      expect(body.includes("maplibre"), `${name} holds maplibre`).toBe(false);
      expect(name.startsWith("app-"), name).toBe(false);
    }
    expect(await page.locator("canvas.maplibregl-canvas").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "first-page-sign-in.png") });
    console.log(`sign-in page JS: ${bytesLine(signInScripts)}`);

    // The workspace chunk held back until the loading state is seen: a visible status, not a blank page.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/app-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const login = defaultBrowserLogin();
    await page.getByTestId("login-name").fill(login.login);
    await page.getByTestId("login-password").fill(login.password);
    await page.getByTestId("login-submit").click();
    const loading = page.getByRole("status").filter({ hasText: "正在载入工作台…" });
    await loading.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "first-page-workspace-loading.png") });
    release();
    await loading.waitFor({ state: "detached" });
    await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
    const names = [...scripts.keys()];
    expect(names.some((name) => name.startsWith("app-"))).toBe(true);
    for (const file of expected.workspace.files) expect(names).toContain(file);
    expect([...scripts.values()].some((body) => body.includes("maplibre"))).toBe(true);
    console.log(`signed in, workspace JS so far: ${bytesLine(scripts)}`);
    await page.close();
  });

  test("with English remembered, the sign-in page loads the English strings (a chunk of their own) first", async () => {
    const page = await context.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: "zh-CN" });
    await page.addInitScript(() => window.localStorage.setItem("bjhtz.locale", "en"));
    const scripts = recordScripts(page);
    await page.goto(context.baseUrl);
    await page.getByTestId("login-page").waitFor();
    expect(await page.getByTestId("login-submit").textContent()).toBe("Sign in");
    await page.waitForLoadState("networkidle");
    expect([...scripts.keys()].filter((name) => name.startsWith("en-"))).toHaveLength(1);
    console.log(`sign-in page JS in English: ${bytesLine(scripts)}`);
    await page.close();
  });
});
