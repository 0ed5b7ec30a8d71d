import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { dxfHugeVertexCount } from "./hostile-files.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** The upload's answer and how long it took, while /api/health is asked every 200 ms meanwhile. */
async function uploadWhileHealthAnswers(fileName: string, data: string | Uint8Array) {
  const started = Date.now();
  const healthMs: number[] = [];
  let done = false;
  const pending = upload(t.app, fileName, data).finally(() => {
    done = true;
  });
  while (!done) {
    const asked = Date.now();
    const health = await t.anonymous({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
    healthMs.push(Date.now() - asked);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const response = await pending;
  return { response, ms: Date.now() - started, worstHealthMs: Math.max(...healthMs) };
}

describe("hostile uploads are refused with 4xx while the server keeps answering", () => {
  it("a 140-byte DXF declaring 2^31-1 vertices", async () => {
    const file = dxfHugeVertexCount();
    expect(file.length).toBeLessThan(160);
    const { response, ms, worstHealthMs } = await uploadWhileHealthAnswers("bomb.dxf", file);
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(ms).toBeLessThan(25_000);
    expect(worstHealthMs).toBeLessThan(2_000);
    console.log(
      `dxf bomb: ${response.statusCode} ${response.json().error.code} in ${ms} ms, health worst ${worstHealthMs} ms`,
    );
  });
});
