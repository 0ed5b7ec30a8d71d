import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileUpload, XLSX_TYPE } from "../evaluation/upload.js";
import { upload } from "../formats/helpers.js";
import type { TestApp } from "../helpers/test-app.js";
import { lyingZip } from "./lying-zip.js";
import { startHostileApp } from "./suite-meter.js";

/**
 * Issue #15 item 1/4: a zip entry that declares 1 KB and inflates to 300 MB is refused before it is
 * inflated — the XLSX of an indicator import and a KMZ upload — and the process's RSS barely moves.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
});
afterAll(async () => t?.close());

const MB = 1024 * 1024;

/** The response and the RSS peak above the start, sampled every 10 ms while the request runs. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<{ value: T; growthMb: number; ms: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = Date.now();
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, growthMb: (peak - start) / MB, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe("zip entries that lie about their size are refused unread", () => {
  it("an indicator .xlsx whose sheet declares 1 KB and inflates to 300 MB: 413, RSS +< 100 MB", async () => {
    const bomb = await lyingZip([
      { name: "[Content_Types].xml", realBytes: 200, declaredBytes: 200 },
      { name: "xl/worksheets/sheet1.xml", realBytes: 300 * MB, declaredBytes: 1024 },
    ]);
    expect(bomb.length).toBeLessThan(2 * MB);
    const {
      value: response,
      growthMb,
      ms,
    } = await withPeakRss(() =>
      t.app.inject({
        method: "PUT",
        url: "/api/evaluations/2025/indicators",
        ...fileUpload("指标.xlsx", bomb, XLSX_TYPE),
      }),
    );
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error.code).toBe("file-too-large");
    expect(response.json().error.message).toContain("xl/worksheets/sheet1.xml");
    expect(growthMb).toBeLessThan(100);
    console.log(`xlsx 300 MB behind 1 KB: 413 in ${ms} ms, RSS +${Math.round(growthMb)} MB`);
  });

  it("an .xlsx that declares more than 64 MB is refused before anything is inflated", async () => {
    const bomb = await lyingZip([
      { name: "xl/worksheets/sheet1.xml", realBytes: 1024, declaredBytes: 200 * MB },
    ]);
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2025/indicators",
      ...fileUpload("指标.xlsx", bomb, XLSX_TYPE),
    });
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().error.details).toMatchObject({ limitBytes: 64 * MB });
  });

  it("a KMZ whose doc.kml declares 1 KB and inflates to 300 MB: 4xx, RSS +< 100 MB", async () => {
    const bomb = await lyingZip([{ name: "doc.kml", realBytes: 300 * MB, declaredBytes: 1024 }]);
    const { value: response, growthMb, ms } = await withPeakRss(() => upload(t.app, "炸弹.kmz", bomb));
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(growthMb).toBeLessThan(100);
    console.log(
      `kmz 300 MB behind 1 KB: ${response.statusCode} in ${ms} ms, RSS +${Math.round(growthMb)} MB`,
    );
  });
});
