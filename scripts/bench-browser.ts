/**
 * First map idle in headless Chromium (Debian's, SwiftShader WebGL, as the browser tests run it) against an app
 * listening on `baseUrl`: from navigation to the map's first idle (window.__mapIdle), with the bytes the page
 * transferred, each request (path, bytes, start and end from navigation) and the page's main-thread task time;
 * its peer in the same run is what the map fetched before issue #16 — every block as GeoJSON (GET /api/blocks)
 * — timed from the same page.
 */
import { chromium } from "playwright-core";

export interface RequestSpan {
  path: string;
  bytes: number;
  startMs: number;
  endMs: number;
}

export interface MapIdle {
  idleMs: number;
  transferredBytes: number;
  requests: number;
  /** Every request finished before idle, in the order they finished. */
  log: RequestSpan[];
  /** The page's main-thread task time until idle (CDP Performance TaskDuration / ScriptDuration). */
  mainThreadMs: number;
  scriptMs: number;
  allBlocksMs: number;
  allBlocksBytes: number;
}

/** With `screenshotPath`, the page at its first idle is saved there (to look at, e.g. the overview tiles). */
export async function firstMapIdle(
  baseUrl: string,
  token: string,
  screenshotPath?: string,
): Promise<MapIdle> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 900 },
      locale: "zh-CN",
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const log: RequestSpan[] = [];
    const sizes: Promise<void>[] = [];
    let started = 0;
    let idle = false;
    page.on("requestfinished", (request) => {
      if (idle) return;
      sizes.push(
        request.sizes().then((size) => {
          const timing = request.timing();
          const url = new URL(request.url());
          log.push({
            path: url.pathname + url.search,
            bytes: size.responseBodySize + size.responseHeadersSize,
            startMs: timing.startTime - started,
            endMs: timing.startTime + timing.responseEnd - started,
          });
        }),
      );
    });
    const startedAt = performance.now();
    started = Date.now();
    await page.goto(baseUrl);
    await page.waitForFunction(() => (window as { __mapIdle?: boolean }).__mapIdle === true, undefined, {
      timeout: 600_000, // 200,000 blocks on a loaded 2-core machine took over 2 min
      polling: 50,
    });
    const idleMs = performance.now() - startedAt;
    idle = true;
    if (screenshotPath) await page.screenshot({ path: screenshotPath });
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    await Promise.all(sizes);
    const all = await page.evaluate(async () => {
      const t0 = performance.now();
      const response = await fetch("/api/blocks");
      const body = await response.arrayBuffer();
      return { ms: performance.now() - t0, bytes: body.byteLength, status: response.status };
    });
    // At 200,000 blocks the whole list can pass the statement timeout (503): its figure is then NaN.
    if (all.status !== 200) console.warn(`GET /api/blocks from the page: ${all.status}`);
    return {
      idleMs,
      transferredBytes: log.reduce((sum, span) => sum + span.bytes, 0),
      requests: log.length,
      log,
      mainThreadMs: metric("TaskDuration"),
      scriptMs: metric("ScriptDuration"),
      allBlocksMs: all.status === 200 ? all.ms : Number.NaN,
      allBlocksBytes: all.status === 200 ? all.bytes : Number.NaN,
    };
  } finally {
    await browser.close();
  }
}
