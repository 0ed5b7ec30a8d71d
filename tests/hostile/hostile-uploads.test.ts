import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import type { TestApp } from "../helpers/test-app.js";
import {
  dxfHatchEndlessArc,
  dxfHatchHugeCounts,
  dxfHugeVertexCount,
  dxfManyRings,
  dxfNotFinite,
} from "./hostile-files.js";
import { startHostileApp } from "./suite-meter.js";

let t: TestApp;
beforeAll(async () => {
  t = await startHostileApp(import.meta.url);
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
  // A big file is read by an import-preview job (202, issue #14): follow it to its end, health still asked.
  let outcome = { status: response.statusCode, code: response.json().error?.code as string | undefined };
  if (response.statusCode === 202) {
    let job = response.json();
    while (["queued", "running"].includes(job.state) && Date.now() - started < 45_000) {
      const asked = Date.now();
      const health = await t.anonymous({ method: "GET", url: "/api/health" });
      expect(health.statusCode).toBe(200);
      healthMs.push(Date.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}` })).json();
    }
    // A refusal keeps its code as the job's error, `code: message`.
    const code = job.state === "failed" ? String(job.error).split(":")[0] : undefined;
    outcome = { status: code ? (TOO_LARGE.includes(code) ? 413 : 400) : 202, code: code ?? job.state };
  }
  return { response, outcome, ms: Date.now() - started, worstHealthMs: Math.max(...healthMs) };
}

/** The readers' reasons that mean "too large" (413 when answered in the request). */
const TOO_LARGE = ["zip-too-large", "file-too-complex", "too-many-rings"];

const CORPUS: [string, () => string | Uint8Array, number[]][] = [
  // The declared count is replaced by the real one: the three vertices it has are read (a preview, 201).
  ["bomb.dxf", dxfHugeVertexCount, [201]],
  ["nan.dxf", dxfNotFinite, [400]],
  ["rings.dxf", dxfManyRings, [413]],
  ["hatch-counts.dxf", dxfHatchHugeCounts, [400, 413, 422]],
  ["hatch-arc.dxf", dxfHatchEndlessArc, [400, 413, 422]],
];

describe("hostile uploads are refused with 4xx (or read for what they really hold) within 45 s while /api/health keeps answering", () => {
  it.each(CORPUS)("%s", async (fileName, make, statuses) => {
    const { response, outcome, ms, worstHealthMs } = await uploadWhileHealthAnswers(fileName, make());
    expect(statuses, `${response.body} → ${outcome.code}`).toContain(outcome.status);
    expect(ms).toBeLessThan(45_000);
    // On 2 shared cores with PGlite's one connection, 5 s; a stalled event loop would be the whole upload.
    expect(worstHealthMs).toBeLessThan(5_000);
    console.log(
      `${fileName}: ${response.statusCode} → ${outcome.status} ${outcome.code ?? response.json().summary?.accepted} in ${ms} ms, health worst ${worstHealthMs} ms`,
    );
  });
});
