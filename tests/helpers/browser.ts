import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { defaultBrowserLogin } from "./test-app.js";

/**
 * What every browser test shares: Debian's headless Chromium (SwiftShader WebGL; never a downloaded browser),
 * the built client, pages that collect their errors and every request leaving our server (the app must work
 * on an intranet with no internet), and the screenshot folder.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");
/** Tests write here (git-ignored); `node scripts/refresh-screenshots.mjs` copies chosen ones into docs/screenshots. */
export const SCREENSHOT_DIR = path.join(ROOT, "test-results/screenshots");
const CLIENT_INDEX = path.join(ROOT, "dist/client/index.html");
const VIEWPORT = { width: 1400, height: 900 };
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error(`${path.relative(ROOT, CLIENT_INDEX)} is missing: run npm run build first`);
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

export interface OpenedPage {
  page: Page;
  errors: string[];
  externalRequests: string[];
}

/** Who a browser test signs in as; default: the lead + district test account of startTestApp (every park). */
export interface BrowserLogin {
  login: string;
  password: string;
}

/**
 * A fresh page (its own localStorage and cookies) signed in (`login`; default the lead + district test
 * account), with the map loaded and idle.
 */
export async function openMapPage(
  browser: Browser,
  baseUrl: string,
  locale = "zh-CN",
  login: BrowserLogin = defaultBrowserLogin(),
): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: VIEWPORT, locale, acceptDownloads: true });
  await signIn(page, baseUrl, login);
  const errors: string[] = [];
  const externalRequests: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      externalRequests.push(url);
    }
  });
  await page.goto(baseUrl);
  await page.waitForFunction(() => window.__mapIdle === true, undefined, { timeout: 60_000 });
  return { page, errors, externalRequests };
}

/** Resolves when the map has finished loading and moving. */
export async function waitForMapIdle(page: Page): Promise<void> {
  const waited = await page.evaluate(
    (timeoutMs) =>
      new Promise<string>((resolve) => {
        const map = window.__map;
        if (!map) throw new Error("window.__map is not set");
        if (map.loaded() && !map.isMoving()) return resolve("idle");
        // `idle` fires after a frame that needed nothing more; a map that went idle before we listened (with
        // `loaded()` still false, e.g. after an aborted tile) renders no further frame by itself: ask for one,
        // so the wait ends as soon as the map has nothing left to load (it hung the page.evaluate before).
        const settled = () => map.loaded() && !map.isMoving() && map.areTilesLoaded();
        // …and a map that keeps repainting (a transition) may never emit `idle`: settled is enough.
        const check = setInterval(() => {
          if (!settled()) return;
          clearInterval(check);
          clearTimeout(timer);
          resolve("idle");
        }, 100);
        const timer = setTimeout(() => {
          clearInterval(check);
          resolve(
            `map not idle after ${timeoutMs} ms: loaded ${map.loaded()}, moving ${map.isMoving()}, ` +
              `tiles loaded ${map.areTilesLoaded()}`,
          );
        }, timeoutMs);
        map.once("idle", () => {
          clearInterval(check);
          clearTimeout(timer);
          resolve("idle");
        });
        map.triggerRepaint();
      }),
    MAP_IDLE_TIMEOUT_MS,
  );
  if (waited !== "idle") throw new Error(waited);
}

/** How long a test waits for the map to settle before it fails saying why (never an endless wait). */
const MAP_IDLE_TIMEOUT_MS = 45_000;

/** Signs the page's browser context in through the API (the session cookie lands in the context). */
export async function signIn(page: Page, baseUrl: string, login: BrowserLogin): Promise<void> {
  const response = await page.request.post(`${baseUrl}/api/auth/login`, { data: login });
  if (!response.ok())
    throw new Error(`sign-in as ${login.login}: ${response.status()} ${await response.text()}`);
}
