import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import { rectangle } from "../helpers/geodesic.js";
import { jobInState } from "../helpers/job-wait.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

/**
 * Issue #14 items 1–2: an import above the inline threshold is previewed and committed by jobs — 202 with the
 * job, the upload's bytes kept in the database until the job has stored the preview, progress by feature, the
 * preview and the blocks written with their audit rows in the job's one transaction. The threshold is lowered
 * to 5 features here so small files take the job path; up to it the request answers 201 as before.
 */
let t: TestApp;
let parkId: number;
const INLINE = 5;

beforeAll(async () => {
  t = await startTestApp({
    config: { jobs: { concurrency: 1, resultHours: 24, perAccount: 3, importInlineFeatures: INLINE } },
  });
  parkId = (await t.app.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
});
afterAll(async () => t?.close());

/** n separate 100 m × 100 m squares in a row in Yanqing (away from the demo blocks), named and coded. */
function squares(n: number, tag: string, south = 40.55): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: "Feature",
    properties: { name: `${tag} ${i + 1}`, code: `${tag}-${i + 1}` },
    geometry: rectangle(116.0 + i * 0.002, south, 116.0012 + i * 0.002, south + 0.0009),
  }));
  return JSON.stringify({ type: "FeatureCollection", features });
}

function waitFor(id: number, states: string[]): Promise<Record<string, unknown>> {
  return jobInState((options) => t.app.inject(options), id, states);
}

