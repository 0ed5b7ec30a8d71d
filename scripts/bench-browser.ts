/**
 * First map idle in headless Chromium (Debian's, SwiftShader WebGL, as the browser tests run it) against an app
 * listening on `baseUrl`: from navigation to the map's first idle (window.__mapIdle), with the bytes the page
 * transferred; its peer in the same run is what the map fetched before issue #16 — every block as GeoJSON
 * (GET /api/blocks) — timed from the same page.
 */
import { chromium } from "playwright-core";

export interface MapIdle {
  idleMs: number;
  transferredBytes: number;
  requests: number;
  allBlocksMs: number;
  allBlocksBytes: number;
}

export async function firstMapIdle(baseUrl: string, token: string): Promise<MapIdle> {
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
    let transferredBytes = 0;
    let requests = 0;
    const sizes: Promise<void>[] = [];
    page.on("requestfinished", (request) => {
      requests++;
      sizes.push(
        request.sizes().then((size) => {
          transferredBytes += size.responseBodySize + size.responseHeadersSize;
        }),
      );
    });
    const started = performance.now();
    await page.goto(baseUrl);
    await page.waitForFunction(() => (window as { __mapIdle?: boolean }).__mapIdle === true, undefined, {
      timeout: 120_000,
      polling: 50,
    });
    const idleMs = performance.now() - started;
    await Promise.all(sizes);
    const all = await page.evaluate(async () => {
      const t0 = performance.now();
      const response = await fetch("/api/blocks");
      const body = await response.arrayBuffer();
      return { ms: performance.now() - t0, bytes: body.byteLength, status: response.status };
    });
    if (all.status !== 200) throw new Error(`GET /api/blocks from the page: ${all.status}`);
    return { idleMs, transferredBytes, requests, allBlocksMs: all.ms, allBlocksBytes: all.bytes };
  } finally {
    await browser.close();
  }
}