/** The job's progress as polled every 20 ms until it ends: each distinct stage with its counts. */
async function sampleProgress(id: number): Promise<{ stage: string; done: number; total: number }[]> {
  const seen: { stage: string; done: number; total: number }[] = [];
  for (let i = 0; i < 6000; i++) {
    const job = (await t.app.inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    if (seen.at(-1)?.stage !== job.progress.stage) seen.push(job.progress);
    if (!["queued", "running"].includes(job.state)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${id} did not end`);
}

async function count(table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [{ n }] = await t.db.knex(table).where(where).count({ n: "*" });
  return Number(n);
}

describe("import preview and commit as jobs", () => {
  it("keeps a small file inline: 201 with the preview, no job", async () => {
    const jobsBefore = await count("jobs");
    const response = await upload(t.app, "small.geojson", squares(INLINE, "小文件", 40.6));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().summary.accepted).toBe(INLINE);
    expect(await count("jobs")).toBe(jobsBefore);
  });

  it("previews a larger file in a job (202), then commits it in a job in one transaction", async () => {
    const n = 120;
    const started = await upload(t.app, "large.geojson", squares(n, "导入任务"));
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ kind: "import-preview", state: expect.stringMatching(/queued|running/) });
    expect(started.headers.location).toBe(`/api/jobs/${job.id}`);
    // The upload waits in the database (any server's job reads it), not in a temp file.
    const kept = await t.db.knex("import_uploads").where({ id: job.params.uploadId }).first();
    expect(kept?.file_name ?? "(already taken)").toMatch(/large\.geojson|already taken/);

    const seen = await sampleProgress(job.id);
    const done = await waitFor(job.id, ["succeeded", "failed"]);
    expect(done.state, String(done.error)).toBe("succeeded");
    // Whatever the polling caught comes in the job's order, and "checking" counts the file's features.
    const order = ["queued", "reading-file", "checking", "overlaps", "storing", "done"];
    const stages = seen.map((step) => step.stage);
    expect(stages.at(-1)).toBe("done");
    expect(stages.map((stage) => order.indexOf(stage))).toEqual(
      [...stages.map((stage) => order.indexOf(stage))].sort((a, b) => a - b),
    );
    for (const step of seen.filter((s) => s.stage === "checking" || s.stage === "overlaps")) {
      expect(step.total).toBe(n);
      expect(step.done).toBeLessThanOrEqual(n);
    }
    const summary = (await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result` })).json();
    expect(summary).toMatchObject({ fileName: "large.geojson", summary: { accepted: n, rejected: 0 } });
    expect(await t.db.knex("import_uploads").where({ id: job.params.uploadId }).first()).toBeUndefined();

    const preview = await t.app.inject({ method: "GET", url: `/api/imports/${summary.importId}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ status: "pending", summary: { accepted: n } });
    expect(preview.json().features).toHaveLength(n);
    expect(await count("audit_events", { action: "import.upload", entity_id: summary.importId })).toBe(1);

    const blocksBefore = await count("blocks");
    const commit = await t.app.inject({
      method: "POST",
      url: `/api/imports/${summary.importId}/commit`,
      payload: { parkId, level: "municipal" },
    });
    expect(commit.statusCode, commit.body).toBe(202);
    expect(commit.json().kind).toBe("import-commit");
    const committed = await waitFor(commit.json().id, ["succeeded", "failed"]);
    expect(committed.state, String(committed.error)).toBe("succeeded");
    expect(committed.progress).toMatchObject({ done: n, total: n });
    const result = (
      await t.app.inject({ method: "GET", url: `/api/jobs/${commit.json().id}/result` })
    ).json();
    expect(result).toMatchObject({ id: summary.importId, status: "committed", committed: n });
    expect(await count("blocks")).toBe(blocksBefore + n);
    const names = await t.db
      .knex("blocks")
      .whereIn(
        "id",
        result.blocks.map((b: { id: number }) => b.id),
      )
      .pluck("name");
    expect(names.sort()).toEqual(Array.from({ length: n }, (_, i) => `导入任务 ${i + 1}`).sort());
    expect(await count("audit_events", { action: "import.commit", entity_id: summary.importId })).toBe(1);
    const status = (await t.app.inject({ method: "GET", url: `/api/imports/${summary.importId}` })).json();
    expect(status.status).toBe("committed");
    expect(status.blockIds).toEqual(result.blocks.map((b: { id: number }) => b.id));

    // Committing again is refused in the request: nothing is queued.
    const jobsBefore = await count("jobs");
    const again = await t.app.inject({
      method: "POST",
      url: `/api/imports/${summary.importId}/commit`,
      payload: { parkId, level: "municipal" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("import-committed");
    expect(await count("jobs")).toBe(jobsBefore);
  });

  it("fails a preview job whose file has no importable feature with the reason, storing no preview", async () => {
    const previewsBefore = await count("import_previews");
    const lines = Array.from({ length: 8 }, (_, i) => ({
      type: "Feature",
      properties: { name: `线 ${i}` },
      geometry: {
        type: "LineString",
        coordinates: [
          [116 + i * 0.01, 40.5],
          [116.001 + i * 0.01, 40.501],
        ],
      },
    }));
    const started = await upload(
      t.app,
      "lines.geojson",
      JSON.stringify({ type: "FeatureCollection", features: lines }),
    );
    expect(started.statusCode, started.body).toBe(202);
    const done = await waitFor(started.json().id, ["succeeded", "failed"]);
    expect(done.state).toBe("failed");
    expect(done.error).toContain("No feature of the file can become a block");
    expect(await count("import_previews")).toBe(previewsBefore);
    expect(
      await t.db.knex("import_uploads").where({ id: started.json().params.uploadId }).first(),
    ).toBeUndefined();
  });

  it("a commit job that finds a code taken since its preview fails with the codes and creates no block", async () => {
    const importIdOf = async (file: string, south: number) => {
      const started = await upload(t.app, file, squares(8, "重码", south));
      expect(started.statusCode, started.body).toBe(202);
      const job = await waitFor(started.json().id, ["succeeded", "failed"]);
      expect(job.state, String(job.error)).toBe("succeeded");
      return (await t.app.inject({ method: "GET", url: `/api/jobs/${job.id}/result` })).json().importId;
    };
    // Two previews with the same eight codes: each is fine alone; the second commit finds them taken.
    const first = await importIdOf("taken.geojson", 40.62);
    const second = await importIdOf("taken-again.geojson", 40.64);
    const blocksBefore = await count("blocks");
    const commit = (id: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/imports/${id}/commit`,
        payload: { parkId, level: "municipal" },
      });
    const ok = await commit(first);
    expect(ok.statusCode).toBe(202);
    expect((await waitFor(ok.json().id, ["succeeded", "failed"])).state).toBe("succeeded");
    const refused = await commit(second);
    expect(refused.statusCode).toBe(202);
    const failed = await waitFor(refused.json().id, ["succeeded", "failed"]);
    expect(failed.state).toBe("failed");
    expect(failed.error).toContain("Blocks with these codes exist already: 重码-1");
    expect(await count("blocks")).toBe(blocksBefore + 8);
    expect((await t.app.inject({ method: "GET", url: `/api/imports/${second}` })).json().status).toBe(
      "pending",
    );
    expect(await count("audit_events", { action: "import.commit", entity_id: second })).toBe(0);
  });

  it("cancelling a preview job right after it starts stores no preview", async () => {
    const previewsBefore = await count("import_previews");
    const started = await upload(t.app, "cancel.geojson", squares(300, "取消", 40.66));
    expect(started.statusCode).toBe(202);
    const cancelled = await t.app.inject({ method: "DELETE", url: `/api/jobs/${started.json().id}` });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().state).toBe("cancelled");
    // Give a running job time to reach its next step (it stops there) — then nothing was stored.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await t.app.inject({ method: "GET", url: `/api/jobs/${started.json().id}` })).json().state).toBe(
      "cancelled",
    );
    expect(await count("import_previews")).toBe(previewsBefore);
  });
});
